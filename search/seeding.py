"""Seeds the synonym groups residents' words need, from search/data/synonyms.txt."""

from pathlib import Path

from search.models import SynonymGroup

SYNONYMS = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def seed_synonyms(log):
    """Add the shipped groups that are missing; groups editors changed or added stay as they are."""
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            _group, created = SynonymGroup.objects.get_or_create(terms=line)
            if created:
                log(f"添加同义词组：{line}")

"""Seeds what search knows of residents' words: synonym groups (search/data/synonyms.txt) and
everyday phrasings with the pages that answer them (search/data/intents.json); and fills the
search documents of a database from before they existed."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from wagtail.models import Page, Site
from wagtail.search.models import IndexEntry

from search import documents
from search.models import SEPARATOR, IntentAnswer, SearchIntent, ShippedDataVersion, SynonymGroup

DATA = Path(__file__).resolve().parent / "data"
SYNONYMS = DATA / "synonyms.txt"
INTENTS = DATA / "intents.json"


def seed_synonyms(log):
    """Everything search ships: synonyms, phrasings, and the documents if they are missing.

    (seed_site calls this one function; the name is kept from when synonyms were all there was.)
    """
    seed_synonym_groups(log)
    seed_intents(log)
    # A database indexed before the search documents existed: fill them once. (On a new site the
    # pages are being indexed by seed_site itself, after this, and Wagtail's index is empty.)
    if IndexEntry.objects.exists():
        written = documents.ensure()
        if written:
            log(f"写入搜索文档：{written} 个页面")


def seed_synonym_groups(log):
    """Add the shipped groups that are missing; groups editors changed or added stay as they are."""
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            _group, created = SynonymGroup.objects.get_or_create(terms=line)
            if created:
                log(f"添加同义词组：{line}")


class IntentDataError(Exception):
    pass


def read_intents(path=INTENTS):
    """The data file: {"version": N, "intents": [{"key", "since", "phrases", "pages",
    "search_words", "note"}]}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data.get("version"), int) or not isinstance(data.get("intents"), list):
        raise IntentDataError(f"{path}：需要 version（整数）和 intents（列表）")
    return data


def resolve_page(site_path, root):
    """The page at a site-relative path such as /services/frozen-pipe-thawing/, or None."""
    url_path = root.url_path + site_path.strip("/") + "/" if site_path.strip("/") else root.url_path
    return Page.objects.filter(url_path=url_path).first()


def seed_intents(log, path=INTENTS):
    """Load the shipped phrasings, idempotently and without undoing editors' work.

    An intent new in the file (its `since` later than the version last loaded, or the first load)
    is added; one seeding wrote and nobody edited since is updated when the file changed; one an
    editor changed or deleted is left as it is. Each is validated as an editor's would be
    (full_clean), and every page must exist: any problem stops the whole load with its key.
    """
    data = read_intents(path)
    loaded, _ = ShippedDataVersion.objects.get_or_create(name="intents")
    root = Site.objects.get(is_default_site=True).root_page
    with transaction.atomic():
        for entry in data["intents"]:
            key = entry.get("key", "")
            pages = [resolve_page(site_path, root) for site_path in entry.get("pages", [])]
            if missing := [p for p, page in zip(entry["pages"], pages, strict=True) if not page]:
                raise IntentDataError(f"常见说法 {key}：找不到页面 {'、'.join(missing)}")
            intent = SearchIntent.objects.filter(key=key).first()
            shipped = SearchIntent(
                key=key,
                phrases=SEPARATOR.join(entry.get("phrases", [])),
                search_words=SEPARATOR.join(entry.get("search_words", [])),
                note=entry.get("note", ""),
            )
            fingerprint = shipped.fingerprint(entry["pages"])
            if intent is None:
                if loaded.version and entry.get("since", 1) <= loaded.version:
                    continue  # loaded before and deleted by an editor since
                intent = shipped
            else:
                current = intent.fingerprint(_site_paths(intent, root))
                if current != intent.shipped_fingerprint or fingerprint == current:
                    continue  # edited by an editor, or already as shipped
                intent.phrases, intent.search_words = shipped.phrases, shipped.search_words
                intent.note = shipped.note
            intent.shipped_fingerprint = fingerprint
            try:
                intent.full_clean()
            except ValidationError as error:
                raise IntentDataError(f"常见说法 {key}：{error.messages}") from error
            created = intent.pk is None
            intent.save()
            intent.answers.all().delete()
            for order, page in enumerate(pages):
                answer = IntentAnswer(intent=intent, page=page, sort_order=order)
                answer.full_clean(exclude=["intent"])
                answer.save()
            log(f"{'添加' if created else '更新'}常见说法：{intent.phrase_list[0]}……")
        if loaded.version != data["version"]:
            loaded.version = data["version"]
            loaded.save()


def _site_paths(intent, root):
    prefix = len(root.url_path) - 1
    return [answer.page.url_path[prefix:] for answer in intent.answers.select_related("page")]

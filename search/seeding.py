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

    Every entry is first validated as an editor's would be (full_clean), and every page must
    exist: any problem stops the whole load, naming its key. Then an intent new in the file (its
    `since` later than the version last loaded, or the first load) is added; one that seeding
    wrote and nobody edited since is updated when the file changed; one an editor changed or
    deleted is left as it is.
    """
    data = read_intents(path)
    root = Site.objects.get(is_default_site=True).root_page
    shipped = [_shipped(entry, root) for entry in data["intents"]]
    loaded, _ = ShippedDataVersion.objects.get_or_create(name="intents")
    with transaction.atomic():
        for entry, (intent, pages, fingerprint) in zip(data["intents"], shipped, strict=True):
            existing = SearchIntent.objects.filter(key=intent.key).first()
            if existing is None:
                if loaded.version and entry.get("since", 1) <= loaded.version:
                    continue  # loaded before and deleted by an editor since
            else:
                current = existing.fingerprint(_site_paths(existing, root))
                if current != existing.shipped_fingerprint or fingerprint == current:
                    continue  # edited by an editor, or already as shipped
                existing.phrases, existing.search_words = intent.phrases, intent.search_words
                existing.note = intent.note
                intent = existing
            intent.shipped_fingerprint = fingerprint
            created = intent.pk is None
            intent.save()
            intent.answers.all().delete()
            for order, page in enumerate(pages):
                IntentAnswer.objects.create(intent=intent, page=page, sort_order=order)
            log(f"{'添加' if created else '更新'}常见说法：{intent.phrase_list[0]}……")
        if loaded.version != data["version"]:
            loaded.version = data["version"]
            loaded.save()


def _shipped(entry, root):
    """(unsaved intent, its pages, fingerprint) of a data file entry, validated."""
    key = entry.get("key", "")
    site_paths = entry.get("pages", [])
    pages = [resolve_page(site_path, root) for site_path in site_paths]
    if missing := [p for p, page in zip(site_paths, pages, strict=True) if not page]:
        raise IntentDataError(f"常见说法 {key}：找不到页面 {'、'.join(missing)}")
    if not pages:
        raise IntentDataError(f"常见说法 {key}：至少要有一个页面")
    intent = SearchIntent(
        key=key,
        phrases=SEPARATOR.join(entry.get("phrases", [])),
        search_words=SEPARATOR.join(entry.get("search_words", [])),
        note=entry.get("note", ""),
    )
    try:
        intent.full_clean(exclude=["key"])
    except ValidationError as error:
        raise IntentDataError(f"常见说法 {key}：{'；'.join(error.messages)}") from error
    if not key:
        raise IntentDataError(f"常见说法 {intent.phrases}：缺少 key")
    return intent, pages, intent.fingerprint(site_paths)


def _site_paths(intent, root):
    prefix = len(root.url_path) - 1
    return [answer.page.url_path[prefix:] for answer in intent.answers.select_related("page")]

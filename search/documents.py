"""Search documents: for each live public page, what a result shows and is ranked by (kind, title,
summary, tags) and the words it is found by, in a table of our own with a full-text index (SQLite
FTS5; on PostgreSQL a tsvector with a GIN index). Kept current by the search backend
(search/backends.py): whatever indexes a page for Wagtail indexes it here too.

Why a table of our own: residents' common words (社区, 服务) match most of the site, and only the
newest few hundred articles are ranked. To stop after those, the full-text index must hand out
matches newest first, which needs the page id as its row id (FTS5 then walks its index backwards
and stops; PostgreSQL walks the page-id index backwards and checks each row). Wagtail's index
tables key rows by their own ids and keep a page's summary and tags in other tables, so every
match had to be joined to its page before the newest could be chosen (84–114 ms a search at
100,000 pages). A row here also carries all a result needs: one query per pool, no joins to the
page types' tables.

The words are jieba's at every granularity (core.segmentation), reduced to letters and digits
the same way for pages and queries, so each is one token to both databases. Beside them, a token no
query can contain says which community a page belongs to, so "a place's articles" is a full-text
match too. Pages' tree paths and URLs are read from Wagtail's
page table at search time (a move or a renamed parent changes them without re-indexing the pages
below; a page that changes community is itself saved, and re-indexed, by the move).

Languages: a translation (Kazakh) has a document of its own, in its language's pools, keyed by
its own page id: the Chinese page with the translation's texts laid over it (as /kk/ shows it),
so it is found by its Kazakh words and the Chinese page's facts. `shown_id` is the page a result
shows, whose address and place in the tree it has: the page itself, or for a translation the
Chinese page (/kk/ addresses are the Chinese ones with the prefix).
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import Manager, Q

from modelsearch import index
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from communities.models import CommunityPage, community_path
from core.localization import default_language, locale_id, overlay
from core.segmentation import SegmentedSearchField, flatten
from core.segmentation import words as segmented_words
from search.kinds import ARTICLES, CATALOGUE, KINDS, kind_of

TABLE = "search_documents"
# The stored pool of a document: its kind's pool in its language.
POOL_IDS = {
    (CATALOGUE, settings.LANGUAGE_CODE): 1,
    (ARTICLES, settings.LANGUAGE_CODE): 2,
    (CATALOGUE, settings.KAZAKH): 3,
    (ARTICLES, settings.KAZAKH): 4,
}
# SQLite: a full-text table per pool (the catalogue's is small, so a catalogue search never reads
# the articles' postings, nor a Chinese search the Kazakh ones); PostgreSQL has a GIN index per
# pool instead.
FTS_TABLES = {
    (CATALOGUE, settings.LANGUAGE_CODE): "search_documents_catalogue_fts",
    (ARTICLES, settings.LANGUAGE_CODE): "search_documents_articles_fts",
    (CATALOGUE, settings.KAZAKH): "search_documents_kk_catalogue_fts",
    (ARTICLES, settings.KAZAKH): "search_documents_kk_articles_fts",
}
# A token no query can contain (query words hold letters and digits only): the community a page
# belongs to (the community's page and everything below it), by the community's page id.
COMMUNITY_TOKEN = "_community_{}"
CHUNK = 500


def token(word):
    """A word as both databases' full-text indexes see it: letters and digits only, lower case."""
    return "".join(ch for ch in word if unicodedata.category(ch)[0] in "LN").lower()


def tokens(text):
    return [t for word in segmented_words(text) if (t := token(word))]


@dataclass
class Document:
    page_id: int
    kind: str
    title: str
    summary: str
    tags: str
    words: list
    language: str = settings.LANGUAGE_CODE
    shown_id: int = None

    def __post_init__(self):
        if self.shown_id is None:
            self.shown_id = self.page_id


def _field_texts(obj, fields, tags):
    """(segmented?, text) for each search field of `obj`, following related fields; tag names are
    also collected into `tags` (ranking weighs a tag match above a body match)."""
    for field in fields:
        if isinstance(field, index.SearchField):
            yield isinstance(field, SegmentedSearchField), flatten(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                if field.field_name == "tags":
                    tags.append(str(item))
                yield from _field_texts(item, field.fields, tags)


def describe(obj, communities=None):
    """The document of a live page (a specific page object), or None if it has no kind.
    `communities`: community path → page id, for the pages' community tokens."""
    kind = kind_of(type(obj))
    if kind is None:
        return None
    tags = []
    found = []
    for segmented, text in _field_texts(obj, type(obj).get_search_fields(), tags):
        if segmented:  # already words (SegmentedSearchField)
            found.extend(t for word in text.split() if (t := token(word)))
        else:
            found.extend(tokens(text))
    found.extend(tokens(kind.label))  # 通知 finds notices (停水通知), 街道 streets
    for name in kind.extra_text:
        text = flatten(getattr(obj, name, ""))
        if text:  # with the field's name, as the page shows it (功能区, 电话, 地址)
            found.extend(tokens(f"{_label(type(obj), name)} {text}"))
    community = (communities or {}).get(community_path(obj))
    if community:
        found.append(COMMUNITY_TOKEN.format(community))
    words = list(dict.fromkeys(found))
    return Document(
        obj.pk,
        kind.key,
        obj.title,
        str(getattr(obj, kind.summary, "") or ""),
        " ".join(tags),
        words,
    )


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return ""


def _shown(objs):
    """(page, the page as a result shows it, its language) for each live page: a translation is
    its Chinese page with the translation's texts; a translation of no Chinese page is left out."""
    chinese = locale_id(default_language())
    languages = {locale_id(code): code for code, _name in settings.LANGUAGES}
    translated = [obj for obj in objs if obj.live and obj.locale_id != chinese]
    sources = {}
    if translated:
        keys = {obj.translation_key for obj in translated}
        for source in Page.objects.filter(translation_key__in=keys, locale_id=chinese).specific():
            sources[source.translation_key] = source
    for obj in objs:
        if not obj.live:
            continue
        if obj.locale_id == chinese:
            yield obj, obj, default_language()
        elif (language := languages.get(obj.locale_id)) and obj.translation_key in sources:
            source = sources.pop(obj.translation_key)
            yield obj, overlay(source, obj), language


def store(objs):
    """Write the documents of these page objects (one model or several, in any language); a page
    that is not live (unpublished, expired) leaves the documents."""
    objs = list(objs)
    shown = list(_shown(objs))
    paths = {community_path(page) for _obj, page, _language in shown} - {None}
    communities = dict(CommunityPage.objects.filter(path__in=paths).values_list("path", "pk"))
    documents, kept = [], set()
    for obj, page, language in shown:
        document = describe(page, communities)
        if document is not None:
            document.page_id, document.shown_id, document.language = obj.pk, page.pk, language
            documents.append(document)
            kept.add(obj.pk)
    gone = [obj.pk for obj in objs if obj.pk not in kept]
    if gone:
        remove(gone)
    if not documents:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {TABLE} (page_id, pool, kind, title, summary, tags, words, shown_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, array_to_tsvector(%s::text[]), %s) "
                "ON CONFLICT (page_id) DO UPDATE SET pool = EXCLUDED.pool, kind = EXCLUDED.kind, "
                "title = EXCLUDED.title, summary = EXCLUDED.summary, tags = EXCLUDED.tags, "
                "words = EXCLUDED.words, shown_id = EXCLUDED.shown_id",
                [
                    (
                        d.page_id,
                        _pool_id(d),
                        d.kind,
                        d.title,
                        d.summary,
                        d.tags,
                        d.words,
                        d.shown_id,
                    )
                    for d in documents
                ],
            )
        else:
            ids = [(d.page_id,) for d in documents]
            for table in FTS_TABLES.values():
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", ids)
            for pool, table in FTS_TABLES.items():
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, words) VALUES (%s, %s)",
                    [(d.page_id, " ".join(d.words)) for d in documents if _pool(d) == pool],
                )
            cursor.executemany(
                f"INSERT OR REPLACE INTO {TABLE} "
                "(page_id, pool, kind, title, summary, tags, shown_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (d.page_id, _pool_id(d), d.kind, d.title, d.summary, d.tags, d.shown_id)
                    for d in documents
                ],
            )


def _pool(document):
    return KINDS[document.kind].pool, document.language


def _pool_id(document):
    return POOL_IDS[_pool(document)]


def remove(page_ids):
    ids = [(pk,) for pk in page_ids]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE page_id = %s", ids)
        if connection.vendor == "sqlite":
            for table in FTS_TABLES.values():
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", ids)


def drop_stale():
    """Forget documents of pages that are gone or no longer live (after a rebuild or a restore)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE page_id NOT IN "
            f"(SELECT id FROM {Page._meta.db_table} WHERE live)"
        )
        if connection.vendor == "sqlite":
            for table in FTS_TABLES.values():
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid NOT IN (SELECT page_id FROM {TABLE})"
                )


def clear():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        if connection.vendor == "sqlite":
            for table in FTS_TABLES.values():
                cursor.execute(f"DELETE FROM {table}")


def count():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def rebuild(out=None):
    """Write every live page's document (the documents only; Wagtail's index is left alone)."""
    written = 0
    for model in index.get_indexed_models():
        if not issubclass(model, Page) or kind_of(model) is None:
            continue
        pages = model.get_indexed_objects().filter(live=True).order_by("pk")
        for start in range(0, pages.count(), CHUNK):
            chunk = list(pages[start : start + CHUNK])
            store(chunk)
            written += len(chunk)
    drop_stale()
    if out:
        out(f"已写入 {written} 个搜索文档。")
    return written


def ensure():
    """Fill the documents if they are empty while pages are live (a database from before they
    existed). Returns how many were written."""
    if count() == 0 and Page.objects.live().filter(depth__gt=1).exists():
        return rebuild()
    return 0


# Searching.


@dataclass
class Row:
    pk: int
    kind: str
    title: str
    summary: str
    tags: str
    path: str
    url_path: str


# A result's id is the page it shows (a translation's Chinese page).
COLUMNS = "d.shown_id, d.kind, d.title, d.summary, d.tags, p.path, p.url_path"


def _page_filters(restricted_paths):
    """SQL conditions and parameters on the joined page row `p`: live and outside every view
    restriction (`restricted_paths`, the paths under one, looked up once per cache generation)."""
    conditions, params = ["p.live"], []
    for path in restricted_paths:
        conditions.append("SUBSTR(p.path, 1, %s) <> %s")
        params += [len(path), path]
    return conditions, params


def clean_alternatives(alternatives):
    cleaned = []
    for alternative in alternatives:
        words = list(dict.fromkeys(t for word in alternative if (t := token(word))))
        if words and words not in cleaned:
            cleaned.append(words)
    return cleaned


def maintained():
    """Whether the configured search backend keeps the documents (search.backends does; a search
    server configured with SEARCH_URL does not, and is asked instead)."""
    return getattr(get_search_backend(), "keeps_search_documents", False)


def find(alternatives, pool, limit, restricted_paths=(), within=(), language=None):
    """Rows of the pool's live public pages that have every word of at least one alternative,
    newest first, at most `limit`; with `within` (communities: objects with `pk` and `path`),
    only pages of those communities. `language`: whose documents (Chinese by default)."""
    language = language or default_language()
    if not maintained():
        if language != default_language():
            return []  # a search server holds the Chinese pages' words only
        return _find_with_server(alternatives, pool, limit, restricted_paths, within)
    sql, params = find_sql(alternatives, pool, limit, restricted_paths, within, language)
    if sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Row(*row) for row in cursor.fetchall()]


def find_sql(alternatives, pool, limit, restricted_paths=(), within=(), language=None):
    """The query `find` runs, (sql, params), or (None, None) when no word is left to find.

    SQLite walks the full-text index by row id (the page id) from the newest down, joins each
    match to its page and stops at the limit. PostgreSQL first cuts the pool's newest matches
    from the documents alone, walking (pool, page_id) backwards and checking each row's words when
    a word is common, or sorting the few matches of the pool's GIN index when it is rare; only
    those are joined to their pages (a page made private since is then left out)."""
    alternatives = clean_alternatives(alternatives)
    if not alternatives:
        return None, None
    key = (pool, language or default_language())
    conditions, params = _page_filters(restricted_paths)
    places = [COMMUNITY_TOKEN.format(community.pk) for community in within]
    if connection.vendor == "postgresql":
        expression = " | ".join(
            "(" + " & ".join(_tsquery_lexeme(word) for word in words) + ")"
            for words in alternatives
        )
        if places:
            expression = f"({expression}) & ({' | '.join(map(_tsquery_lexeme, places))})"
        # The pool as a literal: the planner then picks the pool's own (partial) GIN index.
        sql = (
            f"SELECT {COLUMNS} FROM (SELECT page_id, kind, title, summary, tags, shown_id "
            f"FROM {TABLE} WHERE pool = {POOL_IDS[key]:d} AND words @@ %s::tsquery "
            "ORDER BY page_id DESC LIMIT %s) d "
            f"JOIN {Page._meta.db_table} p ON p.id = d.shown_id "
            f"WHERE {' AND '.join(conditions)} ORDER BY d.page_id DESC"
        )
        return sql, [expression, limit, *params]
    expression = " OR ".join(
        "(" + " AND ".join(f'"{word}"' for word in words) + ")" for words in alternatives
    )
    if places:
        places_expression = " OR ".join(f'"{place}"' for place in places)
        expression = f"({expression}) AND ({places_expression})"
    fts = FTS_TABLES[key]
    sql = (
        f"SELECT {COLUMNS} FROM {fts} f "
        f"JOIN {TABLE} d ON d.page_id = f.rowid "
        f"JOIN {Page._meta.db_table} p ON p.id = d.shown_id "
        f"WHERE {fts} MATCH %s AND {' AND '.join(conditions)} "
        "ORDER BY f.rowid DESC LIMIT %s"
    )
    return sql, [expression, *params, limit]


def _tsquery_lexeme(word):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def fetch(page_ids, restricted_paths=()):
    """Rows of these pages, if live and public (pages editors pinned to a phrasing)."""
    if not page_ids:
        return []
    if not maintained():
        return _rows_of(_public(Page.objects.filter(pk__in=page_ids), restricted_paths))
    conditions, params = _page_filters(restricted_paths)
    placeholders = ", ".join(["%s"] * len(page_ids))
    sql = (
        f"SELECT {COLUMNS} FROM {TABLE} d JOIN {Page._meta.db_table} p ON p.id = d.shown_id "
        f"WHERE d.page_id IN ({placeholders}) AND {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*page_ids, *params])
        return [Row(*row) for row in cursor.fetchall()]


def pool_rows(pool, restricted_paths=()):
    """Rows of every live public page of a pool (the catalogue is small)."""
    if not maintained():
        pages = Page.objects.filter(content_type_id__in=_pool_content_types(pool))
        return _rows_of(_public(pages, restricted_paths))[::-1]
    conditions, params = _page_filters(restricted_paths)
    sql = (
        f"SELECT {COLUMNS} FROM {TABLE} d JOIN {Page._meta.db_table} p ON p.id = d.shown_id "
        f"WHERE d.pool = %s AND {' AND '.join(conditions)} ORDER BY d.page_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [POOL_IDS[pool, default_language()], *params])
        return [Row(*row) for row in cursor.fetchall()]


def _pool_content_types(pool):
    return [
        ContentType.objects.get_for_model(model).pk
        for model in index.get_indexed_models()
        if issubclass(model, Page) and (kind := kind_of(model)) and kind.pool == pool
    ]


def _find_with_server(alternatives, pool, limit, restricted_paths, within):
    """The same rows from a search server: it finds the pages, their rows are read from them (a
    few hundred page objects a search; the server, not this, is what scales)."""
    alternatives = clean_alternatives(alternatives)
    if not alternatives:
        return []
    pages = _public(
        Page.objects.filter(content_type_id__in=_pool_content_types(pool)), restricted_paths
    )
    if within:
        inside = Q()
        for community in within:
            inside |= Q(path__startswith=community.path)
        pages = pages.filter(inside)
    query = Or([And([PlainText(word) for word in words]) for words in alternatives])
    found = [page.pk for page in pages.search(query, order_by_relevance=False)[:limit]]
    return _rows_of(Page.objects.filter(pk__in=found))


def _rows_of(pages):
    """Rows read from the pages themselves (without the documents), newest first."""
    rows = []
    for page in pages.order_by("-pk").specific():
        document = describe(page)
        if document is not None:
            rows.append(
                Row(
                    page.pk,
                    document.kind,
                    document.title,
                    document.summary,
                    document.tags,
                    page.path,
                    page.url_path,
                )
            )
    return rows


def _public(pages, restricted_paths):
    pages = pages.live()
    for path in restricted_paths:
        pages = pages.exclude(path__startswith=path)
    return pages

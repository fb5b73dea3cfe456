"""The database search backend, with query text made safe for SQLite's full-text syntax, that
also keeps the site search's own documents (search/documents.py) current.

SQLite's backend quotes each word as "word" for FTS5 but does not double a quote inside it, so a
search for `"` (in the API's ?search=, or an admin search box) was an FTS syntax error, which the
error page took for a database outage. Here a quote inside a word is doubled, FTS5's own escape.
On PostgreSQL the database backend is used as it is.

Every way a page reaches the index (publishing, `update_index`, a bulk `add_bulk`, deleting) goes
through the backend's index object, so that is where the documents are written too.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import Phrase, PlainText
from wagtail.models import Page

from search import documents

# modelsearch's SQLite module needs SQLite's full-text model, which exists only on SQLite:
# importing it on PostgreSQL fails, so it is imported only there.
if connection.vendor == "sqlite":
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )
else:
    SQLiteSearchBackend = SQLiteAutocompleteQueryCompiler = SQLiteSearchQueryCompiler = None


def without_quotes(query):
    if isinstance(query, PlainText) and '"' in query.query_string:
        return PlainText(
            query.query_string.replace('"', '""'), operator=query.operator, boost=query.boost
        )
    if isinstance(query, Phrase) and '"' in query.query_string:
        return Phrase(query.query_string.replace('"', '""'))
    return query


class QuoteSafeCompilerMixin:
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(without_quotes(query), config)


if SQLiteSearchBackend:

    class SearchQueryCompiler(QuoteSafeCompilerMixin, SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(QuoteSafeCompilerMixin, SQLiteAutocompleteQueryCompiler):
        pass


def _pages(model):
    return issubclass(model, Page)


class DocumentsIndexMixin:
    """Writes each indexed page's search document beside Wagtail's index entry."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        if _pages(model):
            documents.store(objs)

    def delete_item(self, item):
        super().delete_item(item)
        if _pages(type(item)):
            documents.remove([item.pk])

    def reset(self):
        super().reset()
        documents.clear()


def documented_rebuilder(rebuilder_class):
    """`update_index` rewrites every live page's document; at the end it forgets the documents of
    pages that are gone (deleted, or absent from a restored backup)."""

    class Rebuilder(rebuilder_class):
        def finish(self):
            super().finish()
            documents.drop_stale()

    return Rebuilder


def SearchBackend(params):
    backend = database_backend(params)
    if SQLiteSearchBackend and isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = SearchQueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
    backend.index_class = type("DocumentedIndex", (DocumentsIndexMixin, backend.index_class), {})
    if backend.rebuilder_class:
        backend.rebuilder_class = documented_rebuilder(backend.rebuilder_class)
    backend.keeps_search_documents = True
    return backend

"""The database search backend, with query text made safe for SQLite's full-text syntax.

SQLite's backend quotes each word as "word" for FTS5 but does not double a quote inside it, so a
search for `"` (in the API's ?search=, or an admin search box) was an FTS syntax error, which the
error page took for a database outage. Here a quote inside a word is doubled, FTS5's own escape.
On PostgreSQL the database backend is used as it is.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import Phrase, PlainText

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


def SearchBackend(params):
    backend = database_backend(params)
    if SQLiteSearchBackend and isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = SearchQueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
    return backend

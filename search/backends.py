"""The database search backend, with query text made safe for SQLite's full-text syntax.

SQLite's backend quotes each word as "word" for FTS5 but does not double a quote inside it, so a
search for `"` (in the API's ?search=, or an admin search box) was an FTS syntax error, which the
error page took for a database outage. Here a quote inside a word is doubled, FTS5's own escape.
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText


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


class SearchQueryCompiler(QuoteSafeCompilerMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(QuoteSafeCompilerMixin, SQLiteAutocompleteQueryCompiler):
    pass


def SearchBackend(params):
    backend = database_backend(params)
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = SearchQueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
    return backend

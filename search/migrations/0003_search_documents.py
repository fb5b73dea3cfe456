"""The site search's documents (search/documents.py): a table of our own with a full-text index.

SQLite: a plain table plus an FTS5 table per pool (the catalogue's is small, so a catalogue search
never reads the articles' postings) whose row id is the page id (`detail=none`: the search needs
no phrases or positions, and the index is much smaller); `_` is part of a token, so a community's
marker (`_community_12`) is one token that no query word can be. PostgreSQL:
one table with a tsvector column, a GIN index of it per pool (the catalogue's is small, so a
catalogue search does not read the articles' postings) and an index on (pool, page_id) to walk a
pool's pages newest first.

They are not Django models: backups leave them out (they are rebuilt on restore, as Wagtail's
index is), and each database gets its own structure. `update_index` fills them; so does
`seed_site` when they are empty.
"""

from django.db import migrations

TABLE = "search_documents"
FTS_TABLES = ("search_documents_catalogue_fts", "search_documents_articles_fts")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "page_id integer PRIMARY KEY, pool smallint NOT NULL, kind varchar(20) NOT NULL, "
            "title text NOT NULL, summary text NOT NULL, tags text NOT NULL, "
            "words tsvector NOT NULL)"
        )
        for pool, name in ((1, "catalogue"), (2, "articles")):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {TABLE}_{name}_words ON {TABLE} "
                f"USING GIN (words) WHERE pool = {pool}"
            )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_pool_page ON {TABLE} (pool, page_id)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "page_id INTEGER PRIMARY KEY, pool INTEGER NOT NULL, kind TEXT NOT NULL, "
            "title TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL)"
        )
        for fts in FTS_TABLES:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
                "words, detail=none, tokenize=\"unicode61 tokenchars '_'\")"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for fts in FTS_TABLES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_combined_gin_index")]

    operations = [migrations.RunPython(create, drop)]

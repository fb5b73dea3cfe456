"""The search documents in each language (search/documents.py): a translation's document is in its
language's pools (3 and 4 for Kazakh) and shows its Chinese page (`shown_id`).

SQLite: a full-text table per Kazakh pool; PostgreSQL: a GIN index per Kazakh pool. Existing rows
are Chinese pages, which show themselves.
"""

from django.db import migrations

TABLE = "search_documents"
KAZAKH_FTS_TABLES = ("search_documents_kk_catalogue_fts", "search_documents_kk_articles_fts")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN shown_id integer NOT NULL DEFAULT 0")
    schema_editor.execute(f"UPDATE {TABLE} SET shown_id = page_id")
    if vendor == "postgresql":
        for pool, name in ((3, "kk_catalogue"), (4, "kk_articles")):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {TABLE}_{name}_words ON {TABLE} "
                f"USING GIN (words) WHERE pool = {pool}"
            )
    else:
        for fts in KAZAKH_FTS_TABLES:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
                "words, detail=none, tokenize=\"unicode61 tokenchars '_'\")"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    schema_editor.execute(f"DELETE FROM {TABLE} WHERE pool > 2")
    if vendor == "postgresql":
        for name in ("kk_catalogue", "kk_articles"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_{name}_words")
    else:
        for fts in KAZAKH_FTS_TABLES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN shown_id")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_intents")]

    operations = [migrations.RunPython(create, drop)]

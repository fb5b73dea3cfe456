"""An index on Wagtail's pages by (depth, path): the children of a page (the sections below home
on every page's navigation, a street's communities) are then read directly instead of scanning
the path index of every page below it (about 150 ms at 100,000 pages on SQLite, 1 ms with it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_trust_markers"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS core_page_depth_path",
        )
    ]

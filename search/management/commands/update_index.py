"""`manage.py update_index`: Wagtail's full re-index (which rewrites the site search's documents
too, see search/backends.py), then fresh planner statistics.

Without ANALYZE, SQLite's planner scans every index row for a full-text query (seconds at 100,000
pages, milliseconds after), and PostgreSQL plans the new index entries from stale estimates.
"""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.maintenance import analyze


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        super().handle(**options)
        analyze()
        self.stdout.write("已更新查询统计（ANALYZE）。")

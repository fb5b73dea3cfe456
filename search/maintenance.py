"""Keeps the database's planner statistics fresh after bulk indexing."""

from django.db import connection


def analyze():
    """Without it SQLite scans every index row for a full-text match (seconds at 100,000 pages).

    SQLite's ANALYZE records nothing for an empty table, and the planner then assumes it holds
    about a million rows: a join with the (empty) notice or view-restriction table would scan
    every page instead. Such tables are recorded as holding one row.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) "
                "SELECT name, NULL, '1' FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                "AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
            )
            cursor.execute("ANALYZE sqlite_master")  # the planner rereads the statistics

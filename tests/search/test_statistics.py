"""Search statistics are written off the request path, in batches: a search page view writes
nothing, and no count is lost (a refused write keeps them for the next batch)."""

from unittest import mock

import pytest

from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query

from search import statistics
from search.models import UnansweredQuery

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def outside_any_transaction():
    """As on a server between requests (the test's transaction still holds the writes)."""
    return mock.patch.object(connections["default"], "in_atomic_block", False)


def writes_in(captured):
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def test_a_search_page_view_writes_nothing(client):
    for query in ("寄存", "火星基地", "览景社区电话", "孩子放学没人管"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": query}).status_code == 200
        assert writes_in(captured) == [], query
    assert statistics.pending() == 4


def test_a_due_batch_is_written_after_a_request_outside_any_transaction(client):
    """The request_finished flush: with the batch due and no transaction open (as on a server),
    the counts are written; inside someone's transaction (a test's, a command's) they wait."""
    for _ in range(statistics.FLUSH_SIZE):
        statistics.record("寄存", found=True)
    assert statistics.due()
    # Inside the test's transaction: nothing is written.
    statistics.flush_if_due()
    assert statistics.pending() == statistics.FLUSH_SIZE
    with outside_any_transaction(), CaptureQueriesContext(connection) as captured:
        statistics.flush_if_due()
    assert writes_in(captured)
    assert statistics.pending() == 0
    assert Query.get("寄存").hits == statistics.FLUSH_SIZE


def test_the_oldest_waiting_count_makes_a_batch_due():
    statistics.record("寄存", found=True)
    assert not statistics.due()
    with mock.patch("search.statistics.time.monotonic", return_value=10**9):
        assert statistics.due()


def test_counts_are_batched_per_query_and_day_and_none_is_lost(client):
    for query in ["寄存"] * 7 + ["火星基地"] * 3 + ["qzxjvkw"]:
        client.get("/search/", {"q": query})
    assert statistics.pending() == 11
    with CaptureQueriesContext(connection) as captured:
        assert statistics.flush() == 11
    # At most five statements per distinct query (3 here), however many searches it had.
    assert len(writes_in(captured)) <= 15
    assert Query.get("寄存").hits == 7
    assert UnansweredQuery.objects.get(query_string="火星基地").hits == 3
    assert UnansweredQuery.objects.get(query_string="qzxjvkw").hits == 1
    assert not UnansweredQuery.objects.filter(query_string="寄存").exists()
    assert statistics.flush() == 0  # written once


def test_a_refused_write_keeps_the_counts_for_the_next_batch(client):
    client.get("/search/", {"q": "寄存"})
    client.get("/search/", {"q": "火星基地"})
    with mock.patch.object(Query, "get", side_effect=OperationalError("database is locked")):
        assert statistics.flush() == 0
    assert statistics.pending() == 2
    assert not Query.objects.filter(query_string="寄存").exists()
    assert statistics.flush() == 2
    assert Query.get("寄存").hits == 1
    assert UnansweredQuery.objects.get(query_string="火星基地").hits == 1


def test_the_batch_never_waits_long_for_the_disk_or_a_writer():
    """SQLite: the batch waits 200 ms for another writer, then the 20 s timeout is back.
    PostgreSQL: the batch's commit does not wait for the disk."""
    statistics.record("寄存", found=True)
    if connection.vendor == "sqlite":
        seen = []
        real_get = Query.get.__func__

        def get(cls, text):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                seen.append(cursor.fetchone()[0])
            return real_get(cls, text)

        with mock.patch.object(Query, "get", classmethod(get)):
            statistics.flush()
        assert seen == [statistics.STATISTICS_WAIT_MS]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
    else:
        with CaptureQueriesContext(connection) as captured:
            statistics.flush()
        statements = [query["sql"] for query in captured.captured_queries]
        assert "SET LOCAL synchronous_commit TO OFF" in statements
    assert Query.get("寄存").hits == 1


def test_counts_are_written_when_the_process_exits():
    statistics.record("火星基地", found=False)
    with outside_any_transaction():
        statistics._flush_at_exit()
    assert statistics.pending() == 0
    assert UnansweredQuery.objects.get(query_string="火星基地").hits == 1


def test_memory_is_bounded_while_the_database_refuses_writes():
    with mock.patch.object(statistics, "MAX_PENDING", 3):
        for number in range(5):
            statistics.record(f"查询{number}", found=True)
    assert statistics.pending() == 3


def test_counts_never_land_in_another_database():
    """A test run switches to a test database and back: what it counted there must not be written
    into the developer's own database when the process exits."""
    statistics.record("寄存", found=True)
    with mock.patch.object(statistics, "_database_name", return_value="db.sqlite3"):
        assert statistics.flush() == 0
    assert statistics.pending() == 0
    assert not Query.objects.filter(query_string="寄存").exists()

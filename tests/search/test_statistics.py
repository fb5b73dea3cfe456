"""Search statistics are best effort: a busy database never makes a resident wait or fail."""

from unittest import mock

import pytest

from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query

from search.models import UnansweredQuery

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


def test_searches_are_counted_for_editors(client):
    """Positive control: normally the query and a dead end are both recorded."""
    assert client.get("/search/", {"q": "寄存"}).status_code == 200
    assert Query.get("寄存").hits == 1
    assert client.get("/search/", {"q": "火星基地"}).status_code == 200
    assert UnansweredQuery.objects.get(query_string="火星基地").hits == 1


def test_a_locked_database_skips_the_count_and_still_answers(client):
    client.raise_request_exception = False
    with mock.patch.object(Query, "get", side_effect=OperationalError("database is locked")):
        response = client.get("/search/", {"q": "寄存"})
    assert response.status_code == 200
    assert "雪具" in response.content.decode() or "寄存" in response.content.decode()
    assert not Query.objects.filter(query_string="寄存").exists()


def test_the_count_never_makes_the_search_wait_for_the_disk_or_a_writer(client):
    """SQLite: the count waits 200 ms for another writer, then the 20 s timeout is back.
    PostgreSQL: the count's commit does not wait for the disk."""
    if connection.vendor == "sqlite":
        seen = []
        real_get = Query.get.__func__

        def get(cls, text):
            seen.append(busy_timeout())
            return real_get(cls, text)

        with mock.patch.object(Query, "get", classmethod(get)):
            assert client.get("/search/", {"q": "寄存"}).status_code == 200
        assert seen == [200]
        assert busy_timeout() == 20_000
    else:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "寄存"}).status_code == 200
        statements = [query["sql"] for query in captured.captured_queries]
        assert "SET LOCAL synchronous_commit TO OFF" in statements
    assert Query.get("寄存").hits == 1

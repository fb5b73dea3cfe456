"""The search index's database structures, and the benchmark's bulk page generator."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.query import PlainText

from core.localization import in_default_language
from news.models import NewsPage
from operations.search_benchmark import generate_pages
from search import query as site_search
from search.maintenance import analyze
from services_catalog.models import ServicePage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_the_database_can_answer_a_search_from_an_index():
    """Wagtail's index. PostgreSQL: the combined title || body expression has its own GIN index (search/0002), and
    a search can use it. SQLite: the planner has statistics for the full-text tables after
    ANALYZE, without which it scans every row."""
    # Wagtail's own index still serves the admin's and the API's searches.
    results = (
        in_default_language(ServicePage.objects)
        .live()
        .search(PlainText("寄存"), order_by_relevance=False)
    )
    sql = str(results.get_queryset().values_list("pk").query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            combined = (
                '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
            )
            assert combined in sql
            with transaction.atomic():
                # The seeded site is small enough for a sequential scan to win; forbid it to see
                # whether the index can serve that expression at all.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(
                    "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
                    "WHERE (title || body) @@ to_tsquery('寄存')"
                )
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_indexentry_title_body_gin" in plan
        else:
            analyze()
            cursor.execute("SELECT tbl FROM sqlite_stat1")
            assert {"wagtailsearch_indexentry", "wagtailcore_page"} <= {
                row[0] for row in cursor.fetchall()
            }
            # An empty table (no notice yet) is known to be small: joined from, not scanned for.
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT p.path FROM communities_noticepage n "
                "JOIN wagtailcore_page p ON n.page_ptr_id = p.id WHERE p.live"
            )
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert plan.startswith("SCAN n"), plan


@pytest.mark.slow
def test_generated_pages_are_whole_published_pages(client):
    have = Page.objects.live().count()
    created, _seconds = generate_pages(have + 12, out=lambda line: None)
    assert created == 12
    assert Page.objects.live().count() == have + 12
    assert all(problems == [] for problems in Page.find_problems())

    page = NewsPage.objects.filter(slug__startswith="bench-").order_by("-pk").first()
    assert page.title in html_of(client.get(page.url))
    assert page.title in html_of(client.get(page.get_parent().url))
    hits, _counts, _more = site_search.search(page.title)
    assert page.pk in [hit.pk for hit in hits]


def test_generator_adds_nothing_when_the_target_is_reached():
    have = Page.objects.live().count()
    with CaptureQueriesContext(connection) as writes:
        created, _seconds = generate_pages(have, out=lambda line: None)
    assert created == 0
    assert not [q for q in writes.captured_queries if q["sql"].startswith('INSERT INTO "')]


def test_bench_search_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(SystemExit) as refused:
        call_command("bench_search", "--pages", "10", stdout=StringIO())
    assert "bench" in str(refused.value)
    assert not NewsPage.objects.filter(slug__startswith="bench-").exists()

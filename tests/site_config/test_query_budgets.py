"""Query budgets: each key page renders (uncached) in a fixed, small number of queries that does
not grow with the number of items it shows."""

import pytest

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import CommunityPage
from core.localization import in_default_language
from news.models import NewsPage, StoryPage
from services_catalog.models import CommunityService, GuidePage, ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Cold renders include one query each for the site settings, the section pages (header,
# navigation and footer) and which pages have a translation (hreflang, core.localization), kept
# per cache generation like every other remembered answer.
BUDGETS = {
    "home": ("/", 12),
    "catalogue": ("/services/", 15),
    "service": (lambda: in_default_language(ServicePage.objects).get(code="FW-101").url, 12),
    "guide": (lambda: in_default_language(GuidePage.objects).get(code="ZN-001").url, 10),
    # The newsroom lists current notices too (the notices, their communities' titles).
    # News and stories are counted (up to a bound) and read newest first one kind at a time; the
    # month filter reads one newest item per month of the archive, never every item.
    "newsroom": ("/news/", 26),
    # Residents' participation adds two (its counts and the stations taking storage).
    "community": (lambda: CommunityPage.objects.get(slug="lanjing").url, 24),
    # Search also counts the query for editors (on SQLite with its busy timeout set and reset).
    "search": ("/search/?q=寄存", 22),
}


def queries_for(client, url):
    """Queries of an uncached render, after a warm-up that fills per-process caches, with the
    page cache emptied: what the first view after a change costs (answers kept per cache
    generation are looked up again, so an N+1 among them shows here too)."""
    client.get(url + ("&" if "?" in url else "?") + "warm-up=1")
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.get("X-Cache") in (None, "MISS")
    return len(captured)


def add_more_items():
    """More news, more services offered: every list on the measured pages grows."""
    lanjing = CommunityPage.objects.get(slug="lanjing")
    for n in range(5):
        news = NewsPage(title=f"义剪活动第{n}期", slug=f"extra-news-{n}", summary="寄存 义剪")
        lanjing.add_child(instance=news)
        news.save_revision().publish()
    offered = set(lanjing.services.values_list("service_id", flat=True))
    for service in in_default_language(ServicePage.objects).exclude(pk__in=offered)[:5]:
        CommunityService.objects.create(community=lanjing, service=service, note="新增")
    in_default_language(ServicePage.objects).get(code="FW-101").tags.add("雪具", "滑雪", "寄存点")


@pytest.mark.parametrize("name", BUDGETS)
def test_page_stays_within_its_query_budget_as_content_grows(client, name):
    url, budget = BUDGETS[name]
    url = url() if callable(url) else url
    before = queries_for(client, url) - per_month(name)
    assert before <= budget, f"{name}: {before} queries (budget {budget})"
    add_more_items()
    after = queries_for(client, url) - per_month(name)
    assert after == before, f"{name}: {before} → {after} queries with more items"


def per_month(name):
    """The newsroom's month filter: for each kind, one query per month that has some of it and
    one that finds no older month (news.templatetags: a skip scan of each kind's dates)."""
    if name != "newsroom":
        return 0
    return sum(
        len({(day.year, day.month) for day in kind.objects.live().values_list("date", flat=True)})
        + 1
        for kind in (NewsPage, StoryPage)
    )

"""The city-wide newsroom, its filters and pagination, news and story pages, and the feeds."""

import re
import xml.etree.ElementTree as ET

import pytest

from communities.models import CommunityIndexPage, CommunityPage, NoticePage, StreetPage
from news.models import NewsIndexPage, NewsPage, StoryPage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(html):
    return re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_demo_content_counts():
    assert NewsPage.objects.live().count() == 40
    assert StoryPage.objects.live().count() == 15


def test_newsroom_lists_newest_first_and_paginates(client):
    html = html_of(client.get("/news/"))
    assert "共 55 篇" in html
    first_page = titles(html)
    assert len(first_page) == 12
    newest = max(
        [*NewsPage.objects.live(), *StoryPage.objects.live()], key=lambda p: (p.date, p.pk)
    )
    assert first_page[0] == newest.title
    second = titles(html_of(client.get("/news/?page=2")))
    assert len(second) == 12 and not set(second) & set(first_page)
    last = titles(html_of(client.get("/news/?page=5")))
    assert len(last) == 55 - 4 * 12


def test_every_page_of_the_newsroom_is_the_full_sort_in_slices(client):
    everything = sorted(
        [*NewsPage.objects.live(), *StoryPage.objects.live()],
        key=lambda page: (page.date, page.pk),
        reverse=True,
    )
    shown = [
        title
        for number in range(1, 6)
        for title in titles(html_of(client.get(f"/news/?page={number}")))
    ]
    assert shown == [page.title for page in everything]


def test_a_long_newsroom_is_counted_up_to_its_bound(client, monkeypatch):
    monkeypatch.setattr(NewsIndexPage, "count_bound", 30)
    html = html_of(client.get("/news/"))
    assert "共 30 多篇，第 1/3 页" in html
    assert "共 3 多页" in html
    assert len(titles(html_of(client.get("/news/?page=3")))) == 12  # the last page is full
    assert client.get("/news/?page=4").status_code == 404
    # Positive control: below the bound the count is exact.
    monkeypatch.setattr(NewsIndexPage, "count_bound", 55)
    assert "共 15 篇" in html_of(client.get("/news/?kind=story"))


@pytest.mark.parametrize("page", ["6", "0", "abc", "-1", "99999999999999999999"])
def test_out_of_range_or_bad_page_is_404(client, page):
    assert client.get("/news/", {"page": page}).status_code == 404


def test_filters_by_community_street_kind_tag_and_month(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    html = html_of(client.get("/news/?community=lanjing"))
    expected = {p.title for p in NewsPage.objects.live().child_of(lanjing)} | {
        p.title for p in StoryPage.objects.live().child_of(lanjing)
    }
    assert set(titles(html)) == expected

    street = StreetPage.objects.get(slug="jiefanglu")
    count = NewsPage.objects.live().descendant_of(street).count()
    assert f"共 {count} 篇" in html_of(client.get("/news/?street=jiefanglu&kind=news"))

    story_html = html_of(client.get("/news/?kind=story"))
    assert "共 15 篇" in story_html
    assert set(titles(story_html)) <= set(StoryPage.objects.live().values_list("title", flat=True))

    tagged = NewsPage.objects.live().filter(tags__name="义剪")
    tag_titles = set(titles(html_of(client.get("/news/", {"tag": "义剪", "kind": "news"}))))
    assert tag_titles == {p.title for p in tagged} and tag_titles

    march = titles(html_of(client.get("/news/?month=2026-03")))
    assert set(march) == {
        p.title
        for p in [*NewsPage.objects.live(), *StoryPage.objects.live()]
        if (p.date.year, p.date.month) == (2026, 3)
    }


@pytest.mark.parametrize(
    "query", ["kind=video", "community=nowhere", "street=nowhere", "month=2026-13", "month=x"]
)
def test_bad_filters_are_404(client, query):
    assert client.get(f"/news/?{query}").status_code == 404


def test_news_page_with_upcoming_event(client):
    item = NewsPage.objects.live().exclude(event_start=None).first()
    html = html_of(client.get(item.url))
    assert item.title in html and "活动时间" in html and item.event_place in html
    assert item.get_parent().title in html


def test_story_page_shows_the_record(client):
    story = StoryPage.objects.live().first()
    html = html_of(client.get(story.url))
    for text in (
        story.team.name,
        story.activity,
        f"{story.volunteers} 人",
        f"{story.people_helped} 人次",
    ):
        assert text in html


def test_rss_feed_is_valid_xml_with_the_newest_items(client):
    response = client.get("/news/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == 30
    articles = [item for item in items if not item.findtext("title").startswith("【")]
    newest = max(
        [*NewsPage.objects.live(), *StoryPage.objects.live()], key=lambda p: (p.date, p.pk)
    )
    assert articles[0].findtext("title") == newest.title
    assert articles[0].findtext("link") == f"http://testserver{newest.url}"
    # Notices are fed too, by when they were published, with their type in the title.
    notices = [item for item in items if item.findtext("title").startswith("【")]
    latest = NoticePage.objects.live().order_by("-first_published_at").first()
    assert f"【{latest.kind_label}通知】{latest.title}" in [n.findtext("title") for n in notices]


def test_community_atom_feed_has_only_that_community(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    root = ET.fromstring(client.get("/news/feed/atom/?community=lanjing").content)
    entries = {e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")}
    expected = {p.title for p in NewsPage.objects.live().child_of(lanjing)} | {
        p.title for p in StoryPage.objects.live().child_of(lanjing)
    }
    # Its own notices and the city-wide ones, which concern it too; no other community's.
    notices = NoticePage.objects.live()
    expected |= {
        f"【{n.kind_label}通知】{n.title}"
        for n in [
            *notices.child_of(lanjing),
            *notices.child_of(CommunityIndexPage.objects.get(locale__language_code="zh-hans")),
        ]
    }
    assert entries == expected
    kelan_notice = (
        NoticePage.objects.live().child_of(CommunityPage.objects.get(slug="kelan")).first()
    )
    assert not any(kelan_notice.title in entry for entry in entries)
    assert "览景社区" in root.findtext(f"{ATOM}title")


def test_unpublished_news_is_not_listed_or_fed(client):
    item = NewsPage.objects.live().order_by("-date").first()
    item.unpublish()
    assert item.title not in html_of(client.get("/news/"))
    assert item.title.encode() not in client.get("/news/feed/rss/").content

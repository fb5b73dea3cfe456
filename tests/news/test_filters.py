"""The newsroom's filters: each good value filters, each bad one is a 404 with a clear message."""

import re

import pytest

from django.http import Http404
from django.test import RequestFactory

from communities.models import CommunityPage, StreetPage
from core.filters import bind_filters
from news.forms import NewsFilterForm
from news.models import NewsPage, StoryPage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

BAD_SLUGS = ["nowhere", "a b", "a\x00b", "<script>", "x" * 10_000, "寄存" * 3000]


def counted(html):
    return int(re.search(r"共 (\d+) 篇", html).group(1))


def expected_count(news_filter=None, story_filter=None):
    news = NewsPage.objects.live().public()
    stories = StoryPage.objects.live().public()
    return (news_filter(news).count() if news_filter else 0) + (
        story_filter(stories).count() if story_filter else 0
    )


def good_filters():
    lanjing = CommunityPage.objects.get(slug="lanjing")
    jiefanglu = StreetPage.objects.get(slug="jiefanglu")
    march = {"date__year": 2026, "date__month": 3}
    return {
        "kind": ("story", expected_count(story_filter=lambda q: q)),
        "community": (
            "lanjing",
            expected_count(lambda q: q.child_of(lanjing), lambda q: q.child_of(lanjing)),
        ),
        "street": (
            "jiefanglu",
            expected_count(
                lambda q: q.descendant_of(jiefanglu), lambda q: q.descendant_of(jiefanglu)
            ),
        ),
        "tag": (
            "义剪",
            expected_count(
                lambda q: q.filter(tags__name="义剪"), lambda q: q.filter(tags__name="义剪")
            ),
        ),
        "month": (
            "2026-03",
            expected_count(lambda q: q.filter(**march), lambda q: q.filter(**march)),
        ),
    }


@pytest.mark.parametrize("name", ["kind", "community", "street", "tag", "month"])
def test_each_filter_filters_with_a_good_value(client, name):
    value, expected = good_filters()[name]
    assert 0 < expected < 55
    assert counted(html_of(client.get("/news/", {name: value}))) == expected


@pytest.mark.parametrize(
    "name, value",
    [
        *(("kind", v) for v in ["video", "News", "new\x00", "x" * 10_000]),
        *(("community", v) for v in BAD_SLUGS),
        *(("street", v) for v in BAD_SLUGS),
        *(
            ("month", v)
            for v in ["2026-13", "x", "2026-03-01", "0000-01", "20\x0026-13", "1" * 10_000]
        ),
        ("page", "0"),
        ("page", "x" * 10_000),
    ],
)
def test_each_filter_is_404_with_a_bad_value(client, name, value):
    assert client.get("/news/", {name: value}).status_code == 404


def test_empty_filters_mean_no_filter(client):
    assert counted(html_of(client.get("/news/?kind=&community=&street=&tag=&month="))) == 55


def test_control_characters_are_dropped_before_the_filters_read_them(client):
    # site_config.security's middleware strips them: a lone one is an empty filter, as before.
    assert counted(html_of(client.get("/news/", {"community": "\x00", "kind": "\x00"}))) == 55
    with_nul = html_of(client.get("/news/", {"community": "lan\x00jing"}))
    assert counted(with_nul) == counted(html_of(client.get("/news/", {"community": "lanjing"})))


def test_a_long_tag_is_cut_and_finds_nothing(client):
    assert counted(html_of(client.get("/news/", {"tag": "义剪" * 5000}))) == 0


def test_feeds_share_the_filters(client):
    assert client.get("/news/feed/rss/?community=nowhere").status_code == 404
    assert client.get("/news/feed/atom/?month=2026-13").status_code == 404
    assert client.get("/news/feed/atom/?community=lanjing").status_code == 200


@pytest.mark.parametrize(
    "query, message",
    [
        ({"kind": "video"}, "筛选条件“类型”无效：没有这种类型"),
        ({"community": "nowhere"}, "筛选条件“社区”无效：没有这个社区"),
        ({"street": "nowhere"}, "筛选条件“街道”无效：没有这个街道"),
        ({"month": "2026-13"}, "筛选条件“月份”无效：月份格式应为 2026-01"),
    ],
)
def test_a_bad_filter_says_which_and_why(query, message):
    with pytest.raises(Http404, match=message):
        bind_filters(NewsFilterForm, RequestFactory().get("/news/", query))

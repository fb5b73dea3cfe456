"""The notice banner (communities/banners.py) and the one community-scope rule, community_path()."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.models import Page

from communities.banners import next_notice_change
from communities.models import community_path
from tests.conftest import html_of
from tests.factories import CommunityPageFactory, NewsPageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


def banner_titles(response):
    region = BeautifulSoup(html_of(response), "html.parser").find(
        attrs={"role": "region", "aria-label": "通知"}
    )
    return [strong.get_text() for strong in region.find_all("strong")] if region else []


@pytest.fixture
def tree(street, community_index):
    """Two communities of one street, a news item in the first, and two notices: the first
    community's own and a city-wide one."""
    first = CommunityPageFactory(parent=street)
    second = CommunityPageFactory(parent=street)
    return {
        "first": first,
        "second": second,
        "news": NewsPageFactory(parent=first),
        "own": NoticePageFactory(parent=first, title="测试社区停水通知"),
        "city": NoticePageFactory(parent=community_index, title="测试全市除雪通知", level="urgent"),
    }


def test_community_path_is_the_community_of_a_page(tree, street, community_index):
    first = tree["first"]
    assert community_path(first) == first.path
    assert community_path(tree["news"]) == first.path
    assert community_path(tree["own"]) == first.path
    assert community_path(tree["second"]) != first.path
    for outside in (None, street, community_index, tree["city"]):
        assert community_path(outside) is None


def test_a_community_s_content_is_itself_and_what_lies_below_it(tree):
    pages = set(tree["first"].content(Page.objects.all()).values_list("pk", flat=True))
    assert pages == {tree["first"].pk, tree["news"].pk, tree["own"].pk}


def test_a_community_s_notice_shows_only_on_its_pages(client, tree):
    for page in (tree["first"], tree["news"]):
        assert "注意·停水：测试社区停水通知" in banner_titles(client.get(page.url)), page.url
    assert "注意·停水：测试社区停水通知" not in banner_titles(client.get(tree["second"].url))
    assert "注意·停水：测试社区停水通知" not in banner_titles(client.get("/"))


def test_a_city_wide_notice_shows_everywhere(client, tree):
    for url in (tree["first"].url, tree["news"].url, tree["second"].url, "/"):
        assert "紧急·停水：测试全市除雪通知" in banner_titles(client.get(url)), url


def test_an_upcoming_notice_is_shown_from_publishing_and_an_ended_one_is_not(
    client, tree, community_index
):
    later = timezone.now() + datetime.timedelta(days=2)
    NoticePageFactory(
        parent=community_index,
        title="测试下周停电通知",
        kind="power",
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=4),
    )
    earlier = timezone.now() - datetime.timedelta(days=2)
    NoticePageFactory(
        parent=community_index,
        title="测试上周停电通知",
        kind="power",
        starts_at=earlier,
        ends_at=earlier + datetime.timedelta(hours=4),
    )
    titles = banner_titles(client.get(tree["second"].url))
    assert "注意·停电：测试下周停电通知" in titles
    assert "注意·停电：测试上周停电通知" not in titles


def test_the_next_notice_change_is_the_soonest_start_or_end_ahead(tree):
    now = timezone.now()
    soon = now + datetime.timedelta(minutes=3)
    NoticePageFactory(
        parent=tree["second"], starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    assert next_notice_change(now) <= soon
    assert next_notice_change(now) > now

"""Community pages and notices as residents see them."""

from unittest import mock

import pytest

from django.test import override_settings
from django.utils import timezone

from communities.models import CommunityIndexPage, CommunityPage, NoticePage
from news.models import NewsPage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def add_notice(parent, title, starts, ends, level="warning"):
    now = timezone.now()
    notice = NoticePage(
        title=title,
        body="请提前储水。",
        kind="water",
        affected_area="览景小区",
        level=level,
        first_published_at=min(now, now + timezone.timedelta(hours=starts))
        - timezone.timedelta(days=1),
        starts_at=now + timezone.timedelta(hours=starts),
        ends_at=now + timezone.timedelta(hours=ends),
    )
    parent.add_child(instance=notice)
    notice.save_revision().publish()
    return notice


def test_demo_content_has_streets_and_communities(client):
    assert CommunityPage.objects.live().count() >= 8
    html = html_of(client.get("/communities/"))
    for name in ("解放路街道", "览景社区", "团结路街道", "金山路街道"):
        assert name in html


def test_community_page_shows_the_station_and_what_it_offers(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    html = html_of(client.get(lanjing.url))
    for text in (
        lanjing.station_name,
        lanjing.address,
        *lanjing.hours_lines,
        lanjing.phone,
        "网格",
    ):
        assert text in html
    for area in lanjing.function_area_list:
        assert area in html
    assert "雪板雪具免费寄存" in html
    offering = lanjing.services.first()
    assert offering.note in html
    assert "社区可以帮您代办" in html
    assert lanjing.proxy_guides.first().guide.title in html
    for team in lanjing.volunteer_teams.all():
        assert team.name in html
    latest = NewsPage.objects.live().child_of(lanjing).order_by("-date").first()
    assert latest.title in html
    assert 'href="/news/?community=lanjing"' in html


def test_notice_shows_until_its_end_and_only_on_its_community(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    hebin = CommunityPage.objects.get(slug="hebin")
    add_notice(lanjing, "明天停水通知", -1, 5)
    add_notice(lanjing, "上周的停电通知", -48, -24)
    add_notice(lanjing, "下周供暖检修", 72, 96)
    lanjing_news = NewsPage.objects.live().child_of(lanjing).first()

    for url in (lanjing.url, lanjing_news.url):
        html = html_of(client.get(url))
        assert "明天停水通知" in html
        assert "上周的停电通知" not in html
    # Upcoming ones are shown too, from publishing: residents prepare for a cut the day before.
    banner = html_of(client.get(lanjing_news.url)).split('aria-label="通知"')[1].split("</div>")[0]
    assert "下周供暖检修" in banner and "上周的停电通知" not in banner
    # Upcoming notices are listed on the community page itself.
    assert "下周供暖检修" in html_of(client.get(lanjing.url))
    assert "明天停水通知" not in html_of(client.get(hebin.url))
    assert "明天停水通知" not in html_of(client.get("/services/"))


def banner_of(response):
    html = html_of(response)
    return (
        html.split('aria-label="通知"')[1].split("</div>")[0] if 'aria-label="通知"' in html else ""
    )


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_notice_comes_and_goes_with_its_window_without_another_publish(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    notice = add_notice(lanjing, "下周供暖检修", 72, 96)
    news_url = NewsPage.objects.live().child_of(lanjing).first().url
    # Shown from publishing (residents prepare the day before), saying when it starts; then
    # while it runs; then gone, each without another publish.
    start = f"{timezone.localtime(notice.starts_at):%-m月%-d日 %H:%M} 开始"
    assert "下周供暖检修" in banner_of(client.get(news_url))
    assert start in banner_of(client.get(news_url))
    for hours, shown in ((73, True), (97, False)):
        later = timezone.now() + timezone.timedelta(hours=hours)
        with mock.patch("django.utils.timezone.now", return_value=later):
            banner = banner_of(client.get(news_url))
            assert ("下周供暖检修" in banner) is shown
            assert start not in banner


def test_city_wide_notice_shows_on_every_page(client):
    add_notice(
        CommunityIndexPage.objects.get(locale__language_code="zh-hans"),
        "全市道路除雪，部分路段临时封闭",
        -1,
        3,
        level="urgent",
    )
    for url in (
        "/",
        "/services/",
        "/guides/",
        CommunityPage.objects.get(slug="kelan").url,
        "/nope/",
    ):
        response = client.get(url)
        assert "全市道路除雪" in response.content.decode(), url

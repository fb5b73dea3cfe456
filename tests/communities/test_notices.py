"""Issue 15: notices as a first-class service, and the front door that shows them.

A notice made in the admin reaches residents everywhere they look (the home page, its community's
and street's pages, /notices/, search, both feeds, the API) and leaves the current lists on its own
when the outage ends, staying in the archive.
"""

import datetime
import json
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from django.test import override_settings
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from communities.models import CommunityPage, NoticePage
from home.models import HomePage
from tests.conftest import force_login, html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(response):
    return " ".join(BeautifulSoup(html_of(response), "html.parser").get_text(" ").split())


def listed_titles(response):
    """The notices a listing shows in its main content (the banner above it aside)."""
    main = BeautifulSoup(html_of(response), "html.parser").find("main")
    return [a.get_text() for a in main.select("li.card h3 a")]


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def notice_form(parent, **changes):
    now = timezone.now()
    data = {
        "title": "金山小区5号楼明日停水",
        "slug": "jinshan-block-5-water",
        "kind": "water",
        "level": "warning",
        "affected_area": "金山小区5号楼",
        "starts_at": local(now + datetime.timedelta(hours=20)),
        "ends_at": local(now + datetime.timedelta(hours=26)),
        "body": "更换5号楼供水立管，请提前储水。",
        "action-publish": "1",
    }
    data.update(changes)
    return data


def add_in_admin(client, parent, **changes):
    return client.post(
        f"/admin/pages/add/communities/noticepage/{parent.pk}/", notice_form(parent, **changes)
    )


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_notice_made_in_the_admin_reaches_every_place_and_leaves_after_its_end(
    client, admin_user
):
    jinshan = CommunityPage.objects.get(slug="jinshan")
    force_login(client, admin_user)
    response = add_in_admin(client, jinshan)
    assert response.status_code == 302, text_of(response)[:2000]
    notice = NoticePage.objects.get(slug="jinshan-block-5-water")
    assert notice.live and notice.status == "upcoming"
    client.logout()

    title = notice.title
    street = jinshan.get_parent()
    places = {
        "home": "/",
        "community": jinshan.url,
        "street": street.url,
        "notices": "/notices/",
        "newsroom": "/news/?community=jinshan",
    }
    for name, url in places.items():
        text = text_of(client.get(url))
        assert title in text, name
        assert "金山小区5号楼" in text, name
    # Its own page says what, where and when.
    page = text_of(client.get(notice.url))
    assert "停水" in page and "即将开始" in page and "金山社区" in page
    # Another community's page does not list it (the banner is the community's own).
    assert title not in text_of(client.get(CommunityPage.objects.get(slug="lanjing").url))
    # Search finds it.
    found = text_of(client.get("/search/", {"q": "金山小区 停水", "type": "notice"}))
    assert title in found.replace(" ", "")  # the matched words are marked up apart
    # Both feeds, city-wide and for the community.
    for url in ("/news/feed/rss/", "/news/feed/rss/?community=jinshan"):
        titles = [i.findtext("title") for i in ET.fromstring(client.get(url).content).iter("item")]
        assert f"【停水通知】{title}" in titles, url
    atom = ET.fromstring(client.get("/news/feed/atom/?community=jinshan").content)
    assert f"【停水通知】{title}" in [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]
    # The API, with its fields.
    found = client.get(
        "/api/v2/pages/",
        {"type": "communities.NoticePage", "fields": "kind,affected_area,starts_at,ends_at,status"},
    ).json()["items"]
    (item,) = [i for i in found if i["title"] == title]
    assert item["kind"] == "water" and item["affected_area"] == "金山小区5号楼"
    assert item["status"] == "upcoming"
    detail = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert detail["community_title"] == "金山社区" and detail["kind_label"] == "停水"

    # After the outage's end: gone from every current list, kept in the archive.
    later = notice.ends_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for name, url in places.items():
            if name == "notices":
                continue
            assert title not in text_of(client.get(url)), name
        assert title not in listed_titles(client.get("/notices/", {"status": "current"}))
        archive = BeautifulSoup(html_of(client.get("/notices/")), "html.parser")
        assert title not in archive.find(id="active-title").parent.get_text()
        assert title in archive.find(id="past-title").parent.get_text()
        assert title in listed_titles(client.get("/notices/", {"status": "past"}))


def test_the_notices_list_filters_by_community_type_and_status(client):
    listed = listed_titles(client.get("/notices/", {"kind": "water"}))
    for notice in NoticePage.objects.live():
        assert (notice.title in listed) == (notice.kind == "water"), notice.title
    kelan = listed_titles(client.get("/notices/", {"community": "kelan"}))
    assert "克兰小区燃气管道检修，暂停供气" in kelan and "览景小区1–6号楼临时停水" not in kelan
    current = listed_titles(client.get("/notices/", {"status": "current"}))
    upcoming = listed_titles(client.get("/notices/", {"status": "upcoming"}))
    for notice in NoticePage.objects.live():
        assert (notice.title in current) == (notice.status == "current"), notice.title
        assert (notice.title in upcoming) == (notice.status == "upcoming"), notice.title
    for query in ({"kind": "flood"}, {"status": "soon"}, {"community": "atlantis"}):
        response = client.get("/notices/", query)
        assert response.status_code == 404, query


def test_the_shipped_notices_are_current_upcoming_and_past():
    statuses = {notice.status for notice in NoticePage.objects.live()}
    assert statuses == {"current", "upcoming", "past"}
    assert NoticePage.objects.live().filter(level="urgent").exists()
    assert NoticePage.objects.live().filter(depth=4).exists()  # a city-wide one


def test_only_an_urgent_notice_may_start_in_the_past(client, admin_user):
    kelan = CommunityPage.objects.get(slug="kelan")
    force_login(client, admin_user)
    started = local(timezone.now() - datetime.timedelta(hours=3))
    response = add_in_admin(client, kelan, slug="gas-leak", starts_at=started)
    assert response.status_code == 200
    assert "开始时间已经过去" in text_of(response)
    assert not NoticePage.objects.filter(slug="gas-leak").exists()
    response = add_in_admin(client, kelan, slug="gas-leak", starts_at=started, level="urgent")
    assert response.status_code == 302
    assert NoticePage.objects.get(slug="gas-leak").status == "current"


def test_every_notice_field_tells_the_editor_what_to_write():
    for name in ("kind", "level", "affected_area", "starts_at", "ends_at", "body"):
        assert NoticePage._meta.get_field(name).help_text, name


# --- The front door ---------------------------------------------------------------------------


def test_the_home_page_is_a_front_door(client):
    response = client.get("/")
    soup = BeautifulSoup(html_of(response), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    # Current and upcoming notices, each with its community's name (or 全市).
    for notice in NoticePage.objects.live().filter(ends_at__gt=timezone.now())[:6]:
        assert notice.title in text
    kelan = soup.find("a", string="克兰小区燃气管道检修，暂停供气").find_parent("li")
    assert "克兰社区" in kelan.get_text() and "紧急" in kelan.get_text()
    # Upcoming activities with dates, the latest news and volunteer stories.
    assert soup.find(id="events-title") and soup.find(id="events-title").find_next("time")
    assert soup.find(id="news-title").find_next("ul").find_all("li")
    assert soup.find(id="stories-title").find_next("ul").find_all("li")
    # The editors' most-used services, in their order.
    home = HomePage.objects.get(locale__language_code="zh-hans")
    featured = [link.service.title for link in home.featured_services.order_by("sort_order")]
    shown = [a.get_text() for a in soup.find(id="popular-title").find_next("ul").find_all("a")]
    assert shown == featured and featured
    # Find my community, and the hotline.
    assert soup.find("form", attrs={"aria-label": "找社区"})["action"] == "/communities/"
    assert "12345" in text


def test_most_used_services_fall_back_to_what_residents_search_for(client):
    home = HomePage.objects.get(locale__language_code="zh-hans").get_latest_revision_as_object()
    home.featured_services = []
    home.save_revision().publish()
    for _ in range(5):
        Query.get("义诊").add_hit()
    soup = BeautifulSoup(html_of(client.get("/")), "html.parser")
    shown = [a.get_text() for a in soup.find(id="popular-title").find_next("ul").find_all("a")]
    assert shown[0] == "周五免费义诊" and len(shown) == 6


def test_the_home_page_weighs_under_100_kb(client):
    assert len(client.get("/").content) < 100 * 1024


@pytest.mark.parametrize(
    ("query", "community", "reason"),
    [
        ("览景小区", "览景社区", "服务览景小区（1–12号楼）"),
        ("林业局家属院", "松林社区", "服务林业局家属院"),
        ("恰秀社区", "恰秀社区", "恰秀社区"),
        ("团结路街道", "和平社区", "属于团结路街道"),
    ],
)
def test_find_my_community_by_compound_community_or_street(client, query, community, reason):
    soup = BeautifulSoup(html_of(client.get("/communities/", {"q": query})), "html.parser")
    cards = {card.find("h3").get_text(): card.get_text(" ") for card in soup.select("li.card")}
    assert community in cards and reason in cards[community]
    assert "找到" in soup.find(attrs={"role": "status"}).get_text()


def test_find_my_community_without_a_match_says_so_and_survives_odd_input(client):
    text = text_of(client.get("/communities/", {"q": "火星小区"}))
    assert "没有找到与“火星小区”有关的社区" in text
    for odd in ("\x00", "<script>", "览" * 5000, " "):
        assert client.get("/communities/", {"q": odd}).status_code == 200
    # Positive control: without a query every community is listed.
    listed = text_of(client.get("/communities/"))
    assert all(c.title in listed for c in CommunityPage.objects.live())


def test_compounds_are_searchable_and_in_the_api(client):
    songlin = CommunityPage.objects.get(slug="songlin")
    assert "林业局家属院" in songlin.compound_list
    assert songlin.title in text_of(client.get("/search/", {"q": "林业局家属院"}))
    data = client.get(f"/api/v2/pages/{songlin.pk}/").json()
    assert "林业局家属院" in data["compound_list"]


def test_notice_pages_are_not_in_the_sitemap_but_the_list_is(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" in sitemap:
        locations = [
            loc.text
            for loc in ET.fromstring(sitemap).iter(
                "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
            )
        ]
        sitemap = "".join(
            client.get(loc.replace("http://testserver", "")).content.decode() for loc in locations
        )
    assert "/notices/</loc>" in sitemap
    notice = NoticePage.objects.live().first()
    assert notice.url not in sitemap
    assert Page.objects.filter(slug="notices").exists()
    assert json.dumps  # keeps the import used for the API checks above readable

"""Places in a query: every public page type is found and says what it is; a street, community or
compound narrows and ranks the results; questions about a place are answered above them."""

import datetime
import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction

from communities.models import CommunityPage, StreetPage
from core.localization import in_default_language
from search import query as site_search
from services_catalog.models import CommunityService, ServicePage
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Saturday 20:00 UTC is already Sunday 04:00 in Beijing.
SATURDAY_NIGHT_UTC = datetime.datetime(2026, 12, 5, 20, 0, tzinfo=datetime.UTC)


def results(client, query, **params):
    """(url, kind label) of each result, in order."""
    soup = BeautifulSoup(html_of(client.get("/search/", {"q": query, **params})), "html.parser")
    found = []
    for item in soup.select("ol.search-results > li"):
        found.append((item.select_one("h2 a")["href"], item.select_one(".badge").get_text()))
    return found


def answer_card(client, query):
    soup = BeautifulSoup(html_of(client.get("/search/", {"q": query})), "html.parser")
    return soup.select_one("section.answer-card")


def text_of(element):
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


@pytest.mark.parametrize(
    ("query", "url", "label"),
    [
        ("解放路街道", "/communities/jiefanglu/", "街道"),
        ("览景社区党群服务中心", "/communities/jiefanglu/lanjing/", "社区"),
        (
            "览景小区1–6号楼临时停水",
            "/communities/jiefanglu/lanjing/lanjing-water-pipe-repair/",
            "通知",
        ),
        ("石榴籽", "/services/", "栏目"),
        ("雪板雪具免费寄存", "/services/ski-snowboard-free-storage/", "便民服务"),
        ("最低生活保障申请", "/guides/low-income-subsistence-allowance/", "政务指南"),
        (
            "城市观察官 找毛病",
            "/communities/jiefanglu/xueyuan/story-xueyuan-hazard-photos/",
            "志愿服务",
        ),
        ("冰溜子", "/communities/jinshanlu/jinshan/news-jinshan-red-property-icicles/", "社区动态"),
    ],
)
def test_every_public_page_type_is_found_and_says_what_it_is(client, query, url, label):
    found = results(client, query)
    assert (url, label) in found[:3], found[:5]


def test_a_street_lists_the_street_then_its_communities(client):
    found = [url for url, _label in results(client, "解放路街道")]
    street = StreetPage.objects.get(slug="jiefanglu")
    communities = [c.url for c in CommunityPage.objects.child_of(street).order_by("path")]
    assert found[: 1 + len(communities)] == [street.url, *communities]


def test_a_community_named_with_its_street_comes_first(client):
    found = [url for url, _label in results(client, "解放路街道览景社区")]
    assert found[:2] == ["/communities/jiefanglu/lanjing/", "/communities/jiefanglu/"]


def test_a_place_puts_what_it_offers_first(client):
    """览景 理发: the haircut 览景 offers first, with what 览景's station says about it."""
    lanjing = CommunityPage.objects.get(slug="lanjing")
    offered = set(
        in_default_language(ServicePage.objects)
        .filter(offered_at__community=lanjing)
        .values_list("url_path", flat=True)
    )
    html = html_of(client.get("/search/", {"q": "览景 理发"}))
    soup = BeautifulSoup(html, "html.parser")
    first = soup.select_one("ol.search-results > li")
    assert first.select_one("h2 a")["href"] == "/services/tuesday-free-haircut/"
    note = CommunityService.objects.get(
        community=lanjing, service__slug="tuesday-free-haircut"
    ).note
    assert f"览景社区：{note}" in text_of(first)
    assert "览景社区的服务、动态和通知排在前面" in text_of(soup)
    # Everything ranked before the first page that is not 览景's is 览景's.
    hits = site_search.search("览景 理发").hits
    places = [hit.in_place for hit in hits]
    assert places[: places.index(False)] == [True] * places.index(False)
    assert all(
        hit.path.startswith(lanjing.path) or hit.url_path in offered
        for hit in hits[: places.index(False)]
    )


def test_a_compound_leads_to_its_community(client):
    card = answer_card(client, "观雪苑小区属于哪个社区")
    assert "观雪苑小区属于览景社区" in text_of(card)
    assert results(client, "观雪苑小区属于哪个社区")[0][0] == "/communities/jiefanglu/lanjing/"


def test_a_question_about_a_community_gets_its_phone_address_and_todays_hours(client):
    card = answer_card(client, "览景社区电话")
    text = text_of(card)
    lanjing = CommunityPage.objects.get(slug="lanjing")
    assert card.select_one('a[href^="tel:+86-906-"]').get_text() == "0906-2123607"
    assert lanjing.address in text and lanjing.station_name in text
    # What was asked comes first.
    assert text.index("电话") < text.index("地址") < text.index("开放时间")
    address_first = text_of(answer_card(client, "雪苑社区在哪里"))
    assert address_first.index("地址") < address_first.index("电话")


def test_todays_hours_are_those_of_todays_weekday_in_beijing(client):
    with mock.patch("search.places.timezone.now", return_value=SATURDAY_NIGHT_UTC):
        text = text_of(answer_card(client, "雪苑社区几点开门"))
    # Sunday: only the children's room, 11:00–12:00, and the rows of every day.
    assert "今天（周日）开放时间" in text
    assert "11:00–12:00（周日上午只开放二楼儿童托管室（亲子绘本故事会））" in text
    assert "10:00–14:00" not in text  # a Monday-to-Saturday row


def test_a_station_closed_today_says_so(client, street):
    community = CommunityPageFactory(parent=street, title="测试闭馆社区", slug="test-closed")
    with mock.patch("search.places.timezone.now", return_value=SATURDAY_NIGHT_UTC):
        card = answer_card(client, "测试闭馆社区几点开门")
    assert card is not None
    assert "今天不开放" in text_of(card)
    assert community.title in text_of(card)


def test_a_street_office_question_gets_the_street_office(client):
    text = text_of(answer_card(client, "恰秀路街道电话"))
    street = StreetPage.objects.get(slug="qiaxiulu")
    assert street.phone in text and street.address in text
    assert "开放时间" not in text


@pytest.mark.parametrize("query", ["理发", "览景 理发", "电话", "寄存 几点"])
def test_no_card_without_a_question_about_a_place(client, query):
    assert answer_card(client, query) is None


def test_short_names_count_only_as_whole_words(client):
    understood = site_search.understand("民族团结")
    assert understood.places == []
    assert [p.title for p in site_search.understand("团结路街道").places] == ["团结路街道"]
    assert [p.title for p in site_search.understand("团结 食堂").places] == ["团结社区"]


def test_a_restricted_community_is_not_a_place(client):
    heping = CommunityPage.objects.get(slug="heping")
    PageViewRestriction.objects.create(page=heping, restriction_type="login")
    assert site_search.understand("和平社区电话").places == []
    assert answer_card(client, "和平社区电话") is None
    assert all(not url.startswith(heping.url) for url, _ in results(client, "和平社区"))


def test_the_community_filter_keeps_its_offerings_guides_and_pages(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    found = results(client, "寄存", community="lanjing")
    offered = set(
        in_default_language(ServicePage.objects)
        .filter(offered_at__community=lanjing)
        .values_list("url_path", flat=True)
    )
    assert found
    for url, label in found:
        assert url.startswith(lanjing.url) or f"/home{url}" in offered, (url, label)


def test_a_new_station_is_a_place_at_once(client, street):
    """Publishing a community starts a new cache generation: search knows it without a restart."""
    assert site_search.understand("测试新站社区电话").places == []
    CommunityPageFactory(parent=street, title="测试新站社区", slug="test-new-station")
    assert [p.title for p in site_search.understand("测试新站社区电话").places] == ["测试新站社区"]

"""导航: links from each station to the Amap and Baidu map apps, built from its WGS-84 coordinates,
on the community page and the community cards. (The nearest-first sorting on /communities/ runs
in the browser: tests/browser/test_directions.py.)"""

from decimal import Decimal
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from communities.models import CommunityPage
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = pytest.mark.django_db


def direction_links(html, within=None):
    """{app: (url, its query as a dict of single values)} of the 导航 links in the page (or in
    the element `within` finds)."""
    soup = BeautifulSoup(html, "html.parser")
    scope = within(soup) if within else soup
    links = {}
    for link in scope.select("a.directions__link"):
        url = link["href"]
        app = urlsplit(url).hostname
        links[app] = (
            url,
            {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()},
        )
        assert link.get("rel") == ["noopener"]
    return links


def numbers(pair):
    return tuple(Decimal(part) for part in pair.split(","))


@pytest.mark.e2e
def test_the_lanjing_page_links_to_both_map_apps_with_its_wgs84_coordinates(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    html = html_of(client.get(lanjing.url))
    links = direction_links(html)
    assert set(links) == {"uri.amap.com", "api.map.baidu.com"}

    amap_url, amap = links["uri.amap.com"]
    assert amap_url.startswith("https://uri.amap.com/marker?")
    assert numbers(amap["position"]) == (lanjing.longitude, lanjing.latitude)  # lon,lat
    assert amap["coordinate"] == "wgs84"
    assert amap["callnative"] == "1"
    assert amap["name"] == "览景社区党群服务中心"
    assert "name=" + quote("览景社区党群服务中心") in amap_url

    baidu_url, baidu = links["api.map.baidu.com"]
    assert baidu_url.startswith("https://api.map.baidu.com/marker?")
    assert numbers(baidu["location"]) == (lanjing.latitude, lanjing.longitude)  # lat,lng
    assert baidu["coord_type"] == "wgs84"
    assert baidu["output"] == "html"
    assert baidu["src"] == "webapp.xuedu.portal"
    assert baidu["title"] == "览景社区党群服务中心"
    assert baidu["content"] == lanjing.address
    assert "title=" + quote("览景社区党群服务中心") in baidu_url

    # The address stays, the raw coordinates are gone, and nothing is loaded from a map site.
    assert lanjing.address in html
    assert "北纬" not in html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["img", "script", "iframe", "link"]):
        source = element.get("src") or element.get("href") or ""
        assert "amap" not in source and "baidu" not in source, element


def test_a_station_without_coordinates_shows_its_address_and_no_links(client, street):
    located = CommunityPageFactory(
        parent=street, latitude=Decimal("47.8612"), longitude=Decimal("88.1354")
    )
    unlocated = CommunityPageFactory(parent=street, address="阿勒泰市测试路9号")

    assert set(direction_links(html_of(client.get(located.url)))) == {
        "uri.amap.com",
        "api.map.baidu.com",
    }
    html = html_of(client.get(unlocated.url))
    assert direction_links(html) == {}
    assert "阿勒泰市测试路9号" in html


def test_names_are_percent_encoded(client, street):
    community = CommunityPageFactory(
        parent=street,
        station_name="A&B 服务站#1",
        address="测试路 9号?楼=2",
        latitude=Decimal("47.85"),
        longitude=Decimal("88.14"),
    )
    links = direction_links(html_of(client.get(community.url)))

    amap_url, amap = links["uri.amap.com"]
    assert "name=A%26B%20%E6%9C%8D%E5%8A%A1%E7%AB%99%231&" in amap_url
    assert amap["name"] == "A&B 服务站#1"
    baidu_url, baidu = links["api.map.baidu.com"]
    assert baidu["title"] == "A&B 服务站#1"
    assert baidu["content"] == "测试路 9号?楼=2"
    assert "content=%E6%B5%8B%E8%AF%95%E8%B7%AF%209%E5%8F%B7%3F%E6%A5%BC%3D2&" in baidu_url
    assert numbers(amap["position"]) == (Decimal("88.14"), Decimal("47.85"))


def test_community_cards_on_the_index_and_street_pages_have_the_links(client, street):
    located = CommunityPageFactory(
        parent=street, title="有坐标社区", latitude=Decimal("47.8612"), longitude=Decimal("88.1354")
    )
    unlocated = CommunityPageFactory(parent=street, title="无坐标社区")

    def card_of(community):
        return lambda soup: soup.find("a", string=community.title).find_parent("li")

    for url in ("/communities/", street.url):
        html = html_of(client.get(url))
        assert set(direction_links(html, within=card_of(located))) == {
            "uri.amap.com",
            "api.map.baidu.com",
        }, url
        assert direction_links(html, within=card_of(unlocated)) == {}, url

    # The index's cards carry the coordinates the in-browser sorting reads.
    soup = BeautifulSoup(html_of(client.get("/communities/")), "html.parser")
    card = card_of(located)(soup)
    assert (Decimal(card["data-lat"]), Decimal(card["data-lng"])) == (
        Decimal("47.8612"),
        Decimal("88.1354"),
    )
    assert card["data-street"] == street.title
    assert not card_of(unlocated)(soup).has_attr("data-lat")


def test_the_index_loads_the_sorting_script_deferred_and_allows_own_geolocation(client):
    response = client.get("/communities/")
    soup = BeautifulSoup(html_of(response), "html.parser")
    script = soup.find("script", src=lambda src: src and "nearest_stations" in src)
    assert script is not None and script.has_attr("defer")
    assert soup.find(attrs={"data-nearest-stations": True}) is not None
    assert "geolocation=(self)" in response["Permissions-Policy"]
    # The admin may not ask for the position at all.
    assert "geolocation=()" in client.get("/admin/login/")["Permissions-Policy"]

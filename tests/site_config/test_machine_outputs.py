"""Issue 18: what crawlers and other systems read passes the parsers they use.

robots.txt is read the same by Python's parser and protego (first-match and longest-match rules
agree); Atom feeds meet RFC 4287's must-haves (feedparser reads them without a bozo flag, every
entry has an author, every feed its own id and self link); one public base URL everywhere;
listings have canonical URLs of their own.
"""

import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import feedparser
import pytest
from bs4 import BeautifulSoup
from protego import Protego

from django.test import override_settings

from wagtail.models import Site

from core.localization import in_default_language
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = "http://testserver"


def robots_parsers(client):
    text = client.get("/robots.txt").content.decode()
    standard = RobotFileParser()
    standard.parse(text.splitlines())
    return text, standard, Protego.parse(text)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),
        ("/services/", True),
        ("/guides/low-income-subsistence-allowance/", True),
        ("/admin/", False),
        ("/admin/pages/", False),
        ("/search/?q=寄存", False),
        ("/preferences/?size=large", False),
        ("/documents/1/file.pdf", False),
    ],
)
def test_robots_rules_read_the_same_by_first_match_and_longest_match_parsers(client, path, allowed):
    text, standard, protego = robots_parsers(client)
    # Python's parser takes the first matching line (as Baidu documents); protego the longest.
    assert standard.can_fetch("Baiduspider", ROOT + path) is allowed
    assert protego.can_fetch(ROOT + path, "Baiduspider") is allowed
    assert text.index("Disallow: /admin/") < text.index("Allow: /")
    assert list(protego.sitemaps) == [f"{ROOT}/sitemap.xml"]


FEEDS = [
    "/news/feed/atom/",
    "/news/feed/atom/?community=lanjing",
    "/news/feed/atom/?kind=story",
    "/news/feed/atom/?street=jiefanglu",
]


def test_atom_feeds_meet_rfc_4287(client):
    ids = set()
    for url in FEEDS:
        response = client.get(url)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        root = ET.fromstring(response.content)
        feed_id = root.findtext(f"{ATOM}id")
        assert feed_id not in ids, url  # each feed its own atom:id
        ids.add(feed_id)
        self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert self_link and self_link[0].get("href") == ROOT + url, url
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        entries = root.findall(f"{ATOM}entry")
        assert entries, url
        for entry in entries:
            # §4.1.1: an entry needs an author when the feed has none; we give every entry one.
            assert entry.findtext(f"{ATOM}author/{ATOM}name"), url
            assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(ROOT + "/"), link


def test_rss_self_links_are_the_feeds_own(client):
    for url in ("/news/feed/rss/", "/news/feed/rss/?community=lanjing"):
        root = ET.fromstring(client.get(url).content)
        atom_link = root.find(f"channel/{ATOM}link")
        assert atom_link.get("href") == ROOT + url
        assert not feedparser.parse(client.get(url).content).bozo


@override_settings(ALLOWED_HOSTS=["*"])
def test_one_public_base_url_whatever_host_the_request_names(client, request):
    """Pages, feeds, sitemaps and robots.txt all use the Site's address, not the Host header."""
    # The rollback after the test restores the Site but not Wagtail's cached site root paths (in
    # the default cache): without this, later tests in the worker get this test's address.
    request.addfinalizer(Site.clear_site_root_paths_cache)
    site = Site.objects.get(is_default_site=True)
    original = site.hostname, site.port
    site.hostname, site.port = "xuedu.example.cn", 443
    site.save()
    try:
        check_public_address(client, "https://xuedu.example.cn")
    finally:
        # Saving again (not only the rollback) clears the processes' cached Site.
        site.hostname, site.port = original
        site.save()


def check_public_address(client, public):
    other = {"HTTP_HOST": "127.0.0.1:8101"}
    home = BeautifulSoup(html_of(client.get("/", **other)), "html.parser")
    assert home.find("link", rel="canonical")["href"] == public + "/"
    robots = client.get("/robots.txt", **other).content.decode()
    assert f"Sitemap: {public}/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", **other).content.decode()
    assert public in sitemap and "8101" not in sitemap
    feed = client.get("/news/feed/atom/", **other).content.decode()
    assert public in feed and "127.0.0.1" not in feed


def canonical(client, url):
    soup = BeautifulSoup(html_of(client.get(url)), "html.parser")
    link = soup.find("link", rel="canonical")
    return link["href"] if link else None


def test_listings_have_canonical_urls_of_their_own(client):
    assert canonical(client, "/news/") == ROOT + "/news/"
    assert canonical(client, "/news/?kind=story") == ROOT + "/news/?kind=story"
    assert canonical(client, "/news/?page=2") == ROOT + "/news/?page=2"
    assert canonical(client, "/news/?kind=story&page=2") == ROOT + "/news/?kind=story&page=2"
    # Filters that only narrow a list keep the list's canonical.
    assert canonical(client, "/news/?community=lanjing") == ROOT + "/news/"


def test_a_missing_page_has_no_canonical_and_is_not_indexed(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("meta", property="og:url") is None


# --- The API ------------------------------------------------------------------------------------


def test_the_api_says_when_each_page_changed_and_filters_by_it(client):
    from services_catalog.models import ServicePage

    listing = client.get("/api/v2/pages/", {"type": "services_catalog.ServicePage"}).json()
    first = listing["items"][0]
    assert first["meta"]["last_published_at"]
    everything = listing["meta"]["total_count"]
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    service.save_revision().publish()
    since = service.last_published_at.isoformat()
    recent = client.get(
        "/api/v2/pages/", {"type": "services_catalog.ServicePage", "modified_since": since}
    ).json()
    ids = [item["id"] for item in recent["items"]]
    assert service.pk in ids and len(ids) < everything
    for item in recent["items"]:
        assert item["meta"]["last_published_at"] >= since[:19]
    assert client.get("/api/v2/pages/", {"modified_since": "2026-11-01"}).status_code == 200
    for bad in ("yesterday", "2026-13-01", "2026-11-01T25:00"):
        assert client.get("/api/v2/pages/", {"modified_since": bad}).status_code == 400, bad


def test_the_api_gives_coordinates_as_numbers_and_hours_as_rows(client):
    from communities.models import CommunityPage

    lanjing = CommunityPage.objects.get(slug="lanjing")
    data = client.get(f"/api/v2/pages/{lanjing.pk}/").json()
    assert data["latitude"] == float(lanjing.latitude)
    assert isinstance(data["longitude"], float)
    row = data["opening_hours_specification"][0]
    assert row["opens"].endswith("+08:00") and row["dayOfWeek"]


def test_an_unknown_category_is_refused_like_an_unknown_community(client):
    query = {"type": "services_catalog.ServicePage"}
    assert client.get("/api/v2/pages/", {**query, "category": "nothing"}).status_code == 400
    assert client.get("/api/v2/pages/", {**query, "community": "nowhere"}).status_code == 400
    assert client.get("/api/v2/pages/", {**query, "category": "elderly-care"}).status_code == 200


def test_any_web_page_may_read_the_api(client):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://portal.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    # Pages are not the API: no CORS there.
    assert "Access-Control-Allow-Origin" not in client.get("/")


# --- Compression -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/services/", "/news/feed/rss/", "/sitemap-pages.xml", "/services/catalogue.csv"]
)
def test_pages_feeds_and_data_are_sent_compressed(client, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip", url
    assert "Accept-Encoding" in response["Vary"]


def test_pages_that_carry_a_csrf_token_are_not_compressed(admin_client):
    # BREACH: a response with a secret and reflected text must not be compressed.
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "Content-Encoding" not in response
    login = admin_client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in login


def test_a_print_page_is_noindex_without_a_canonical(client):
    from services_catalog.models import GuidePage

    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    soup = BeautifulSoup(html_of(client.get(guide.url + "print/")), "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert soup.find("link", rel="canonical") is None
    # Positive control: the guide itself has its canonical.
    assert canonical(client, guide.url) == ROOT + guide.url


# --- Sitemaps against the protocol's schema ------------------------------------------------------

XSD = __import__("pathlib").Path(__file__).parent / "xsd"


def schema(name):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD / name)))


def test_the_sitemaps_are_valid_against_the_protocol_schema(client):
    from lxml import etree

    index = etree.fromstring(client.get("/sitemap.xml").content)
    schema("siteindex.xsd").assertValid(index)
    urls = 0
    for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        page = etree.fromstring(client.get(loc.text.replace(ROOT, "")).content)
        schema("sitemap.xsd").assertValid(page)
        urls += len(page)
    assert urls > 200
    # Negative control: the schema does refuse a sitemap that breaks the protocol.
    broken = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><lastmod>yesterday</lastmod><loc>/relative/</loc></url></urlset>"
    )
    assert not schema("sitemap.xsd").validate(broken)

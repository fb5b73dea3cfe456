"""Malformed input to every public URL pattern: never a 500."""

import pytest

from communities.models import CommunityPage
from news.models import NewsPage, StoryPage
from services_catalog.models import GuidePage, ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

NASTY_VALUES = [
    "",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "😀" * 500,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"',
    "%00",
    "../../etc/passwd",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "\u202e\u200b",
    "寄存" * 3000,
]
PARAMS = [
    "q",
    "page",
    "type",
    "community",
    "street",
    "kind",
    "tag",
    "month",
    "category",
    "audience",
    "theme",
    "proxy",
    "group",
    "limit",
    "offset",
    "fields",
    "mode",
    "text",
    "contrast",
    "next",
    "order",
    "search",
]


def public_urls():
    guide = GuidePage.objects.first()
    return [
        "/",
        "/services/",
        "/services/category/elderly-care/",
        ServicePage.objects.first().url,
        "/guides/",
        guide.url,
        guide.url + "print/",
        guide.url + "qr/",
        "/communities/",
        "/communities/jiefanglu/",
        CommunityPage.objects.first().url,
        "/news/",
        NewsPage.objects.first().url,
        StoryPage.objects.first().url,
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/search/",
        "/search/suggest/",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v2/pages/",
        "/services/catalogue.csv",
        "/guides/catalogue.csv",
        "/preferences/",
        "/preferences.css",
        "/admin/login/",
    ]


@pytest.mark.slow
def test_every_public_url_survives_malformed_query_parameters(client):
    client.raise_request_exception = False
    failures = []
    for url in public_urls():
        for value in NASTY_VALUES:
            params = dict.fromkeys(PARAMS, value)
            response = client.get(url, params)
            if response.status_code >= 500:
                failures.append((url, repr(value[:20]), response.status_code))
    assert not failures, failures


def test_repeated_and_odd_parameters(client):
    client.raise_request_exception = False
    for url in public_urls():
        response = client.get(url + "?page=1&page=2&q=a&q=b&type[]=x&%ZZ=1&=&&&")
        assert response.status_code < 500, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_wrong_methods_are_refused_cleanly(client, method):
    client.raise_request_exception = False
    for url in public_urls():
        response = getattr(client, method)(
            url, data="x=1", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (method, url, response.status_code)


def test_bad_host_headers_are_400(client):
    client.raise_request_exception = False
    for host in ("evil.example", "a" * 300, "[::1", "testserver\x00evil", "evil.example:80"):
        assert client.get("/", HTTP_HOST=host).status_code == 400, host


def test_missing_pages_and_paths_are_404(client):
    for url in (
        "/no-such-page/",
        "/services/no-such-service/",
        "/guides/x/print/",
        "/news/feed/",
        "/services/category/",
        "/communities/jiefanglu/no-community/",
        "/%00/",
        "/" + "a/" * 300,
    ):
        assert client.get(url).status_code == 404, url

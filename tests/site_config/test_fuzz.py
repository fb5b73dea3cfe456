"""Malformed input to every public URL pattern and the API, one parameter at a time: never a 500
(and never the outage page: only a real outage may show it)."""

import pytest

from communities.models import CommunityPage
from news.models import NewsPage, StoryPage
from services_catalog.models import GuidePage, ServicePage

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

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
# What the API reads besides the above (Wagtail's own parameters and ours).
API_PARAMS = [
    "id",
    "html_path",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "search_operator",
    "locale",
    "site",
    "show_in_menus",
    "slug",
    "title",
]
# All parameters at once, on every URL, with these.
SHARP_VALUES = ["\x00", "x" * 10_000, "😀" * 500, '"', "-1", "99999999999999999999999", "1e309"]


def public_urls():
    """Every public URL pattern, with the query parameters it reads."""
    guide = GuidePage.objects.first()
    feed_params = ["community", "street", "kind", "tag", "month"]
    return {
        "/": [],
        "/services/": ["audience", "category", "community"],
        "/services/category/elderly-care/": ["audience", "community"],
        ServicePage.objects.first().url: [],
        "/guides/": ["theme", "type", "proxy", "group"],
        guide.url: [],
        guide.url + "print/": [],
        guide.url + "qr/": [],
        "/communities/": [],
        "/communities/jiefanglu/": [],
        CommunityPage.objects.first().url: [],
        "/news/": [*feed_params, "page"],
        NewsPage.objects.first().url: [],
        StoryPage.objects.first().url: [],
        "/news/feed/rss/": feed_params,
        "/news/feed/atom/": feed_params,
        "/search/": ["q", "type", "community", "page"],
        "/search/suggest/": ["q"],
        "/sitemap.xml": [],
        "/sitemap-pages.xml": ["p"],
        "/robots.txt": [],
        "/services/catalogue.csv": [],
        "/guides/catalogue.csv": [],
        "/preferences/": ["mode", "text", "contrast", "next"],
        "/preferences.css": [],
        "/admin/login/": ["next"],
        "/take-part/": [],
        "/take-part/wish/": ["community"],
        "/take-part/report/": ["community"],
        "/take-part/storage/": ["community"],
        "/take-part/correction/": ["page"],
        "/take-part/feedback/": ["page", "useful"],
        "/take-part/status/": ["code"],
        "/take-part/wishes/": [],
    }


def api_urls():
    """The API's endpoints, each with every parameter the API reads (Wagtail's and ours)."""
    page = ServicePage.objects.first()
    params = ["type", "fields", "order", "limit", "offset", "search", "category", "community"]
    urls = ["/api/v2/pages/", "/api/v2/pages/find/", f"/api/v2/pages/{page.pk}/"]
    return {url: [*params, *API_PARAMS] for url in urls}


def failures_for(client, url, params):
    """Each parameter the URL reads, alone, with every nasty value: the first 400 hides nothing."""
    client.raise_request_exception = False
    failures = []
    for param in params:
        for value in NASTY_VALUES:
            response = client.get(url, {param: value})
            if response.status_code >= 500:
                failures.append((url, param, repr(value[:20]), response.status_code))
    return failures


@pytest.mark.fuzz
@pytest.mark.parametrize("number", range(34))
def test_every_public_url_survives_each_malformed_parameter_alone(client, number):
    url, params = list(public_urls().items())[number]
    assert not failures_for(client, url, params)


@pytest.mark.fuzz
@pytest.mark.parametrize("number", range(3))
def test_the_api_survives_each_malformed_parameter_alone(client, number):
    url, params = list(api_urls().items())[number]
    assert not failures_for(client, url, params)


def test_all_parameters_at_once_as_well(client):
    client.raise_request_exception = False
    for url in [*public_urls(), *api_urls()]:
        for value in SHARP_VALUES:
            response = client.get(url, dict.fromkeys(PARAMS + API_PARAMS, value))
            assert response.status_code < 500, (url, repr(value[:20]))


def test_fixed_api_inputs_give_clear_400s_and_searches_work(client):
    """What the per-parameter fuzz found: each was a 500 or the outage page."""
    client.raise_request_exception = False
    for url in (
        "/api/v2/pages/find/?id=abc",
        "/api/v2/pages/?offset=99999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert response.json()["message"]
    for query in ('"', '"寄存', 'a"b'):
        response = client.get("/api/v2/pages/", {"search": query})
        assert response.status_code == 200, (query, response.status_code)
    # Positive controls: a real search and a real id still work.
    found = client.get("/api/v2/pages/", {"search": "寄存"}).json()
    assert found["meta"]["total_count"] > 0
    page = ServicePage.objects.first()
    assert client.get("/api/v2/pages/find/", {"id": page.pk}).status_code == 302


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

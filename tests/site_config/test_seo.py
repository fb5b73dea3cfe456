"""What search engines and other systems read: head metadata, JSON-LD, sitemap, robots, API, CSV."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from communities.models import CommunityPage, NoticePage
from core.localization import in_default_language
from core.phones import international, phone_list
from news.models import NewsPage, StoryPage
from services_catalog.models import GuidePage, ServicePage
from site_config.sitemaps import PagesSitemap
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
ROOT = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BAIDU_MOBILE = "{http://www.baidu.com/schemas/sitemap-mobile/1/}"


def sample_urls():
    news = NewsPage.objects.live().exclude(event_start=None).first()
    return {
        "home": "/",
        "catalogue": "/services/",
        "category": "/services/category/elderly-care/",
        "service": in_default_language(ServicePage.objects).get(code="FW-101").url,
        "guides": "/guides/",
        "guide": in_default_language(GuidePage.objects).get(code="ZN-001").url,
        "communities": "/communities/",
        "street": "/communities/jiefanglu/",
        "community": CommunityPage.objects.get(slug="lanjing").url,
        "newsroom": "/news/",
        "news": news.url,
        "story": StoryPage.objects.live().first().url,
        "search": "/search/?q=寄存",
    }


def head(client, url):
    soup = BeautifulSoup(html_of(client.get(url)), "html.parser")
    meta = {
        tag.get("property") or tag.get("name"): tag.get("content")
        for tag in soup.find_all("meta")
        if tag.get("property") or tag.get("name")
    }
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return soup, meta, blocks


def by_type(blocks, kind):
    return [b for b in blocks if b["@type"] == kind]


def test_every_page_type_has_complete_head_metadata(client):
    titles = set()
    for name, url in sample_urls().items():
        soup, meta, blocks = head(client, url)
        title = soup.title.string
        assert title.endswith(" - 雪都社区服务网") and title not in titles, name
        titles.add(title)
        assert meta["description"].strip(), name
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == ROOT + url.split("?")[0], name
        assert meta["og:url"] == canonical and meta["og:locale"] == "zh_CN", name
        assert meta["og:title"] and meta["og:description"] == meta["description"], name
        assert meta["applicable-device"] == "pc,mobile", name
        # Every page shares an image, its own or the site's default.
        assert meta["og:image"].startswith(ROOT + "/"), name
        # The visible breadcrumb and the BreadcrumbList are the same trail; the home page, a
        # trail of one, has none.
        if name == "home":
            assert by_type(blocks, "BreadcrumbList") == []
            continue
        trail = by_type(blocks, "BreadcrumbList")[0]["itemListElement"]
        visible = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
        assert visible == [item["name"] for item in trail], name
        assert trail[0]["item"] == ROOT + "/"
        assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))


def test_home_declares_the_website_and_its_search(client):
    _soup, _meta, blocks = head(client, "/")
    site = by_type(blocks, "WebSite")[0]
    assert site["url"] == ROOT + "/"
    assert (
        site["potentialAction"]["target"]["urlTemplate"] == ROOT + "/search/?q={search_term_string}"
    )


def test_guide_is_a_government_service_with_its_faq(client):
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    _soup, _meta, blocks = head(client, guide.url)
    service = by_type(blocks, "GovernmentService")[0]
    assert service["name"] == guide.title and service["url"] == ROOT + guide.url
    assert service["serviceType"] == guide.item_type
    assert service["provider"]["name"] == guide.authority.name
    assert service["provider"]["identifier"] == guide.authority.credit_code
    assert service["areaServed"]["name"] == "阿勒泰市"
    assert service["audience"]["audienceType"] == guide.audience
    *stations, channel = service["availableChannel"]
    assert [station["name"] for station in stations] == [
        community["station_name"] for community in guide.handling_communities
    ]
    assert channel["servicePhone"]["telephone"] == [international(n) for n in guide.phone_list]
    assert channel["serviceLocation"]["name"] == guide.location
    # 20 working days is no fixed duration: no processingTime rather than a wrong one.
    assert guide.promised_unit == "工作日" and "processingTime" not in channel
    if guide.online:
        assert channel["serviceUrl"] == guide.online_url
    faq = by_type(blocks, "FAQPage")[0]
    assert len(faq["mainEntity"]) == len(guide.faq)
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == guide.faq[0].value["answer"]


def test_service_is_a_service_offered_at_its_communities(client):
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    _soup, _meta, blocks = head(client, service.url)
    data = by_type(blocks, "Service")[0]
    assert data["offers"]["price"] == "0" and data["offers"]["priceCurrency"] == "CNY"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["areaServed"]["name"] == "阿勒泰市"
    assert {a["audienceType"] for a in data["audience"]} == set(service.audience_names)
    stations = {c["serviceLocation"]["name"] for c in data["availableChannel"]}
    assert "览景社区党群服务中心" in stations


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_community_is_a_government_office(client):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    _soup, _meta, blocks = head(client, lanjing.url)
    office = by_type(blocks, "GovernmentOffice")[0]
    assert office["telephone"] == [international(n) for n in phone_list(lanjing.phone)]
    assert office["address"]["streetAddress"] == lanjing.address
    assert office["geo"]["latitude"] == float(lanjing.latitude)
    hours = office["openingHoursSpecification"]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [f"https://schema.org/{day}" for day in WEEKDAYS],
        "opens": "10:00:00+08:00",
        "closes": "20:00:00+08:00",
    } in hours


def test_news_is_a_news_article_and_upcoming_activity_an_event(client):
    news = (
        NewsPage.objects.live()
        .filter(event_start__gt=timezone.now())
        .order_by("event_start")
        .first()
    )
    _soup, meta, blocks = head(client, news.url)
    article = by_type(blocks, "NewsArticle")[0]
    assert article["headline"] == news.title
    # A date-time with the +08:00 offset, an image and the author's page.
    assert article["datePublished"].startswith(news.date.isoformat() + "T")
    assert article["datePublished"].endswith("+08:00")
    assert article["dateModified"].endswith("+08:00")
    assert article["publisher"]["name"] == "雪都社区服务网"
    assert article["image"].startswith(ROOT + "/")
    community = news.get_parent()
    assert article["author"] == {
        "@type": "Organization",
        "name": community.title,
        "url": ROOT + community.url,
    }
    event = by_type(blocks, "Event")[0]
    assert event["startDate"] == timezone.localtime(news.event_start).isoformat()
    assert event["endDate"] == timezone.localtime(news.event_end_or_default).isoformat()
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["name"]
    assert event["location"]["address"]["@type"] == "PostalAddress"
    assert event["location"]["address"]["addressCountry"] == "CN"
    assert meta["og:type"] == "article"
    # A past activity is news, not an invitation: no Event.
    past = (
        NewsPage.objects.live()
        .filter(event_start__lt=timezone.now() - timezone.timedelta(days=1))
        .first()
    )
    if past is None:
        past = news
        NewsPage.objects.filter(pk=news.pk).update(
            event_start=timezone.now() - timezone.timedelta(days=3), event_end=None
        )
    _soup, _meta, blocks = head(client, past.url)
    assert by_type(blocks, "NewsArticle") and by_type(blocks, "Event") == []


def test_content_is_in_the_server_rendered_html(client):
    guide = in_default_language(GuidePage.objects).get(code="ZN-002")
    html = html_of(client.get(guide.url))
    for block in guide.materials:
        assert block.value["name"] in html


def sitemap_urls(client):
    """Every <url> of every file the sitemap index at /sitemap.xml lists."""
    index = ET.fromstring(html_of(client.get("/sitemap.xml")))
    urls = []
    for location in (loc.text for loc in index.iter(f"{SITEMAP}loc")):
        assert location.startswith(ROOT + "/sitemap-pages.xml")
        response = client.get(location.removeprefix(ROOT))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        urls.extend(ET.fromstring(response.content).findall(f"{SITEMAP}url"))
    return urls


def test_sitemap_lists_every_live_page_and_nothing_else(client):
    urls = sitemap_urls(client)
    locations = {u.findtext(f"{SITEMAP}loc") for u in urls}
    for page in [
        *in_default_language(ServicePage.objects).live(),
        *in_default_language(GuidePage.objects).live(),
        *NewsPage.objects.live(),
    ]:
        assert ROOT + page.url in locations
    assert ROOT + "/services/category/elderly-care/" in locations
    assert all(u.find(f"{BAIDU_MOBILE}mobile").get("type") == "pc,mobile" for u in urls)
    assert all(u.findtext(f"{SITEMAP}lastmod") for u in urls)
    assert all(loc.startswith(ROOT + "/") for loc in locations)


def test_sitemap_entries_are_what_the_pages_say_of_themselves(client):
    """The files are built from page rows: each Chinese address and date is the one Wagtail's
    page object gives (get_sitemap_urls), for every listed page, and notices are left out (the
    Kazakh entries and their hreflang pairs: tests/site_config/test_kazakh_outputs.py)."""
    from datetime import datetime

    listed = {
        url.findtext(f"{SITEMAP}loc"): datetime.fromisoformat(url.findtext(f"{SITEMAP}lastmod"))
        for url in sitemap_urls(client)
        if not url.findtext(f"{SITEMAP}loc").startswith(ROOT + "/kk/")  # translations: below
    }
    pages = in_default_language(Page.objects.live().public().filter(depth__gte=2)).specific()
    expected = {
        entry["location"]: entry["lastmod"]
        for page in pages
        for entry in page.get_sitemap_urls()
        if not isinstance(page, NoticePage)
    }
    assert listed == expected
    notices = NoticePage.objects.live()
    assert notices.exists() and not {notice.get_full_url() for notice in notices} & set(listed)


def test_sitemap_hides_drafts_and_private_pages(client):
    draft = NewsPage.objects.live().first()
    draft.unpublish()
    private = in_default_language(ServicePage.objects).get(code="FW-050")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    locations = {url.findtext(f"{SITEMAP}loc") for url in sitemap_urls(client)}
    assert ROOT + draft.url not in locations
    assert ROOT + private.url not in locations


def test_large_sites_get_several_sitemap_files(client, monkeypatch):
    monkeypatch.setattr(PagesSitemap, "limit", 40)
    # Files are cut by Chinese page (a translated page's Kazakh address goes in its page's file);
    # notices are not listed (short-lived: /notices/ and the feeds list them).
    live = (
        in_default_language(Page.objects.live().public().filter(depth__gte=2))
        .not_type(NoticePage)
        .count()
    )
    index = ET.fromstring(html_of(client.get("/sitemap.xml")))
    assert len(index.findall(f"{SITEMAP}sitemap")) == -(-live // 40) > 1
    locations = [url.findtext(f"{SITEMAP}loc") for url in sitemap_urls(client)]
    assert len(locations) == len(set(locations))
    assert ROOT + NewsPage.objects.live().order_by("path").last().url in locations
    for bad in ("?p=999", "?p=abc"):
        assert client.get("/sitemap-pages.xml" + bad).status_code == 404


def test_robots_txt(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /search/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.slow
def test_api_lists_the_112_services_with_their_fields(client):
    data = client.get(
        "/api/v2/pages/",
        {"type": "services_catalog.ServicePage", "fields": "*", "limit": 200},
    ).json()
    assert data["meta"]["total_count"] == 112
    item = next(i for i in data["items"] if i["code"] == "FW-101")
    assert item["category"]["slug"] == "tourists-ski"
    assert item["is_free"] is True and item["step_list"] and item["audience_names"]
    assert any(o["community_slug"] == "lanjing" for o in item["offered_at"])


def test_api_filters_by_category_and_community(client):
    elderly = client.get(
        "/api/v2/pages/", {"type": "services_catalog.ServicePage", "category": "elderly-care"}
    ).json()
    assert (
        elderly["meta"]["total_count"]
        == in_default_language(ServicePage.objects).filter(category__slug="elderly-care").count()
    )
    news = client.get("/api/v2/pages/", {"type": "news.NewsPage", "community": "lanjing"}).json()
    lanjing = CommunityPage.objects.get(slug="lanjing")
    assert news["meta"]["total_count"] == NewsPage.objects.live().child_of(lanjing).count()
    guide = client.get(
        "/api/v2/pages/",
        {"type": "services_catalog.GuidePage", "fields": "materials,faq,handling_communities"},
    ).json()["items"][0]
    assert guide["materials"] and guide["faq"]
    assert client.get("/api/v2/pages/", {"category": "x"}).status_code == 400
    assert client.get("/api/v2/pages/", {"community": "nowhere"}).status_code == 400


def test_api_never_exposes_drafts_or_private_pages(client):
    draft = in_default_language(ServicePage.objects).get(code="FW-010")
    draft.unpublish()
    private = in_default_language(ServicePage.objects).get(code="FW-011")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    data = client.get(
        "/api/v2/pages/", {"type": "services_catalog.ServicePage", "limit": 200}
    ).json()
    ids = {item["id"] for item in data["items"]}
    assert draft.pk not in ids and private.pk not in ids
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "rows"), [("/services/catalogue.csv", 112), ("/guides/catalogue.csv", 32)]
)
def test_catalogue_csvs_open_as_utf8_with_bom(client, url, rows):
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(records) == rows + 1
    assert all(len(r) == len(records[0]) for r in records)
    assert any("http://testserver/" in cell for cell in records[1])

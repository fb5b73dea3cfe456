"""Targeted invalidation (pagecache.tags, pagecache.registry): a change retires every cached
page that shows it — never a stale page — and leaves the pages that do not show it cached.

Each test warms the cache with every public page and the listings' variants, makes one change,
then fetches every URL again and compares it with a render that bypasses the cache.
"""

import datetime
import re
from unittest import mock

import pytest

from django.conf import settings
from django.db.models import Q
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import Locale, Page

from communities.models import CommunityPage, NoticePage, StreetPage
from core.localization import in_default_language
from news.models import NewsPage
from services_catalog.models import GuidePage, ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db]

CDN = {
    "default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:1",
    }
}


def unique(urls):
    return list(dict.fromkeys(urls))


def site_urls():
    """Every live public page (of the catalogue: the services and guides of 览景 and 团结 and a
    few more), the listings' filtered views, the feeds, sitemaps and the API."""
    catalogue = (ServicePage, GuidePage)
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    urls = [page.url for page in pages if not isinstance(page, catalogue)]
    linked = Q(offered_at__community__slug__in=["lanjing", "tuanjie"])
    urls += [page.url for page in ServicePage.objects.live().filter(linked).distinct()]
    urls += [page.url for page in ServicePage.objects.live().order_by("code")[:5]]
    handled = Q(handled_by__community__slug__in=["lanjing", "tuanjie"])
    urls += [page.url for page in GuidePage.objects.live().filter(handled).distinct()]
    urls += [page.url for page in GuidePage.objects.live().order_by("code")[:5]]
    for community in CommunityPage.objects.live():
        urls += [f"/news/?community={community.slug}", f"/notices/?community={community.slug}"]
        urls += [f"/services/?community={community.slug}"]
    for street in StreetPage.objects.live():
        urls.append(f"/news/?street={street.slug}")
    # The catalogue's translated pages, in both languages.
    for model in catalogue:
        for page in model.objects.live().exclude(locale__language_code=settings.LANGUAGE_CODE):
            urls += [page.url, page.url.removeprefix("/kk")]
    # Two communities' pages under /kk/ too (shown in Chinese there, the fallback): served from
    # the Chinese tree, they must be retired and purged with their Chinese addresses.
    urls += [
        "/kk" + page.url
        for slug in ("lanjing", "tuanjie")
        for page in Page.objects.live()
        .public()
        .descendant_of(in_default_language(CommunityPage.objects).get(slug=slug), True)
    ]
    urls += [
        "/news/?kind=story",
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/api/v2/pages/?type=news.NewsPage",
    ]
    return unique(urls)


# What differs between two renders of the same content: none today; kept as the place to say so.
VOLATILE = re.compile(r"$^")


def body(response):
    return VOLATILE.sub("", response.content.decode())


def warm(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    # Positive control for "HIT" below: every URL is now served from the cache.
    assert {url: client.get(url)["X-Cache"] for url in urls} == dict.fromkeys(urls, "HIT")


def after_change(client, urls):
    """{url: X-Cache} after a change; each response equals a render without the cache."""
    states, stale = {}, []
    for url in urls:
        response = client.get(url)
        states[url] = response["X-Cache"]
        with override_settings(PAGE_CACHE_SECONDS=0):
            fresh = Client().get(url)
        assert "X-Cache" not in fresh
        if body(response) != body(fresh):
            stale.append(url)

    assert stale == [], f"过期的缓存页面：{stale}"
    return states


def pages_of(community):
    return [page.url for page in Page.objects.live().public().descendant_of(community, True)]


@pytest.fixture
def urls():
    return site_urls()


@pytest.fixture
def communities():
    lanjing, other = (
        CommunityPage.objects.get(slug="lanjing"),
        CommunityPage.objects.get(slug="tuanjie"),
    )
    assert not other.path.startswith(lanjing.path[:-4])  # a community of another street
    return lanjing, other


def test_publishing_news_retires_the_pages_that_show_it_and_no_other_community(
    client, urls, communities
):
    lanjing, other = communities
    warm(client, urls)
    news = NewsPage(
        title="览景社区冰雕节开幕",
        slug="ice-sculpture-festival",
        summary="冰雕节今天开幕。",
        date=datetime.date.today() + datetime.timedelta(days=1),
        body=[("paragraph", "<p>冰雕节在社区广场举行。</p>")],
    )
    lanjing.add_child(instance=news)
    with (
        override_settings(WAGTAILFRONTENDCACHE=CDN),
        mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge") as purge,
    ):
        news.save_revision().publish()
    purged = {call.args[0].removeprefix("http://testserver") for call in purge.call_args_list}

    states = after_change(client, urls)
    missed = {url for url, state in states.items() if state == "MISS"}
    # Where it shows: its community, street, home, the newsroom (all its views) and the feeds.
    street = lanjing.get_parent()
    for url in (
        "/",
        lanjing.url,
        street.url,
        "/news/",
        "/news/?community=lanjing",
        "/news/feed/rss/",
    ):
        assert url in missed, url
    assert "览景社区冰雕节开幕" in client.get("/news/").content.decode()
    # Another community's pages and the catalogue stay cached.
    kept = [
        *pages_of(other),
        "/services/",
        in_default_language(ServicePage.objects).get(code="FW-101").url,
    ]
    assert [url for url in kept if states[url] != "HIT"] == []
    # The CDN is told the same pages (page URLs; it cannot purge each query string).
    page_urls = {url for url in urls if "?" not in url and not url.startswith(("/api", "/sitemap"))}
    assert purged & page_urls == missed & page_urls


def test_a_community_notice_reaches_its_pages_banners_and_lists_only(client, urls, communities):
    lanjing, other = communities
    warm(client, urls)
    now = timezone.now()
    notice = NoticePage(
        title="览景小区明日停水",
        slug="water-cut-tomorrow",
        kind="water",
        level="warning",
        affected_area="览景小区",
        body="请提前储水。",
        starts_at=now + datetime.timedelta(hours=20),
        ends_at=now + datetime.timedelta(hours=26),
    )
    lanjing.add_child(instance=notice)
    notice.save_revision().publish()

    states = after_change(client, urls)
    news_in_lanjing = NewsPage.objects.live().child_of(lanjing).first()
    for url in (news_in_lanjing.url, "/notices/", "/news/", "/"):
        assert states[url] == "MISS", url
    assert "览景小区明日停水" in client.get(news_in_lanjing.url).content.decode()  # its banner
    assert [url for url in pages_of(other) if states[url] != "HIT"] == []


def test_a_city_wide_notice_is_on_every_page(client, urls, community_index):
    warm(client, urls)
    now = timezone.now()
    notice = NoticePage(
        title="全市供暖管网检修",
        slug="city-heating-repair",
        kind="heating",
        level="urgent",
        affected_area="全市",
        body="请做好保暖。",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=6),
    )
    community_index.add_child(instance=notice)
    notice.save_revision().publish()
    states = after_change(client, urls)
    assert set(states.values()) == {"MISS"}


def test_a_community_that_stops_offering_a_service_leaves_that_service_page(client, urls):
    warm(client, urls)
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    link = service.offered_at.select_related("community").first()
    community = link.community.specific
    assert community.title in client.get(service.url).content.decode()
    community.services.remove(
        next(offering for offering in community.services.all() if offering.service_id == service.pk)
    )
    community.save_revision().publish()
    states = after_change(client, urls)
    assert states[service.url] == "MISS"
    # Positive control for precision: a service that community never offered stays cached.
    offered = set(community.services.values_list("service_id", flat=True)) | {service.pk}
    untouched = ServicePage.objects.live().exclude(pk__in=offered).first()
    assert states[untouched.url] == "HIT"


def test_a_community_that_starts_offering_a_service_reaches_that_service_page(client, urls):
    warm(client, urls)
    community = CommunityPage.objects.get(slug="lanjing")
    offered = set(community.services.values_list("service_id", flat=True))
    service = ServicePage.objects.live().exclude(pk__in=offered).first()
    community.services.add(community.services.model(service=service, note="每周三上午"))
    community.save_revision().publish()
    states = after_change(client, urls)
    assert states[service.url] == "MISS"
    assert community.title in client.get(service.url).content.decode()


def test_publishing_a_translation_retires_its_page_in_kazakh_and_purges_its_address(client, urls):
    """A /kk/ page is served from the Chinese tree with its translation laid over it: a change of
    the translation (in the Kazakh tree) retires the Chinese page's tags as shown in Kazakh."""
    warm(client, urls)
    chinese = in_default_language(ServicePage.objects).get(slug="tuesday-free-haircut")
    translated = chinese.get_translation(Locale.objects.get(language_code=settings.KAZAKH))
    kazakh_url = translated.url
    assert kazakh_url == "/kk" + chinese.url and kazakh_url in urls
    translated.title = "سەيسەنبى كۇنگى تەگىن شاش الۋ (جاڭا)"
    with (
        override_settings(WAGTAILFRONTENDCACHE=CDN),
        mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge") as purge,
    ):
        translated.save_revision().publish()
    purged = {call.args[0].removeprefix("http://testserver") for call in purge.call_args_list}

    states = after_change(client, urls)
    assert states[kazakh_url] == "MISS"
    assert translated.title in client.get(kazakh_url).content.decode()
    assert kazakh_url in purged
    # Positive control for precision: another translated service's pages stay cached.
    other = in_default_language(ServicePage.objects).get(slug="friday-free-clinic")
    assert states[other.url] == states["/kk" + other.url] == "HIT"


def test_a_draft_or_autosave_retires_nothing(client, urls):
    warm(client, urls)
    news = NewsPage.objects.live().first()
    news.title = "还没发布的标题"
    news.save_revision()
    assert {client.get(url)["X-Cache"] for url in urls} == {"HIT"}

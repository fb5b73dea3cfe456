"""The anonymous page cache: hits without queries, never for editors, invalidated by changes."""

from unittest import mock

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from communities.models import CommunityPage, NoticePage
from core.localization import in_default_language
from news.models import NewsPage
from pagecache.middleware import seconds_to_keep
from services_catalog.models import ServiceCategory, ServicePage
from tests.conftest import force_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_second_anonymous_view_is_a_hit_without_queries(client, django_assert_num_queries):
    first = client.get("/services/")
    assert first["X-Cache"] == "MISS"
    assert "s-maxage=" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/services/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_query_strings_are_cached_separately(client):
    client.get("/services/")
    filtered = client.get("/services/?audience=elderly")
    assert filtered["X-Cache"] == "MISS"
    assert filtered.content != client.get("/services/").content


def test_editors_and_previews_never_see_or_create_cached_copies(client, admin_user):
    force_login(client, admin_user)
    response = client.get("/services/")
    assert "X-Cache" not in response
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    preview = client.get(f"/admin/pages/{service.pk}/view_draft/")
    assert "X-Cache" not in preview
    client.logout()
    assert client.get("/services/")["X-Cache"] == "MISS"


def test_search_and_preference_links_are_not_cached(client):
    assert "X-Cache" not in client.get("/search/", {"q": "寄存"})
    assert "X-Cache" not in client.get("/preferences.css")


def test_publishing_a_change_invalidates_pages_that_show_it(client):
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    client.get(service.url)
    client.get("/services/")
    community = CommunityPage.objects.get(slug="lanjing")
    client.get(community.url)
    service.title = "雪具免费寄存（新版）"
    service.save_revision().publish()
    for url in (service.url, "/services/", community.url):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "雪具免费寄存（新版）" in response.content.decode(), url


def test_unpublish_move_and_delete_invalidate(client):
    news = NewsPage.objects.live().first()
    url = news.url
    assert client.get(url).status_code == 200
    news.unpublish()
    assert client.get(url).status_code == 404

    other = NewsPage.objects.live().exclude(pk=news.pk).first()
    old_url = other.url
    client.get(old_url)
    target = CommunityPage.objects.exclude(pk=other.get_parent().pk).first()
    other.move(target, pos="last-child")
    moved = client.get(old_url)  # Wagtail leaves a redirect behind, not the stale cached page
    assert moved.status_code == 301
    other.refresh_from_db()
    assert moved["Location"] == other.url

    third = NewsPage.objects.live().exclude(pk=other.pk).first()
    third_url = third.url
    client.get(third_url)
    third.delete()
    assert client.get(third_url).status_code == 404


def test_changing_a_category_invalidates_the_listings(client):
    client.get("/services/")
    category = ServiceCategory.objects.get(slug="elderly-care")
    category.name = "为老服务"
    category.save()
    assert "为老服务" in client.get("/services/").content.decode()


def test_pages_expire_when_a_notice_starts_or_ends():
    assert seconds_to_keep() > 0
    community = CommunityPage.objects.get(slug="lanjing")
    now = timezone.now()
    notice = NoticePage(
        title="明天停水",
        body="请储水。",
        kind="water",
        affected_area="览景小区",
        starts_at=now + timezone.timedelta(seconds=120),
        ends_at=now + timezone.timedelta(hours=5),
    )
    community.add_child(instance=notice)
    notice.save_revision().publish()
    assert 100 <= seconds_to_keep() <= 121


DEAD_REDIS = {
    "BACKEND": "pagecache.backends.TolerantRedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


def restriction_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q for q in captured if "wagtailcore_pageviewrestriction" in q["sql"]]


@override_settings(PAGE_CACHE_SECONDS=0)
def test_view_restrictions_are_looked_up_once_per_generation_and_never_stale(client):
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    url = service.url
    assert restriction_queries(client, url)  # the first view looks them up
    assert not restriction_queries(client, url)  # later views remember there are none

    restriction = PageViewRestriction.objects.create(
        page=service.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]

    restriction.delete()
    assert client.get(url).status_code == 200


def test_view_restrictions_hold_when_the_cache_server_is_down(client):
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    with override_settings(CACHES={"default": DEAD_REDIS, "pages": DEAD_REDIS}):
        assert client.get(service.url).status_code == 302


def test_cache_server_down_serves_from_the_database(client):
    # Django rebuilds its cache connections when CACHES is overridden.
    with override_settings(CACHES={"default": DEAD_REDIS, "pages": DEAD_REDIS}):
        response = client.get("/services/")
        assert response.status_code == 200
        assert "雪板雪具免费寄存" in response.content.decode()
        service = in_default_language(ServicePage.objects).get(code="FW-001")
        service.save_revision().publish()  # invalidation fails quietly, publishing still works
        assert in_default_language(ServicePage.objects).get(code="FW-001").live


def test_publishing_purges_the_page_from_a_cdn():
    cdn = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:1",
        }
    }
    service = in_default_language(ServicePage.objects).get(code="FW-102")
    with (
        override_settings(WAGTAILFRONTENDCACHE=cdn),
        mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge") as purge,
    ):
        service.save_revision().publish()
    assert "http://testserver" + service.url in [call.args[0] for call in purge.call_args_list]

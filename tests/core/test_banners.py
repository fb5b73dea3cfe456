"""Banners (core.banners): what a registered provider returns is shown above a page's content."""

import pytest

from django.utils.html import format_html

from core import banners
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown_for(monkeypatch):
    """Register a test provider for this test only; it records the pages it was asked about."""
    asked = []

    def road_closure(page):
        asked.append(page)
        where = page.title if page is not None else "本页"
        return format_html('<p class="test-banner">道路封闭：{}附近绕行</p>', where)

    monkeypatch.setattr(banners, "_providers", [*banners._providers, road_closure])
    return asked


def test_a_registered_providers_banner_appears_on_pages(client, street, shown_for):
    community = CommunityPageFactory(parent=street)
    html = html_of(client.get(community.url))
    assert f'<p class="test-banner">道路封闭：{community.title}附近绕行</p>' in html
    assert [page.pk for page in shown_for] == [community.pk]


def test_views_that_are_not_pages_ask_for_banners_without_a_page(client, shown_for):
    response = client.get("/no-such-page-for-banners/")
    assert response.status_code == 404
    assert '<p class="test-banner">道路封闭：本页附近绕行</p>' in response.content.decode()
    assert shown_for == [None]


def test_providing_the_same_banner_twice_shows_it_once(monkeypatch):
    monkeypatch.setattr(banners, "_providers", [])

    def snow(page):
        return format_html("<p>{}</p>", "除雪")

    banners.provide(snow)
    banners.provide(snow)
    assert banners.render_for(None) == "<p>除雪</p>"

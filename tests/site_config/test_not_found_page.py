"""The friendly 404 page, with what editors set: the hotline from the settings, links from the tree."""

import pytest
from bs4 import BeautifulSoup

from services_catalog.models import ServiceIndexPage

pytestmark = pytest.mark.django_db


def not_found(client):
    response = client.get("/no-such-page-at-all/")
    assert response.status_code == 404
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def test_the_404_page_gives_the_hotline_from_the_settings(client, edit_site_settings):
    edit_site_settings(hotline="0906-2777777")
    assert "0906-2777777" in not_found(client).get_text()


def test_the_404_page_links_follow_a_renamed_section(client):
    services = ServiceIndexPage.objects.get(locale__language_code="zh-hans")
    services.slug = "bianmin-test"
    services.save_revision().publish()
    links = [a["href"] for a in not_found(client).find_all("a")]
    assert "/bianmin-test/" in links

"""Section links and the main navigation come from the page tree (core/templatetags/site_tags.py)."""

import pytest
from bs4 import BeautifulSoup

from services_catalog.models import ServiceIndexPage
from tests.conftest import html_of
from tests.factories import CommunityPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def footer_link(html, label):
    footer = BeautifulSoup(html, "html.parser").find("footer")
    return footer.find("a", string=label)["href"]


def main_nav(html):
    """(label, href, aria-current) of each main navigation link."""
    nav = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "主导航"})
    return [(a.get_text(), a["href"], a.get("aria-current")) for a in nav.find_all("a")]


@pytest.fixture
def community(street, community_index):
    if not community_index.show_in_menus:
        community_index.show_in_menus = True
        community_index.save()
    return CommunityPageFactory(parent=street)


def test_section_link_follows_a_slug_rename_of_the_section_page(client, community, community_index):
    old_url = community_index.url
    assert footer_link(html_of(client.get(community.url)), "找社区") == old_url

    community_index.slug = "zhao-shequ-test"
    community_index.save_revision().publish()
    community.refresh_from_db()

    assert community.url.startswith("/zhao-shequ-test/")
    html = html_of(client.get(community.url))
    assert footer_link(html, "找社区") == "/zhao-shequ-test/"
    nav_links = [href for _label, href, _current in main_nav(html)]
    assert "/zhao-shequ-test/" in nav_links
    assert old_url not in nav_links


def test_main_nav_marks_the_section_of_the_page_being_shown(client, community, community_index):
    # aria-current="true" below the section page, "page" on the section page itself.
    nav = main_nav(html_of(client.get(community.url)))
    current = [(label, href, marked) for label, href, marked in nav if marked]
    assert current == [(community_index.title, community_index.url, "true")]

    nav = main_nav(html_of(client.get(community_index.url)))
    current = [(label, href, marked) for label, href, marked in nav if marked]
    assert current == [(community_index.title, community_index.url, "page")]


def test_main_nav_marks_another_section_on_its_pages_and_none_on_the_home_page(
    client, community, community_index
):
    service = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans")
    )
    nav = main_nav(html_of(client.get(service.url)))
    current = [href for _label, href, marked in nav if marked == "true"]
    assert current == [service.get_parent().url]
    assert community_index.url not in current

    home_nav = main_nav(html_of(client.get("/")))
    assert [href for _label, href, marked in home_nav if marked] == []

"""The home page's ways in link to the section pages where they are now."""

import pytest
from bs4 import BeautifulSoup

from services_catalog.models import ServiceIndexPage
from tests.conftest import html_of

pytestmark = pytest.mark.django_db


def test_home_page_entries_follow_a_renamed_section(client, site_root):
    services = ServiceIndexPage.objects.get(locale__language_code="zh-hans")
    services.slug = "bianmin-test"
    services.save_revision().publish()
    main = BeautifulSoup(html_of(client.get(site_root.url)), "html.parser").find("main")
    links = [a["href"] for a in main.find_all("a")]
    assert "/bianmin-test/" in links
    assert "/services/" not in links
    # Service pages below it moved too: the most-used services link to their new addresses.
    assert any(link.startswith("/bianmin-test/") and link != "/bianmin-test/" for link in links)

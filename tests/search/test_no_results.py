"""The search page's "nothing found" hint, with what editors set in the site settings."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import html_of

pytestmark = pytest.mark.django_db


def test_the_nothing_found_hint_gives_the_hotline_from_the_settings(client, edit_site_settings):
    edit_site_settings(hotline="0906-2777777")
    html = html_of(client.get("/search/", {"q": "qzxjvkw"}))
    hint = BeautifulSoup(html, "html.parser").find("section", class_="no-results")
    assert "0906-2777777" in hint.get_text()

"""A guide's print view carries the site's name and hotline as editors set them."""

import pytest

from services_catalog.models import GuideIndexPage
from tests.conftest import html_of
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def test_print_view_lists_the_materials_as_a_checklist(client):
    guide = GuidePageFactory(parent=GuideIndexPage.objects.get(locale__language_code="zh-hans"))
    html = html_of(client.get(guide.url + "print/"))
    assert guide.title in html and "居民身份证" in html


def test_print_view_shows_the_site_name_and_hotline_from_the_settings(client, edit_site_settings):
    edit_site_settings(site_name="测试社区服务网", hotline="0906-2777777")
    guide = GuidePageFactory(parent=GuideIndexPage.objects.get(locale__language_code="zh-hans"))
    html = html_of(client.get(guide.url + "print/"))
    assert "测试社区服务网" in html
    assert "0906-2777777" in html

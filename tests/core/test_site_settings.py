"""Site settings (core.models.SiteSettings): what editors set is what every page shows."""

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Site

from core.models import SiteSettings
from pagecache.generation import current_generation, page_cache
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


def shown_facts(html):
    soup = BeautifulSoup(html, "html.parser")
    header = soup.find("header", class_="site-header").find("a", class_="site-name")
    hotline = soup.find("footer").find("p", class_="hotline").find("a")
    return {
        "title": soup.title.get_text(),
        "header": header.get_text(),
        "hotline": hotline.get_text(),
        "hotline_link": hotline["href"],
    }


def edit_settings(site, **changes):
    settings = SiteSettings.for_site(site)
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.save()


def test_facts_are_the_saved_settings(site):
    edit_settings(site, site_name="测试社区服务网", hotline="0906-2999999", city="测试市")
    facts = SiteSettings.facts(site)
    assert facts["site_name"] == "测试社区服务网"
    assert facts["hotline"] == "0906-2999999"
    assert facts["city"] == "测试市"
    assert set(facts) == set(SiteSettings.FACTS)


def test_facts_without_a_site_are_the_defaults(db):
    assert SiteSettings.facts(None)["hotline"] == SiteSettings._meta.get_field("hotline").default


def test_header_and_footer_show_the_edited_name_and_hotline_at_once(client, site, street):
    community = CommunityPageFactory(parent=street)
    assert client.get(community.url)["X-Cache"] == "MISS"
    assert client.get(community.url)["X-Cache"] == "HIT"
    generation = current_generation(page_cache())

    edit_settings(site, site_name="测试社区服务网", hotline="0906-2999999")

    assert current_generation(page_cache()) != generation
    response = client.get(community.url)
    assert response["X-Cache"] == "MISS"
    shown = shown_facts(html_of(response))
    assert shown["title"].endswith(" - 测试社区服务网")
    assert "测试社区服务网" in shown["header"]
    assert shown["hotline"] == "0906-2999999"
    assert shown["hotline_link"] == "tel:+86-906-2999999"


def test_an_editor_saves_the_settings_in_the_admin_and_residents_see_them(
    client, admin_client, site, street
):
    community = CommunityPageFactory(parent=street)
    html_of(client.get(community.url))  # now cached
    form = {name: getattr(SiteSettings.for_site(site), name) for name in SiteSettings.FACTS}
    form.update(site_name="测试社区服务网", hotline="0906-2888888")
    response = admin_client.post(f"/admin/settings/core/sitesettings/{site.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    shown = shown_facts(html_of(client.get(community.url)))
    assert "测试社区服务网" in shown["header"]
    assert shown["hotline"] == "0906-2888888"

"""The 示例内容 note (SiteSettings.sample_content): on every public page while the site shows
made-up data, gone once an editor turns it off."""

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string

from wagtail.models import ModelLogEntry, Site

from core.models import SiteSettings
from core.seeding import mark_sample_content
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def community(street):
    return CommunityPageFactory(parent=street)


def sample_note(html):
    return BeautifulSoup(html, "html.parser").find(attrs={"role": "note", "aria-label": "示例内容"})


def test_the_note_is_on_a_page_while_sample_content_is_on(client, community, edit_site_settings):
    edit_site_settings(sample_content=False)  # whatever seeding chose
    assert sample_note(html_of(client.get(community.url))) is None

    edit_site_settings(sample_content=True, hotline="12345")

    note = sample_note(html_of(client.get(community.url)))
    assert note is not None
    text = note.get_text(" ", strip=True)
    assert "本网站目前展示的是示例内容" in text
    assert "请勿拨打或据此办事" in text
    assert note.find("a", href="tel:12345").get_text() == "12345"
    # Said in words, not only by colour.
    assert note.find("strong").get_text() == "请注意："


def test_the_note_goes_when_sample_content_is_turned_off(client, community, edit_site_settings):
    edit_site_settings(sample_content=True)
    assert sample_note(html_of(client.get(community.url))) is not None

    edit_site_settings(sample_content=False)

    assert sample_note(html_of(client.get(community.url))) is None


def test_the_note_dials_the_hotline_in_international_form(client, community, edit_site_settings):
    edit_site_settings(sample_content=True, hotline="0906-2999999")
    note = sample_note(html_of(client.get(community.url)))
    assert note.find("a", href="tel:+86-906-2999999").get_text() == "0906-2999999"


def test_the_note_is_on_the_not_found_page_too(client, edit_site_settings):
    edit_site_settings(sample_content=False)
    response = client.get("/no-such-page-for-the-sample-note/")
    assert response.status_code == 404
    assert sample_note(response.content.decode()) is None

    edit_site_settings(sample_content=True)

    response = client.get("/no-such-page-for-the-sample-note/")
    assert response.status_code == 404
    assert sample_note(response.content.decode()) is not None


def test_the_server_error_page_shows_the_note_from_the_last_known_facts(site, edit_site_settings):
    # The 500 page reads no database: it shows the facts as last read.
    edit_site_settings(sample_content=False)
    SiteSettings.facts(site)
    assert sample_note(render_to_string("500.html")) is None

    edit_site_settings(sample_content=True)
    SiteSettings.facts(site)

    assert sample_note(render_to_string("500.html")) is not None


def test_an_editor_turns_the_note_on_in_the_admin_settings(
    client, admin_client, site, community, edit_site_settings
):
    edit_site_settings(sample_content=False)
    assert sample_note(html_of(client.get(community.url))) is None  # now cached
    form = {name: getattr(SiteSettings.for_site(site), name) for name in SiteSettings.FACTS}
    form["sample_content"] = "on"

    response = admin_client.post(f"/admin/settings/core/sitesettings/{site.pk}/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert SiteSettings.for_site(site).sample_content is True
    assert sample_note(html_of(client.get(community.url))) is not None


def test_the_admin_settings_form_shows_the_field_under_its_own_heading(admin_client, site):
    html = html_of(admin_client.get(f"/admin/settings/core/sitesettings/{site.pk}/"))
    assert 'name="sample_content"' in html
    assert "正式上线、换成本市真实数据后关闭" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(string=lambda text: text and text.strip() == "示例内容") is not None


def test_seeding_marks_a_sites_content_as_sample(site, edit_site_settings):
    edit_site_settings(sample_content=False)
    logged = []

    assert mark_sample_content(site, logged.append) is True

    assert SiteSettings.for_site(site).sample_content is True
    assert logged == ["站点信息：打开“示例内容”提示"]
    assert mark_sample_content(site, logged.append) is False  # nothing more to do
    assert len(logged) == 1


def test_seeding_leaves_the_note_off_once_an_editor_has_saved_the_settings(admin_client, site):
    form = {name: getattr(SiteSettings.for_site(site), name) for name in SiteSettings.FACTS}
    form["sample_content"] = ""  # unchecked
    response = admin_client.post(f"/admin/settings/core/sitesettings/{site.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ModelLogEntry.objects.for_instance(SiteSettings.for_site(site)).exists()

    assert mark_sample_content(site) is False

    assert SiteSettings.for_site(site).sample_content is False

"""The footer's trust markers (备案与标识): an administrator fills them in 设置 → 站点信息 and
residents see each filled one, with its lookup link, on every public page and the error pages."""

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string

from wagtail.models import Site

from core.models import LAST_KNOWN_FACTS, SiteSettings
from pagecache.generation import page_cache
from tests.conftest import html_of
from tests.factories import CommunityPageFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "organiser": "阿勒泰市人民政府办公室",
    "undertaker": "阿勒泰市大数据中心",
    "icp_number": "新ICP备12345678号-1",
    "police_record_number": "新公网安备 65430102000001号",
    "site_code": "6543010001",
    "correction_contact": "jiucuo@example.gov.cn",
}


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def community(street):
    return CommunityPageFactory(parent=street)


def settings_url(site):
    return f"/admin/settings/core/sitesettings/{site.pk}/"


def form_values(html, action):
    """The form as the browser would submit it unchanged: every named field's value."""
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    values = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if field.name == "textarea":
            values[name] = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            values[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                values[name] = field.get("value", "on")
        else:
            values[name] = field.get("value", "")
    return values


def save_in_admin(admin_client, site, **changes):
    """Open 设置 → 站点信息 as an administrator, change some fields, save: the response."""
    values = form_values(html_of(admin_client.get(settings_url(site))), settings_url(site))
    values.update(changes)
    return admin_client.post(settings_url(site), values)


def footer_markers(html):
    """{label: (text, href or None)} of the footer's 备案与标识."""
    markers = BeautifulSoup(html, "html.parser").find("footer").find("dl", class_="trust-markers")
    shown = {}
    for dt in markers.find_all("dt") if markers else []:
        dd = dt.find_next_sibling("dd")
        link = dd.find("a")
        shown[dt.get_text(strip=True)] = (dd.get_text(strip=True), link["href"] if link else None)
    return shown


def test_the_admin_form_has_the_markers_under_their_own_heading(admin_client, site):
    html = html_of(admin_client.get(settings_url(site)))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(string=lambda text: text and text.strip() == "备案与标识") is not None
    for name in FILLED:
        assert soup.find(attrs={"name": name}) is not None, name
    for label, help_text in (
        ("承办单位", "负责网站日常运行和维护的单位"),
        ("公安机关备案号", "新公网安备 65430102000001号"),
        ("网站标识码", "10 位标识码"),
        ("纠错联系方式", "一个电子邮箱或一个电话号码"),
    ):
        assert label in html and help_text in html, label


def test_an_administrator_fills_every_marker_and_residents_see_each_one(
    client, admin_client, site, community
):
    html_of(client.get(community.url))  # cached before the change

    response = save_in_admin(admin_client, site, **FILLED)

    assert response.status_code == 302, response.content.decode()[:2000]
    shown = footer_markers(html_of(client.get(community.url)))
    assert shown == {
        "主办单位": ("阿勒泰市人民政府办公室", None),
        "承办单位": ("阿勒泰市大数据中心", None),
        "ICP备案号": ("新ICP备12345678号-1", "https://beian.miit.gov.cn/"),
        "公安机关备案号": (
            "新公网安备 65430102000001号",
            "https://beian.mps.gov.cn/#/query/webSearch?code=65430102000001",
        ),
        "网站标识码": ("6543010001", None),
        "纠错": ("jiucuo@example.gov.cn", "mailto:jiucuo@example.gov.cn"),
    }


def test_empty_markers_are_left_out(client, admin_client, site, community):
    response = save_in_admin(
        admin_client,
        site,
        icp_number="新ICP备12345678号-1",  # the positive control: a filled one shows
        police_record_number="",
        site_code="",
        correction_contact="",
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    html = html_of(client.get(community.url))
    shown = footer_markers(html)
    assert shown["ICP备案号"] == ("新ICP备12345678号-1", "https://beian.miit.gov.cn/")
    for label in ("公安机关备案号", "网站标识码", "纠错"):
        assert label not in shown
    assert "beian.mps.gov.cn" not in html


def test_a_phone_number_for_corrections_is_a_tel_link(client, admin_client, site, community):
    response = save_in_admin(admin_client, site, correction_contact="0906-2312345")

    assert response.status_code == 302, response.content.decode()[:2000]
    shown = footer_markers(html_of(client.get(community.url)))
    assert shown["纠错"] == ("0906-2312345", "tel:+86-906-2312345")


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("police_record_number", "新公网安备", "包括其中的数字编号"),  # no code to look up
        ("site_code", "65430", "10 位数字或字母"),
        ("correction_contact", "请打电话", "一个电子邮箱，或一个电话号码"),
        ("correction_contact", "jiucuo@", "请填写正确的电子邮箱"),
    ],
)
def test_the_admin_form_refuses_a_malformed_marker(admin_client, site, name, value, error):
    response = save_in_admin(admin_client, site, **{name: value})

    assert error in html_of(response)  # the form again, with the error
    assert getattr(SiteSettings.for_site(site), name) == ""


def test_the_markers_link_to_nothing_the_page_loads(client, admin_client, site, community):
    save_in_admin(admin_client, site, **FILLED)
    soup = BeautifulSoup(html_of(client.get(community.url)), "html.parser")
    # Plain links only: no badge image, script or frame from the filing sites.
    for element in soup.find_all(["img", "script", "iframe", "link"]):
        source = element.get("src") or element.get("href") or ""
        assert "beian" not in source, element


def test_the_error_pages_show_the_last_known_markers(site, edit_site_settings):
    edit_site_settings(**FILLED)
    SiteSettings.facts(site)  # what a page read last

    for template in ("500.html", "503.html"):
        shown = footer_markers(render_to_string(template))
        assert shown["承办单位"] == ("阿勒泰市大数据中心", None), template
        assert shown["纠错"] == ("jiucuo@example.gov.cn", "mailto:jiucuo@example.gov.cn")


def test_the_error_pages_show_the_defaults_when_no_facts_are_known(db):
    page_cache().delete(LAST_KNOWN_FACTS)

    html = render_to_string("500.html")

    shown = footer_markers(html)
    assert shown["主办单位"] == (SiteSettings._meta.get_field("organiser").default, None)
    assert "ICP备案号" not in shown  # no default: absent, not "NOT_PROVIDED"
    assert "NOT_PROVIDED" not in html


def test_the_not_found_page_has_the_markers(client, edit_site_settings):
    edit_site_settings(site_code="6543010001")
    response = client.get("/no-such-page-for-the-trust-markers/")
    assert response.status_code == 404
    assert footer_markers(response.content.decode())["网站标识码"] == ("6543010001", None)

"""Service and guide pages as a phone shows them: tags that lead somewhere, tap-to-call numbers in
the description, a materials table that can reflow, and a print view with 返回 and 打印."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from core.localization import in_default_language
from services_catalog.models import GuideIndexPage, ServiceIndexPage, ServicePage
from tests.conftest import html_of
from tests.factories import GuidePageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(html_of(response), "html.parser")


@pytest.mark.e2e
def test_service_tags_link_to_a_search_among_services(client):
    service = in_default_language(ServicePage.objects).get(slug="ski-snowboard-free-storage")
    page = soup_of(client.get(service.url))
    tags = {a.get_text(): a["href"] for a in page.find("main").find_all("a", class_="badge")}
    assert tags == {name: f"/search/?q={quote(name)}&type=service" for name in service.tag_names}
    tag = page.find("main").find("a", class_="badge", string="滑雪")
    results = soup_of(client.get(tag["href"])).find(class_="search-results")
    assert service.title in results.get_text()


def test_phone_numbers_in_a_service_description_are_tel_links(client):
    service = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans"),
        body="上门服务请提前拨打0906-2100003预约。",
    )
    page = soup_of(client.get(service.url))
    link = page.find("main").find("a", string="0906-2100003")
    assert link["href"] == "tel:+86-906-2100003"


def test_each_material_cell_carries_its_column_label(client):
    guide = GuidePageFactory(parent=GuideIndexPage.objects.get(locale__language_code="zh-hans"))
    table = soup_of(client.get(guide.url)).find("table", class_="materials")
    headers = [th.get_text() for th in table.find("thead").find_all("th")]
    cells = table.find("tbody").find("tr").find_all("td")
    assert [td["data-label"] for td in cells] == headers[1:]


def test_print_view_has_a_back_link_a_print_button_and_a_hint_without_javascript(client):
    guide = GuidePageFactory(parent=GuideIndexPage.objects.get(locale__language_code="zh-hans"))
    page = soup_of(client.get(guide.url + "print/"))
    controls = page.find("nav", attrs={"aria-label": "打印版操作"})
    assert controls.find("a", string="返回办事指南")["href"] == guide.url
    button = controls.find("button", string="打印")
    assert button.has_attr("hidden") and button.has_attr("data-print")  # site.js shows it
    assert "浏览器菜单中的“打印”" in controls.find(attrs={"data-print-hint": True}).get_text()
    # The site's own script, no inline script (the CSP forbids it).
    scripts = page.find_all("script")
    assert [script.get("src", "") for script in scripts] == ["/static/js/site.js"]
    assert all(not script.string for script in scripts)

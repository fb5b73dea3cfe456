"""The 开放数据 page: every dataset with its address, format, fields, licence and update rhythm,
linked from the catalogue and the guides; and the new columns of the two CSV downloads."""

import csv
import re
from io import StringIO

import pytest

from wagtail.test.utils import WagtailPageTestCase

from core.localization import in_default_language
from core.models import SiteSettings
from home.models import HomePage
from services_catalog.data_fields import open_data_columns
from services_catalog.importing import SERVICE_COLUMNS
from services_catalog.models import GuidePage, OpenDataPage, ServicePage
from services_catalog.open_data import HSDS_COLLECTIONS
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"), newline="")))


def table_rows(html, section_id):
    """(name, description) of each row of the fields table in the section with this id."""
    section = re.search(rf'<section id="{section_id}".*?</section>', html, re.S).group(0)
    return re.findall(
        r'<th scope="row">\s*<code>(.*?)</code>\s*</th>\s*<td>(.*?)</td>', section, re.S
    )


@pytest.fixture
def page_html(client):
    return html_of(client.get(OpenDataPage.objects.get(locale__language_code="zh-hans").url))


def test_the_page_lists_every_dataset_with_its_address_format_and_rhythm(page_html):
    for url in (
        "/services/catalogue.csv",
        "/guides/catalogue.csv",
        "/open-data/hsds.json",
        "/open-data/hsds/",
        "/open-data/hsds/services",
        "/api/v2/pages/",
        "/sitemap.xml",
        "/news/feed/rss/",
        "/news/feed/atom/",
    ):
        assert f'href="{url}"' in page_html, url
    assert "CSV（UTF-8，带 BOM" in page_html and "HSDS 3.0" in page_html
    assert "编辑发布或修改内容后随即更新" in page_html
    assert "每份指南至少每年核对一次" in page_html


def test_the_fields_tables_follow_the_declarations(page_html):
    services = [name for name, _about in table_rows(page_html, "services-csv")]
    assert services == [*SERVICE_COLUMNS, "url", "offered_at"]
    guides = table_rows(page_html, "guides-csv")
    assert [name for name, _ in guides] == [c.heading for c in open_data_columns(GuidePage)]
    assert ("设定依据", "设定依据（法律、法规、规章及条款），每条一行") in guides
    assert (
        "最近核对日期",
        "编辑最近一次核对这份指南的日期，格式为 年-月-日（例如 2026-01-31）",
    ) in guides
    # Each description says more than the heading.
    for name, about in [*guides, *table_rows(page_html, "services-csv")]:
        assert about and about != name, name
    hsds = [name for name, _about in table_rows(page_html, "hsds")]
    assert hsds == [name for name, _about in HSDS_COLLECTIONS]
    assert table_rows(page_html, "api")[0][0] == "type"


def test_licence_and_the_sample_data_caveat(client, page_html):
    assert "本站开放数据可免费使用，请注明来源“雪都社区服务网”" in page_html
    assert "目前的数据是示例数据" in page_html  # seed_site marks the content as sample content
    settings = SiteSettings.objects.get()
    settings.sample_content = False
    settings.save()
    html = html_of(client.get(OpenDataPage.objects.get(locale__language_code="zh-hans").url))
    assert "本站开放数据可免费使用" in html and "目前的数据是示例数据" not in html


@pytest.mark.parametrize("section", ["/services/", "/guides/"])
def test_the_catalogue_and_the_guides_link_to_it(client, section):
    assert (
        f'<a href="{OpenDataPage.objects.get(locale__language_code="zh-hans").url}">开放数据</a>'
        in html_of(client.get(section))
    )


class TestOpenDataPageRules(WagtailPageTestCase):
    def test_one_page_under_home_with_nothing_below(self):
        self.assertAllowedParentPageTypes(OpenDataPage, {HomePage})
        self.assertAllowedSubpageTypes(OpenDataPage, {})
        assert OpenDataPage.max_count == 1


def test_the_services_csv_says_where_and_when_each_service_is_offered(client):
    rows = {row["code"]: row for row in download(client, "/services/catalogue.csv")}
    service = in_default_language(ServicePage.objects).get(code="FW-064")
    row = rows["FW-064"]
    assert row["url"] == service.full_url
    lines = row["offered_at"].split("\n")
    assert len(lines) == len(service.offerings)
    assert (
        "览景社区：每天 11:00–19:00（12月中旬至次年2月底，冰面冻实后）；地点：览景小区室外浇冰场"
        in lines
    )
    # An offering without time slots of its own is offered in its station's hours.
    plain = next(
        (page, offering)
        for page in in_default_language(ServicePage.objects).live().order_by("code")
        for offering in page.offerings
        if not offering["own_hours"] and not offering["place"]
    )
    page, offering = plain
    expected = f"{offering['community']['title']}：{'；'.join(offering['community']['hours'])}"
    assert expected in rows[page.code]["offered_at"].split("\n")


def test_the_guides_csv_has_legal_basis_conditions_and_steps(client):
    rows = {row["目录编号"]: row for row in download(client, "/guides/catalogue.csv")}
    row = rows["ZN-001"]
    assert row["设定依据"].split("\n") == [
        "《社会救助暂行办法》（国务院令第649号）第九条、第十一条",
        "《最低生活保障审核确认办法》（民发〔2021〕57号）",
    ]
    assert row["受理条件"].split("\n")[0].startswith("申请人户籍在阿勒泰市")
    assert len(row["受理条件"].split("\n")) == 4
    steps = row["办理流程"].split("\n")
    assert [step.split("：")[0] for step in steps] == [
        "1. 提出申请",
        "2. 社区代为递交",
        "3. 入户调查和信息核对",
        "4. 公示",
        "5. 确认和发放",
    ]
    assert row["网址"] == in_default_language(GuidePage.objects).get(code="ZN-001").full_url

"""The open-data CSVs cannot smuggle a formula into a resident's spreadsheet; the import format
(export_services → import_services) keeps every cell exactly as an editor wrote it."""

import csv
from io import StringIO

import pytest

from services_catalog.codes import make_credit_code
from services_catalog.importing import export_services
from services_catalog.models import GuideIndexPage, ServiceIndexPage
from tests.factories import AuthorityFactory, GuidePageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点此领取补贴")'


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_service_cells_starting_like_a_formula_are_neutralised_in_the_download(client):
    service = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans"),
        title=FORMULA,
        summary="+1+2 到服务站登记",
        steps="-带身份证\n领取服务",
        body="@SUM(1,2)\n\n第二段说明。",
    )
    ordinary = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans")
    )
    rows = {row["code"]: row for row in download(client, "/services/catalogue.csv")}

    row = rows[service.code]
    assert row["title"] == "'" + FORMULA
    assert row["summary"] == "'+1+2 到服务站登记"
    assert row["steps"].startswith("'-带身份证")
    assert row["body"].startswith("'@SUM(1,2)")
    # Positive control: ordinary cells, phone numbers with a dash inside, addresses, unchanged.
    assert row["contact"] == "0906-2100002"
    assert row["url"].startswith("http")
    plain = rows[ordinary.code]
    assert plain["title"] == ordinary.title and plain["summary"] == ordinary.summary
    assert plain["contact"] == "0906-2100002"


def test_guide_cells_starting_with_tab_or_carriage_return_are_neutralised(client):
    guide = GuidePageFactory(
        parent=GuideIndexPage.objects.get(locale__language_code="zh-hans"),
        title="\t=1+1",
        authority=AuthorityFactory(
            name="\r=cmd|' /C calc'!A0", credit_code=make_credit_code("1165430199000002")
        ),
        item_code=f"{make_credit_code('1165430199000002')}2000999001000",
        audience="-2+3",
        location='各社区党群服务站\r=HYPERLINK("http://evil.example/")',
    )
    rows = {row["目录编号"]: row for row in download(client, "/guides/catalogue.csv")}
    row = rows[guide.code]
    assert row["事项名称"] == "'\t=1+1"
    assert row["实施主体"] == "'\n=cmd|' /C calc'!A0"
    assert row["服务对象"] == "'-2+3"
    # A carriage return inside a cell would start a new spreadsheet row whose first cell is the
    # formula: it becomes a line break inside the quoted cell.
    assert row["办理地点"] == '各社区党群服务站\n=HYPERLINK("http://evil.example/")'
    # Positive control.
    assert row["咨询电话"] == "0906-2100003"  # the guide's own number (its authority has another)
    assert row["主题"] == "社会保障"


def test_the_import_format_keeps_formula_like_cells_as_they_are():
    service = ServicePageFactory(
        parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans"), title=FORMULA
    )
    exported = StringIO()
    export_services(exported)
    rows = {row["code"]: row for row in csv.DictReader(StringIO(exported.getvalue()))}
    assert rows[service.code]["title"] == FORMULA

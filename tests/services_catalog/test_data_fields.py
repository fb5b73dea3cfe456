"""One declaration per page type: panels, API fields, import/export and open data all follow it."""

import json

import pytest

from wagtail.admin.panels import FieldPanel

from core.localization import in_default_language
from core.models import BasePage
from services_catalog.data_fields import DataField
from services_catalog.importing import (
    GUIDE_KEYS,
    SERVICE_COLUMNS,
    guide_entry,
    import_guides,
    service_row,
)
from services_catalog.models import GuidePage, ServicePage
from services_catalog.views import GUIDE_COLUMNS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def panel_field_names(panels):
    for panel in panels:
        if isinstance(panel, FieldPanel):
            yield panel.field_name
        yield from panel_field_names(getattr(panel, "children", []))


@pytest.mark.parametrize(
    ("model", "file_columns", "export"),
    [(ServicePage, SERVICE_COLUMNS, service_row), (GuidePage, GUIDE_KEYS, guide_entry)],
)
def test_panels_api_and_files_are_derived_from_the_declaration(model, file_columns, export):
    declared = [field.name for field in model.data_fields]
    assert file_columns == declared
    assert list(export(model.objects.order_by("code").first())) == declared

    own_panels = set(panel_field_names(model.content_panels)) - set(
        panel_field_names(BasePage.content_panels)
    )
    assert own_panels == {field.name for field in model.data_fields if field.panel}
    # Fields without a panel of their own are edited where Page and BasePage put them.
    assert set(declared) <= set(panel_field_names([model.get_edit_handler()]))

    api_names = {field.name for field in model.api_fields}
    assert {
        field.api if isinstance(field.api, str) else field.name
        for field in model.data_fields
        if field.api is not False
    } <= api_names
    derived = getattr(model, "derived_api_fields", [])
    assert api_names - {field.api for field in model.data_fields} <= {
        *declared,
        *derived,
        "offered_at",
    }


def test_open_data_columns_are_the_declared_ones_with_their_verbose_names(client):
    headings = [
        field.label or GuidePage._meta.get_field(field.name).verbose_name
        for field in GuidePage.data_fields
        if field.open_data
    ]
    # The declared fields, then the model's extra columns (a page's address).
    assert [column.heading for column in GUIDE_COLUMNS] == [*headings, "网址"]
    text = client.get("/guides/catalogue.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join([*headings, "网址"])
    assert text.splitlines()[0] == (
        "目录编号,事项编码,事项名称,主题,事项类型,实施主体,服务对象,设定依据,受理条件,申请材料,"
        "办理流程,法定办结时限,承诺办结时限,收费,办理地点,窗口办理时间,咨询电话,监督投诉电话,"
        "到现场次数,网上办理地址,最近核对日期,网址"
    )
    services = client.get("/services/catalogue.csv").content.decode("utf-8-sig")
    assert services.splitlines()[0] == ",".join([*SERVICE_COLUMNS, "url", "offered_at"])


def test_adding_a_field_to_the_declaration_is_enough_for_import_and_export(monkeypatch):
    monkeypatch.setattr(
        GuidePage, "data_fields", [*GuidePage.data_fields, DataField("search_description")]
    )
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    entries = [
        guide_entry(page) for page in in_default_language(GuidePage.objects).order_by("code")
    ]
    assert entries[0]["search_description"] == guide.search_description
    entries[0]["search_description"] = "低保怎么申请"
    report = import_guides(json.dumps(entries, ensure_ascii=False))
    assert report.updated == ["ZN-001"] and len(report.unchanged) == 31
    guide.refresh_from_db()
    assert guide.search_description == "低保怎么申请"
    assert import_guides(json.dumps(entries, ensure_ascii=False)).updated == []

"""Government service guides: listing, filters, a complete guide, print view, QR code, stale warnings."""

import datetime
import re

import pytest

from django.utils import timezone

from core.localization import in_default_language
from services_catalog.models import GUIDE_THEMES, GuidePage
from services_catalog.qr import guide_qr_svg
from tests.conftest import force_login, html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ELEMENTS = [
    "事项名称",
    "事项编码",
    "事项类型",
    "实施主体",
    "服务对象",
    "设定依据",
    "受理条件",
    "申请材料",
    "办理流程",
    "法定办结时限",
    "承诺办结时限",
    "是否收费",
    "办理地点",
    "办理时间",
    "咨询电话",
    "监督投诉电话",
    "到现场次数",
    "网上办理",
    "社区帮代办",
    "常见问题",
    "最近核对",
]


def guide_links(html):
    return re.findall(r'<h3><a href="/guides/([a-z0-9-]+)/">', html)


def test_32_live_guides_each_with_every_element_filled():
    guides = in_default_language(GuidePage.objects).live()
    assert guides.count() == 32
    for guide in guides:
        for field in [
            "item_code",
            "theme",
            "item_type",
            "authority",
            "audience",
            "legal_basis",
            "conditions",
            "legal_time_limit",
            "promised_time_limit",
            "fee_text",
            "location",
            "hours",
            "phone_list",
            "complaint_phone",
        ]:
            assert getattr(guide, field), (guide.code, field)
        assert len(guide.materials) and len(guide.steps) and len(guide.faq), guide.code
        assert guide.last_checked
        assert not guide.visits or guide.visits_reason
        assert not guide.online or guide.online_url.startswith("http")


def test_listing_groups_by_theme_and_by_type(client):
    html = html_of(client.get("/guides/"))
    assert len(guide_links(html)) == 32
    themes = re.findall(r'<h2 id="group-\d+">([^<]+) <span', html)
    assert themes and set(themes) <= set(GUIDE_THEMES)
    by_type = html_of(client.get("/guides/?group=type"))
    assert len(guide_links(by_type)) == 32
    assert "行政给付" in re.findall(r'<h2 id="group-\d+">([^<]+) <span', by_type)


def test_proxy_filter_lists_only_what_the_community_can_do_for_you(client):
    html = html_of(client.get("/guides/?proxy=1"))
    expected = set(
        in_default_language(GuidePage.objects)
        .live()
        .filter(handled_by__isnull=False)
        .values_list("slug", flat=True)
    )
    assert set(guide_links(html)) == expected
    assert len(expected) == 20


@pytest.mark.parametrize("query", ["?theme=火星", "?type=bogus", "?proxy=yes"])
def test_unknown_guide_filters_are_404(client, query):
    assert client.get(f"/guides/{query}").status_code == 404


def test_guide_page_shows_every_element(client):
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    html = html_of(client.get(guide.url))
    for label in ELEMENTS:
        assert label in html, label
    assert guide.item_code in html and guide.authority.name in html
    for block in guide.materials:
        assert block.value["name"] in html
    for block in guide.steps:
        assert block.value["title"] in html
    for block in guide.faq:
        assert block.value["question"] in html
    # The communities that handle it on a resident's behalf.
    handled = guide.handled_by.first()
    assert handled is not None and handled.community.title in html


def test_print_view_is_a_checklist_with_a_qr_code_and_no_navigation(client):
    guide = in_default_language(GuidePage.objects).get(code="ZN-002")
    html = html_of(client.get(guide.url + "print/"))
    assert 'aria-label="主导航"' not in html
    assert "@page" not in html and "css/print.css" in html
    for block in guide.materials:
        assert f"☐</span> {block.value['name']}" in html
    assert f'src="{guide.url}qr/"' in html
    qr = client.get(guide.url + "qr/")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content == guide_qr_svg(f"http://testserver{guide.url}")


def test_stale_guides_are_flagged_to_editors(client, admin_user):
    guide = in_default_language(GuidePage.objects).get(code="ZN-003")
    guide.last_checked = timezone.localdate() - datetime.timedelta(days=400)
    guide.save()
    force_login(client, admin_user)
    dashboard = html_of(client.get("/admin/"))
    assert "超过12个月未核对的办事指南" in dashboard
    assert guide.title in dashboard
    edit = html_of(client.get(f"/admin/pages/{guide.pk}/edit/"))
    assert "已超过12个月没有核对" in edit
    fresh = in_default_language(GuidePage.objects).get(code="ZN-004")
    fresh.last_checked = timezone.localdate()
    fresh.save()
    assert "已超过12个月没有核对" not in html_of(client.get(f"/admin/pages/{fresh.pk}/edit/"))

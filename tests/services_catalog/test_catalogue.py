"""The service catalogue as residents use it: listing, filters, category pages and a service page."""

import re

import pytest

from django.test import override_settings

from communities.models import CommunityPage
from core.localization import in_default_language
from core.phones import tel_uri
from services_catalog.models import GuidePage, ServiceCategory, ServicePage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SEED_NAMED_SERVICES = {
    "FW-001": "独居老人免费早餐",
    "FW-002": "老年人日间照料",
    "FW-003": "社区幸福食堂",
    "FW-004": "一老一小",
    "FW-027": "义剪",
    "FW-051": "义诊",
    "FW-081": "课业辅导",
    "FW-082": "托管",
    "FW-093": "暖",
    "FW-101": "寄存",
    "FW-102": "滑雪",
}
EIGHT_AREAS = [
    "养老服务",
    "助残助行",
    "家政便民",
    "公共就业",
    "家庭医疗",
    "体育健身",
    "文化休闲",
    "儿童游憩",
]


def service_links(html):
    return re.findall(r'<h3><a href="/services/([a-z0-9-]+)/">', html)


def test_catalogue_has_112_live_services_with_unique_codes():
    services = in_default_language(ServicePage.objects).live()
    assert services.count() == 112
    assert sorted(services.values_list("code", flat=True)) == [f"FW-{n:03d}" for n in range(1, 113)]


def test_every_seed_named_service_is_in_the_catalogue():
    for code, words in SEED_NAMED_SERVICES.items():
        assert words in in_default_language(ServicePage.objects).get(code=code).title, code


def test_the_eight_areas_are_categories():
    names = set(ServiceCategory.objects.values_list("name", flat=True))
    assert set(EIGHT_AREAS) <= names


def test_listing_shows_all_services_grouped_by_category(client):
    html = html_of(client.get("/services/"))
    assert len(service_links(html)) == 112
    assert "共 112 项服务" in html
    headings = re.findall(r'<h2 id="cat-[a-z-]+"><a href="[^"]+">([^<]+)</a>', html)
    assert headings[:8] == EIGHT_AREAS


def test_category_has_its_own_page_with_a_stable_url(client):
    html = html_of(client.get("/services/category/elderly-care/"))
    expected = (
        in_default_language(ServicePage.objects)
        .live()
        .filter(category__slug="elderly-care")
        .count()
    )
    assert len(service_links(html)) == expected > 0
    assert "<h1>养老服务</h1>" in html
    assert client.get("/services/category/no-such-category/").status_code == 404


def test_audience_filter_is_a_plain_link(client):
    html = html_of(client.get("/services/?audience=new-employment"))
    slugs = set(service_links(html))
    expected = set(
        in_default_language(ServicePage.objects)
        .live()
        .filter(audiences__slug="new-employment")
        .values_list("slug", flat=True)
    )
    assert slugs == expected and expected
    assert 'href="?audience=tourists"' in html_of(client.get("/services/"))


def test_community_filter_lists_what_that_station_offers(client):
    html = html_of(client.get("/services/?community=lanjing"))
    expected = set(
        in_default_language(ServicePage.objects)
        .live()
        .filter(offered_at__community__slug="lanjing")
        .values_list("slug", flat=True)
    )
    assert set(service_links(html)) == expected
    assert "雪板雪具免费寄存" in html


@pytest.mark.parametrize(
    "query", ["?audience=martians", "?category=nothing", "?community=atlantis"]
)
def test_unknown_filter_values_are_404_not_500(client, query):
    assert client.get(f"/services/{query}").status_code == 404


def test_service_page_shows_everything_a_resident_needs(client):
    service = in_default_language(ServicePage.objects).get(code="FW-101")
    html = html_of(client.get(service.url))
    assert f"<h1>{service.title}</h1>" in html
    assert service.summary in html
    assert f'<meta name="description" content="{service.summary}">' in html
    for label in (
        "服务编号",
        "类别",
        "服务对象",
        "费用",
        "是否预约",
        "服务内容",
        "怎么办理",
    ):
        assert label in html
    assert "FW-101" in html and "免费" in html
    for step in service.step_list:
        assert f"<li>{step}</li>" in html
    # Where it is offered: the communities chose it, with their own notes, times and phones
    # (the service has no number of its own: each station's is shown, in +86 form).
    assert not service.contact and "咨询电话" not in html
    assert "哪些社区提供" in html
    assert "览景社区" in html
    offering = service.offered_at.get(community__slug="lanjing")
    assert offering.note in html
    assert f'href="{tel_uri(offering.community.phone)}"' in html
    assert "；".join(offering.slot_lines or offering.community.hours_lines) in html


def test_paid_service_shows_its_price(client):
    service = in_default_language(ServicePage.objects).filter(is_free=False).first()
    assert service is not None
    assert service.fee in html_of(client.get(service.url))


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_stations_new_phone_shows_on_the_services_and_guides_it_offers(client):
    """Service and guide pages keep their stations per cache generation; publishing the
    community starts a new one, so the next view shows the change."""
    lanjing = CommunityPage.objects.get(slug="lanjing")
    service = lanjing.services.first().service
    guide = in_default_language(GuidePage.objects).get(pk=lanjing.proxy_guides.first().guide_id)
    for page in (service, guide):
        assert lanjing.phone in html_of(client.get(page.url))
    lanjing.phone = "0906-7654321"
    lanjing.save_revision().publish()
    for page in (service, guide):
        html = html_of(client.get(page.url))
        assert "0906-7654321" in html
        assert f'href="{lanjing.url}"' in html

"""A community under a view restriction (password or login) is, to the public catalogue and API,
no community at all: ?community= answers as for an unknown one, and its station is not listed."""

import pytest

from wagtail.models import PageViewRestriction

from communities.models import CommunityPage
from tests.conftest import html_of

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]
SERVICES_API = "/api/v2/pages/?type=services_catalog.ServicePage&community="


@pytest.fixture
def lanjing():
    return CommunityPage.objects.get(slug="lanjing")


def restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x9")
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


KINDS = [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN]


@pytest.mark.parametrize("kind", KINDS)
def test_services_filter_treats_a_restricted_community_as_unknown(client, lanjing, kind):
    assert lanjing.title in html_of(client.get("/services/?community=lanjing"))  # control
    restrict(lanjing, kind)
    response = client.get("/services/?community=lanjing")
    assert response.status_code == 404
    assert lanjing.title not in response.content.decode()
    assert client.get("/services/?community=hebin").status_code == 200  # control


@pytest.mark.parametrize("kind", KINDS)
def test_api_filter_treats_a_restricted_community_as_unknown(client, lanjing, kind):
    assert client.get(SERVICES_API + "lanjing").json()["meta"]["total_count"] > 0  # control
    restrict(lanjing, kind)
    response = client.get(SERVICES_API + "lanjing")
    assert response.status_code == 400
    assert response.json() == client.get(SERVICES_API + "no-such-community").json() | {
        "message": "没有这个社区：lanjing"
    }
    assert client.get(SERVICES_API + "hebin").status_code == 200  # control


def test_a_restricted_community_s_station_is_not_listed_on_its_services(client, lanjing):
    hebin = CommunityPage.objects.get(slug="hebin")
    service = lanjing.services.filter(service__offered_at__community=hebin).first().service
    html = html_of(client.get(service.url))
    assert lanjing.station_name in html and hebin.station_name in html  # control
    api = client.get(f"/api/v2/pages/{service.pk}/").json()
    assert {"lanjing", "hebin"} <= {o["community_slug"] for o in api["offered_at"]}
    restrict(lanjing, PageViewRestriction.LOGIN)
    html = html_of(client.get(service.url))
    assert lanjing.station_name not in html and hebin.station_name in html
    api = client.get(f"/api/v2/pages/{service.pk}/").json()
    slugs = {o["community_slug"] for o in api["offered_at"]}
    assert "lanjing" not in slugs and "hebin" in slugs

"""Structured data cannot break out of its <script>: a station name an editor wrote with
`<!--<script>` once blanked every page that listed the station."""

import json
import re

import pytest

from communities.models import CommunityPage
from core.localization import in_default_language
from services_catalog.models import ServicePage

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

HOSTILE = "览景<!--<script>站&</script>"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def publish_station_name(name):
    community = CommunityPage.objects.get(slug="lanjing").get_latest_revision_as_object()
    community.station_name = name
    community.save_revision().publish()


def scripts_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), LD_JSON.findall(response.content.decode())


@pytest.mark.parametrize("page", ["community", "service"])
def test_a_hostile_station_name_stays_inside_its_json_ld(client, page):
    publish_station_name(HOSTILE)
    url = (
        CommunityPage.objects.get(slug="lanjing").url
        if page == "community"
        else in_default_language(ServicePage.objects)
        .filter(offered_at__community__slug="lanjing")
        .first()
        .url
    )
    html, scripts = scripts_on(client, url)
    names = [json.dumps(json.loads(script), ensure_ascii=False) for script in scripts]
    # The data is intact for crawlers …
    assert any(HOSTILE.replace("/", "\\/") in n or HOSTILE in n for n in names)
    # … but no script holds markup that an HTML parser would act on.
    for script in scripts:
        assert "<" not in script and ">" not in script and "&" not in script
    # The page after the structured data is still there (the footer comes last).
    assert html.rstrip().endswith("</html>")
    assert html.count('<script type="application/ld+json">') == len(scripts)


def test_positive_control_an_ordinary_station_name_is_shown_as_is(client):
    publish_station_name("览景社区党群服务中心")
    _html, scripts = scripts_on(client, CommunityPage.objects.get(slug="lanjing").url)
    offices = [json.loads(s) for s in scripts if "GovernmentOffice" in s]
    assert offices[0]["name"] == "览景社区党群服务中心"

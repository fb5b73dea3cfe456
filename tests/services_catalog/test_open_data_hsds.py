"""The catalogue as Open Referral HSDS 3.0, validated here against the official JSON schemas
vendored in services_catalog/data/hsds/ (see its SOURCE.md), with jsonschema resolving their
`$ref`s between files through a referencing Registry."""

import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from communities.models import CommunityPage
from core.localization import in_default_language
from services_catalog import hsds
from services_catalog.models import CommunityService, GuidePage, ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SCHEMAS = Path(hsds.__file__).parent / "data" / "hsds"
# Where HSDS publishes them: the vendored files are registered under these addresses, so the
# API reference's absolute references (openapi.json) and the schemas' relative ones both resolve
# to the local copies; nothing is fetched.
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def no_unknown_properties(schema):
    """A copy of `schema` in which every object with declared properties allows no other ones:
    what the HSDS repository's own example check does (compiletojsonschema
    --set-additional-properties-false-everywhere), so a misspelt field name fails too."""
    if isinstance(schema, dict):
        schema = {key: no_unknown_properties(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [no_unknown_properties(item) for item in schema]
    return schema


def registry(strict):
    resources = []
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if strict and path.name != "openapi.json":
            schema = no_unknown_properties(schema)
        uri = BASE + path.relative_to(SCHEMAS).as_posix()
        resources.append((uri, DRAFT202012.create_resource(schema)))
    return Registry().with_resources(resources)


STRICT = registry(strict=True)
AS_PUBLISHED = registry(strict=False)


def validator(reference, registry=STRICT):
    """A validator for the vendored schema at `reference` (e.g. "service.json"), with format
    checks (uuid, uri, email, date-time) on."""
    return Draft202012Validator(
        {"$ref": BASE + reference},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(reference, instance, registry=STRICT):
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(reference, registry).iter_errors(instance)
    ]


@pytest.fixture
def export(db):
    return hsds.collections()


def by_id(collection):
    return {item["id"]: item for item in collection}


def test_the_vendored_schemas_are_valid_and_reject_a_broken_record():
    for path in SCHEMAS.rglob("*.json"):
        if path.name != "openapi.json":
            Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    # The validators really run: a record without its required name, with a bad id and an
    # unknown field fails, and the references between files are followed (phone.json).
    broken = {
        "id": "not-a-uuid",
        "status": "active",
        "colour": "red",
        "phones": [{"id": str(uuid.uuid4())}],
    }
    found = errors("service.json", broken)
    assert any("'name' is a required property" in e for e in found)
    assert any("is not a 'uuid'" in e for e in found)
    assert any("'colour' was unexpected" in e for e in found)
    assert any(e.startswith("phones/0:") and "'number'" in e for e in found)


def test_the_export_is_valid_hsds(export):
    # The whole export against HSDS's compiled tabular schema (one list per object) ...
    assert errors("compiled/tabular.json", export) == []
    # ... and every record against its canonical schema, unknown fields refused.
    for name, records in export.items():
        assert records, name
        for record in records:
            assert errors(f"{name}.json", record) == [], (name, record)


def test_identifiers_are_unique_stable_and_link_up(export):
    ids = [item["id"] for records in export.values() for item in records]
    assert len(ids) == len(set(ids))
    assert hsds.collections() == export  # the same ids on every export
    service = next(s for s in export["service"] if s["alternate_name"] == "FW-001")
    assert service["id"] == str(uuid.uuid5(hsds.NAMESPACE, "service:FW-001"))

    organizations, services = by_id(export["organization"]), by_id(export["service"])
    locations, links = by_id(export["location"]), by_id(export["service_at_location"])
    assert all(s["organization_id"] in organizations for s in export["service"])
    for link in export["service_at_location"]:
        assert link["service_id"] in services and link["location_id"] in locations
    for schedule in export["schedule"]:
        assert (
            schedule.get("location_id") in locations
            or schedule.get("service_at_location_id") in links
        )
    owners = {**organizations, **services, **locations}
    for phone in export["phone"]:
        (owner,) = [
            phone[key] for key in ("organization_id", "service_id", "location_id") if key in phone
        ]
        assert owner in owners


def test_counts_match_what_residents_can_see(export):
    services = in_default_language(ServicePage.objects).live().public()
    guides = in_default_language(GuidePage.objects).live().public()
    communities = CommunityPage.objects.live().public()
    assert len(export["service"]) == services.count() + guides.count() == 112 + 32
    assert len(export["location"]) == communities.count()
    offerings = CommunityService.objects.filter(
        community__in=communities, service__in=services
    ).count()
    handled = GuidePage.handled_by.rel.related_model.objects.filter(
        community__in=communities, guide__in=guides
    ).count()
    assert offerings > 0 and handled > 0
    assert len(export["service_at_location"]) == offerings + handled


def test_a_community_station_as_a_location(export):
    community = CommunityPage.objects.live().public().get(slug="lanjing")
    location = next(
        item for item in export["location"] if item["id"] == hsds.hsds_id("community", "lanjing")
    )
    assert location["name"] == community.station_name
    assert location["latitude"] == float(community.latitude)
    assert location["longitude"] == float(community.longitude)
    (address,) = [a for a in export["address"] if a["location_id"] == location["id"]]
    assert address == {
        "id": address["id"],
        "location_id": location["id"],
        "address_1": community.address,
        "city": "阿勒泰市",
        "state_province": "新疆维吾尔自治区",
        "postal_code": "",
        "country": "CN",
        "address_type": "physical",
    }
    phones = [p["number"] for p in export["phone"] if p.get("location_id") == location["id"]]
    assert phones and all(number.startswith("+86-") for number in phones)
    schedules = [s for s in export["schedule"] if s.get("location_id") == location["id"]]
    assert len(schedules) == len(community.hours_rows)
    first, row = schedules[0], community.hours_rows[0]
    assert first["freq"] == "WEEKLY" and first["wkst"] == "MO" and first["timezone"] == 8
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    assert first["byday"] == ",".join(days[day - 1] for day in row["days"])
    assert first["opens_at"] == row["opens"].strftime("%H:%M:%S") + "+08:00"


def test_an_offering_elsewhere_keeps_its_place_and_own_times(export):
    link_id = hsds.hsds_id("offering", "lanjing", "FW-064")
    (link,) = [item for item in export["service_at_location"] if item["id"] == link_id]
    assert "览景小区室外浇冰场" in link["description"]
    (schedule,) = [s for s in export["schedule"] if s.get("service_at_location_id") == link_id]
    assert schedule["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("11:00:00+08:00", "19:00:00+08:00")
    assert schedule["notes"] == "12月中旬至次年2月底，冰面冻实后"


def test_a_guide_as_a_service_of_its_authority(export):
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    service = by_id(export["service"])[hsds.hsds_id("guide", "ZN-001")]
    organization = by_id(export["organization"])[service["organization_id"]]
    assert organization["name"] == guide.authority.name
    (identifier,) = [
        i for i in export["organization_identifier"] if i["organization_id"] == organization["id"]
    ]
    assert identifier["identifier"] == guide.authority.credit_code
    assert service["application_process"].startswith("1. 提出申请：")
    assert service["assured_date"] == guide.last_checked.isoformat()
    documents = [d for d in export["required_document"] if d["service_id"] == service["id"]]
    assert len(documents) == len(guide.materials)


def test_restricted_and_unpublished_pages_are_not_exported(export):
    community = CommunityPage.objects.get(slug="lanjing")
    service = in_default_language(ServicePage.objects).get(code="FW-064")
    location_id = hsds.hsds_id("community", "lanjing")
    # Positive control: both are in the export before.
    assert location_id in by_id(export["location"])
    assert hsds.hsds_id("service", "FW-064") in by_id(export["service"])

    PageViewRestriction.objects.create(
        page=community, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    service.unpublish()
    after = hsds.collections()
    assert location_id not in by_id(after["location"])
    assert all(link["location_id"] != location_id for link in after["service_at_location"])
    assert all(phone.get("location_id") != location_id for phone in after["phone"])
    assert hsds.hsds_id("service", "FW-064") not in by_id(after["service"])
    assert all(
        link["service_id"] != hsds.hsds_id("service", "FW-064")
        for link in after["service_at_location"]
    )
    assert errors("compiled/tabular.json", after) == []


def test_the_download_and_the_command_give_the_same_export(client, export, tmp_path):
    response = client.get("/open-data/hsds.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == export
    target = tmp_path / "hsds.json"
    out = StringIO()
    call_command("export_hsds", str(target), stdout=out)
    assert json.loads(target.read_text(encoding="utf-8")) == export
    assert "144" in out.getvalue()


def test_the_api_endpoints_follow_the_hsds_api_reference(client, export):
    openapi = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    page_schema = openapi["components"]["schemas"]["Page"]

    root = client.get("/open-data/hsds/").json()
    assert root["version"] == "3.0"
    assert root["openapi_url"].endswith("/3.0/schema/openapi.json")

    page = client.get("/open-data/hsds/services?per_page=100").json()
    Draft202012Validator(page_schema).validate(page)
    assert (page["total_items"], page["total_pages"], page["size"]) == (144, 2, 100)
    assert page["first_page"] and not page["last_page"] and not page["empty"]
    for item in page["contents"]:
        assert errors("compiled/service_list.json", item, AS_PUBLISHED) == []
    second = client.get("/open-data/hsds/services?page=2&per_page=100").json()
    assert second["size"] == 44 and second["last_page"]
    assert client.get("/open-data/hsds/services?page=3&per_page=100").status_code == 404
    for bad in ("page=0", "page=x", "per_page=-1", "page=１"):
        assert client.get(f"/open-data/hsds/services?{bad}").status_code == 400, bad

    service_id = hsds.hsds_id("service", "FW-064")
    full = client.get(f"/open-data/hsds/services/{service_id}").json()
    assert errors("service.json", full) == []
    assert full["organization"]["id"] == full["organization_id"]
    places = {link["location"]["name"] for link in full["service_at_locations"]}
    assert CommunityPage.objects.get(slug="lanjing").station_name in places
    assert all(link["location"]["schedules"] for link in full["service_at_locations"])
    unknown = uuid.uuid4()
    assert client.get(f"/open-data/hsds/services/{unknown}").status_code == 404

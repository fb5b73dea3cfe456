"""The catalogue as Open Referral HSDS 3.0 (Human Services Data Specification): organizations,
services, locations, services at locations, schedules and phones, built from the same fields the
pages show.

Two shapes of one export, both checked in the tests against the vendored HSDS schemas
(`services_catalog/data/hsds/`, see its SOURCE.md):

- `collections()`: every object once, each in its own list and linked by `id` as in HSDS's
  Tabular Data Package (`compiled/tabular.json`); served at /open-data/hsds.json and written by
  `export_hsds FILE`;
- the HSDS API reference's required endpoints (`api_root`, `service_page`, `full_service`):
  a paginated `Page` of services, and one service with everything about it nested.

Identifiers are UUIDs (HSDS requires them) derived with uuid5 from our own keys — a service's or
guide's code, a community's slug, an authority's credit code — so they stay the same from one
export to the next and between databases.
"""

import math
import uuid

from django.utils import timezone

from communities.hours import describe
from communities.models import CommunityPage
from core import seo
from core.localization import in_default_language
from core.phones import international, phone_list
from services_catalog.models import (
    CommunityGuide,
    CommunityService,
    GuidePage,
    ServicePage,
    linked_stations,
    steps_cell,
)
from services_catalog.open_data import HSDS_COLLECTIONS

HSDS_VERSION = "3.0"
# Where the API reference and the schemas this export follows are published.
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
SPECIFICATION_URL = "https://github.com/openreferral/specification/tree/3.0/schema"
# Fixed once: changing it would change every identifier.
NAMESPACE = uuid.UUID("14059fb3-928e-4ce6-92c0-1258590cbc91")
# ISO weekday 1..7 as RFC 5545 (iCalendar) BYDAY codes.
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
UTC_OFFSET_HOURS = 8  # every time on the site is Beijing time
COUNTRY = "CN"  # ISO 3166-1
# The tabular collections, in the order of HSDS's data package.
COLLECTIONS = tuple(name for name, _about in HSDS_COLLECTIONS)
PER_PAGE, MAX_PER_PAGE = 50, 200


def hsds_id(*key):
    """The stable UUID of the object named by `key`, e.g. ("service", "FW-001")."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in key)))


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(value):
    """A phone number in +86 form (short numbers such as 12345 as they are)."""
    try:
        return international(value)
    except ValueError:
        return value.strip()


def _time(value):
    """HH:MM:SS with Beijing's offset: HSDS wants times with their time zone."""
    return f"{value.strftime('%H:%M:%S')}+08:00"


class _Export:
    """Collects the objects of one export; each `add_*` appends to its collection."""

    def __init__(self, request):
        self.request = request
        self.facts = seo.site_facts(request)
        self.data = {name: [] for name in COLLECTIONS}

    def phones(self, owner_field, owner_id, numbers, description, key):
        for number in numbers:
            self.data["phone"].append(
                {
                    "id": hsds_id("phone", *key, number),
                    owner_field: owner_id,
                    "number": _number(number),
                    "type": "voice",
                    "description": description,
                }
            )

    def schedules(self, owner_field, owner_id, rows, key):
        for index, row in enumerate(rows, start=1):
            schedule = {
                "id": hsds_id("schedule", *key, index),
                owner_field: owner_id,
                "timezone": UTC_OFFSET_HOURS,
                "freq": "WEEKLY",
                "interval": 1,
                "wkst": "MO",
                "byday": ",".join(BYDAY[day - 1] for day in row["days"]),
                "opens_at": _time(row["opens"]),
                "closes_at": _time(row["closes"]),
                # The note, when there is one, is in `notes`.
                "description": describe([dict(row, note="")])[0] + "（北京时间）",
            }
            if row["note"]:
                schedule["notes"] = row["note"]
            self.data["schedule"].append(schedule)

    def organiser(self):
        """The site's organiser (主办单位): it runs the stations and their services."""
        organization_id = hsds_id("organization", "organiser")
        self.data["organization"].append(
            {
                "id": organization_id,
                "name": self.facts["organiser"],
                "description": f"{self.facts['site_name']}的主办单位，"
                f"{self.facts['city']}各社区服务站及其便民服务的组织者。",
                "website": seo.site_root(self.request) + "/",
            }
        )
        self.phones(
            "organization_id",
            organization_id,
            [self.facts["hotline"]],
            self.facts["hotline_note"],
            ("organiser", "hotline"),
        )
        return organization_id

    def authority(self, authority):
        organization_id = hsds_id("authority", authority.credit_code)
        self.data["organization"].append(
            {
                "id": organization_id,
                "name": authority.name,
                "description": f"政务服务事项的实施主体。地址：{authority.address}",
            }
        )
        self.data["organization_identifier"].append(
            {
                "id": hsds_id("authority-code", authority.credit_code),
                "organization_id": organization_id,
                "identifier_type": "统一社会信用代码",
                "identifier": authority.credit_code,
            }
        )
        self.phones(
            "organization_id",
            organization_id,
            phone_list(authority.phone),
            "咨询电话",
            ("authority", authority.credit_code),
        )
        return organization_id

    def location(self, community, organization_id):
        location_id = hsds_id("community", community.slug)
        location = {
            "id": location_id,
            "location_type": "physical",
            "organization_id": organization_id,
            "name": community.station_name,
            "alternate_name": community.title,
            "description": community.summary,
            "url": community.get_full_url(self.request),
        }
        if community.latitude is not None and community.longitude is not None:
            # WGS-84, as stored (see README: 导航).
            location["latitude"] = float(community.latitude)
            location["longitude"] = float(community.longitude)
        self.data["location"].append(location)
        self.data["address"].append(
            {
                "id": hsds_id("address", community.slug),
                "location_id": location_id,
                "address_1": community.address,
                "city": self.facts["city"],
                "state_province": self.facts["region"],
                # Required by HSDS; the site keeps no postal codes.
                "postal_code": "",
                "country": COUNTRY,
                "address_type": "physical",
            }
        )
        self.phones(
            "location_id",
            location_id,
            phone_list(community.phone),
            "服务站电话",
            ("community", community.slug),
        )
        self.schedules(
            "location_id", location_id, community.hours_rows, ("community", community.slug)
        )
        return location_id

    def service(self, page, organization_id):
        service_id = hsds_id("service", page.code)
        description = "\n\n".join(part for part in [page.summary, *page.paragraphs] if part)
        audiences = "、".join(page.audience_names)
        self.data["service"].append(
            {
                "id": service_id,
                "organization_id": organization_id,
                "name": page.title,
                "alternate_name": page.code,
                "description": description,
                "url": page.get_full_url(self.request),
                "status": "active",
                "application_process": "\n".join(page.step_list)
                + ("\n需要预约。" if page.booking_required else ""),
                "fees_description": page.fee,
                "eligibility_description": f"服务对象：{audiences}" if audiences else "",
                "last_modified": timezone.localtime(page.last_published_at).isoformat(),
            }
        )
        self.phones("service_id", service_id, page.contact_list, "咨询电话", ("service", page.code))
        return service_id

    def guide(self, page, organization_id):
        service_id = hsds_id("guide", page.code)
        self.data["service"].append(
            {
                "id": service_id,
                "organization_id": organization_id,
                "name": page.title,
                "alternate_name": page.item_code,
                "description": page.summary,
                "url": page.get_full_url(self.request),
                "status": "active",
                "application_process": steps_cell(page),
                "fees_description": page.fee_text,
                "wait_time": f"承诺办结时限：{page.promised_time_limit}；"
                f"法定办结时限：{page.legal_time_limit}",
                "eligibility_description": "\n".join(
                    [f"服务对象：{page.audience}", *page.condition_list]
                ),
                # HSDS: "the date that the information about the service was last checked".
                "assured_date": page.last_checked.isoformat(),
                "last_modified": timezone.localtime(page.last_published_at).isoformat(),
            }
        )
        for index, block in enumerate(page.materials, start=1):
            material = block.value
            self.data["required_document"].append(
                {
                    "id": hsds_id("material", page.code, index),
                    "service_id": service_id,
                    "document": f"{material['name']}（{material['form']}，{material['copies']}份）",
                }
            )
        self.phones("service_id", service_id, page.phone_list, "咨询电话", ("guide", page.code))
        self.phones(
            "service_id",
            service_id,
            page.complaint_phone_list,
            "监督投诉电话",
            ("guide", page.code, "complaint"),
        )
        return service_id

    def offering(self, link, service_id, location_id, code):
        """A catalogue service at a community's station, with its own times where it has them."""
        offering_id = hsds_id("offering", link.community.slug, code)
        rows = link.slot_rows
        parts = [
            f"举办地点：{link.place}。" if link.place else "",
            link.note,
            "" if rows else "时间同服务站开放时间。",
        ]
        self.data["service_at_location"].append(
            {
                "id": offering_id,
                "service_id": service_id,
                "location_id": location_id,
                "description": "".join(part for part in parts if part),
            }
        )
        self.schedules(
            "service_at_location_id", offering_id, rows, ("offering", link.community.slug, code)
        )

    def handling(self, link, service_id, location_id, code):
        """A guide the community handles for residents (帮代办)."""
        self.data["service_at_location"].append(
            {
                "id": hsds_id("proxy", link.community.slug, code),
                "service_id": service_id,
                "location_id": location_id,
                "description": "本社区服务站可帮代办：代居民提交材料、跟进办理，时间同服务站开放时间。",
            }
        )


def collections(request=None):
    """Every live public service, guide and community as HSDS objects, one list per kind.

    Only what residents can see is exported: pages that are live and under no view restriction,
    and the offerings and 帮代办 of such communities."""
    export = _Export(request)
    organiser_id = export.organiser()

    communities = list(CommunityPage.objects.live().public().order_by("path"))
    locations = {
        community.pk: export.location(community, organiser_id) for community in communities
    }

    services = {}
    for page in (
        in_default_language(ServicePage.objects.live().public())
        .prefetch_related("audiences")
        .order_by("code")
    ):
        services[page.pk] = (export.service(page, organiser_id), page.code)

    authorities = {}
    guides = {}
    for page in (
        in_default_language(GuidePage.objects.live().public())
        .select_related("authority")
        .order_by("code")
    ):
        authority = page.authority
        if authority.pk not in authorities:
            authorities[authority.pk] = export.authority(authority)
        guides[page.pk] = (export.guide(page, authorities[authority.pk]), page.code)

    offerings = linked_stations(
        CommunityService.objects.all(), "service_id", "note", "place", "time_slots"
    )
    for link in offerings:
        if link.service_id in services and link.community_id in locations:
            service_id, code = services[link.service_id]
            export.offering(link, service_id, locations[link.community_id], code)
    for link in linked_stations(CommunityGuide.objects.all(), "guide_id"):
        if link.guide_id in guides and link.community_id in locations:
            service_id, code = guides[link.guide_id]
            export.handling(link, service_id, locations[link.community_id], code)
    return export.data


# --- The HSDS API reference: `/`, `/services` and `/services/{id}` ---------------------------------


def api_root():
    return {"version": HSDS_VERSION, "profile": SPECIFICATION_URL, "openapi_url": OPENAPI_URL}


def service_page(data, page=1, per_page=PER_PAGE):
    """The API's `Page` of services: their own fields, without the lists of related objects (as
    the API reference allows). None when `page` is past the last one."""
    services = data["service"]
    total_pages = max(1, math.ceil(len(services) / per_page))
    if page > total_pages:
        return None
    contents = services[(page - 1) * per_page : page * per_page]
    return {
        "total_items": len(services),
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page == total_pages,
        "empty": not services,
        "contents": contents,
    }


def _children(data, collection, field, owner_id):
    return [dict(item) for item in data[collection] if item.get(field) == owner_id]


def _full_location(data, location):
    location = dict(location)
    location_id = location["id"]
    location["addresses"] = _children(data, "address", "location_id", location_id)
    location["phones"] = _children(data, "phone", "location_id", location_id)
    location["schedules"] = _children(data, "schedule", "location_id", location_id)
    return location


def full_service(data, service_id):
    """One service with its organization, phones, documents and every place and time it is
    offered, nested as the API's `/services/{id}` returns it; None for an unknown id."""
    service = next((dict(s) for s in data["service"] if s["id"] == service_id), None)
    if service is None:
        return None
    organization = next(o for o in data["organization"] if o["id"] == service["organization_id"])
    organization = dict(organization)
    organization["phones"] = _children(data, "phone", "organization_id", organization["id"])
    organization["organization_identifiers"] = _children(
        data, "organization_identifier", "organization_id", organization["id"]
    )
    locations = {location["id"]: location for location in data["location"]}
    at_locations = []
    for link in _children(data, "service_at_location", "service_id", service_id):
        link["schedules"] = _children(data, "schedule", "service_at_location_id", link["id"])
        link["location"] = _full_location(data, locations[link["location_id"]])
        at_locations.append(link)
    service.update(
        organization=organization,
        phones=_children(data, "phone", "service_id", service_id),
        required_documents=_children(data, "required_document", "service_id", service_id),
        service_at_locations=at_locations,
    )
    return service

"""Seeds the demo streets and communities of Altay City, with their stations and teams."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    NoticeIndexPage,
    NoticePage,
    StreetPage,
    VolunteerTeam,
)
from core.seeding import ensure_child

DATA_FILE = Path(__file__).resolve().parent / "data" / "communities.json"
NOTICES_FILE = Path(__file__).resolve().parent / "data" / "notices.json"


def _community_fields(data):
    return {
        "title": data["name"],
        "summary": data["summary"],
        "station_name": data["station_name"],
        "address": data["address"],
        "latitude": Decimal(str(data["latitude"])),
        "longitude": Decimal(str(data["longitude"])),
        "opening_hours": [
            {
                "type": "hours",
                "value": {
                    "days": [str(day) for day in row["days"]],
                    "opens": row["opens"],
                    "closes": row["closes"],
                    "note": row.get("note", ""),
                },
            }
            for row in data["opening_hours"]
        ],
        "phone": data["phone"],
        "grid_count": data["grid_count"],
        "function_areas": "\n".join(data["function_areas"]),
        "compounds": "\n".join(data["compounds"]),
        "volunteer_teams": [VolunteerTeam(**team) for team in data["volunteer_teams"]],
    }


def seed_communities(home, log):
    """Create any missing street or community page; existing pages keep their editors' changes."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    index = ensure_child(
        home,
        CommunityIndexPage,
        "communities",
        log,
        title="社区",
        show_in_menus=True,
        summary="阿勒泰市各街道、社区党群服务中心的地址、电话、开放时间和可办理的服务。",
    )
    for street_data in data["streets"]:
        street = ensure_child(
            index,
            StreetPage,
            street_data["slug"],
            log,
            title=street_data["name"],
            summary=street_data["summary"],
            address=street_data["address"],
            phone=street_data["phone"],
        )
        for community in street_data["communities"]:
            fields = _community_fields(community)
            ensure_child(street, CommunityPage, community["slug"], log, **fields)
    return index


def seed_notices(home, index, log):
    """/notices/ and the sample notices: one under way, some upcoming, some past, timed from the
    moment of seeding (a sample notice is only useful relative to today). Created once."""
    ensure_child(
        home,
        NoticeIndexPage,
        "notices",
        log,
        title="通知公告",
        show_in_menus=True,
        summary="停水、停电、停暖、停气和道路施工通知：正在进行的、即将开始的和已经结束的。",
    )
    communities = {page.slug: page for page in CommunityPage.objects.descendant_of(index)}
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for item in json.loads(NOTICES_FILE.read_text(encoding="utf-8")):
        parent = communities[item["community"]] if item["community"] else index
        starts = now + datetime.timedelta(hours=item["starts_in_hours"])
        ensure_child(
            parent,
            NoticePage,
            item["slug"],
            log,
            title=item["title"],
            kind=item["kind"],
            level=item["level"],
            affected_area=item["affected_area"],
            body=item["body"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=item["lasts_hours"]),
            # Announced the day before (an urgent one when it happened), however long ago.
            first_published_at=min(
                starts - datetime.timedelta(days=0 if item["level"] == "urgent" else 1), now
            ),
        )

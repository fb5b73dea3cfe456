"""Seeds the demo streets and communities of Altay City, with their stations and teams."""

import json
from decimal import Decimal
from pathlib import Path

from communities.models import CommunityIndexPage, CommunityPage, StreetPage, VolunteerTeam
from core.seeding import ensure_child

DATA_FILE = Path(__file__).resolve().parent / "data" / "communities.json"


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

"""What seed_site sets up for residents' participation: the city editors' city-wide inbox, the
storage service of the settings, and a few sample submissions (data/demo_submissions.json)."""

import datetime
import json
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone

from communities.models import CommunityPage
from communities.permissions import permission
from participation.models import (
    ACCEPTED,
    ASSIGNED,
    CLOSED,
    RATED,
    ParticipationSettings,
    Submission,
)
from services_catalog.models import ServicePage
from services_catalog.permissions import CITY_EDITORS

DATA_FILE = Path(__file__).parent / "data" / "demo_submissions.json"
STORAGE_SERVICE_CODE = "FW-101"  # 雪板雪具免费寄存 in services_catalog/data/services.csv


def seed_participation(site, log):
    city_editors = Group.objects.filter(name=CITY_EDITORS).first()
    citywide = permission("participation", "handle_citywide")
    if city_editors and not city_editors.permissions.filter(pk=citywide.pk).exists():
        city_editors.permissions.add(citywide)
        log(f"{CITY_EDITORS}：处理全市的居民来件")
    settings = ParticipationSettings.for_site(site)
    if not settings.seeded:  # once: an editor's later choice (even none) stands
        settings.storage_service = ServicePage.objects.filter(code=STORAGE_SERVICE_CODE).first()
        settings.seeded = True
        settings.save()
        log("居民参与设置：雪具寄存服务")
    for entry in json.loads(DATA_FILE.read_text(encoding="utf-8"))["submissions"]:
        if not Submission.objects.filter(receipt_code=entry["receipt_code"]).exists():
            _add(entry)
            log(f"示例来件 {entry['receipt_code']}")


def _add(entry):
    community = CommunityPage.objects.get(slug=entry["community"])
    created = timezone.now() - datetime.timedelta(days=entry["days_ago"])
    state = entry["state"]
    reached = [ASSIGNED, ACCEPTED, CLOSED, RATED]
    step = reached.index(state) + 1 if state in reached else 0
    moments = [created + datetime.timedelta(days=day) for day in range(1, 5)]
    team = community.volunteer_teams.all()[entry["team"]] if "team" in entry else None
    submission = Submission(
        kind=entry["kind"],
        community=community,
        receipt_code=entry["receipt_code"],
        form_token=f"seed-{entry['receipt_code']}",
        text=entry["text"],
        location=entry.get("location", ""),
        state=state,
        created_at=created,
        assigned_team=team if step else None,
        assigned_person=entry.get("person", "") if step else "",
        assigned_at=moments[0] if step >= 1 else None,
        accepted_at=moments[1] if step >= 2 else None,
        closed_at=moments[2] if step >= 3 else None,
        rated_at=moments[3] if step >= 4 else None,
        public_reply=entry.get("public_reply", ""),
        rating=entry.get("rating"),
        on_board=bool(entry.get("board_text")),
        board_text=entry.get("board_text", ""),
    )
    submission.full_clean()
    submission.save()

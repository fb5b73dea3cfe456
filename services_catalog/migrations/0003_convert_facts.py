"""Old guide and offering values converted to the structured fields (a migration of its own so
that PostgreSQL never alters a table with pending foreign-key checks)."""

import re

from django.db import migrations

LIMIT = re.compile(r"^(\d+)\s*(个工作日|工作日|日|天|个自然日|自然日)(?:（(.*)）)?$")


def time_limit(text):
    """(limit, unit, note) from the old one-line time limit."""
    text = (text or "").strip()
    if text.startswith("即时") or text.startswith("当场"):
        note = text.split("（", 1)[1].rstrip("）") if "（" in text else ""
        return None, "当场办结", note[:100]
    match = LIMIT.match(text)
    if match:
        unit = "工作日" if "工作日" in match[2] else "自然日"
        return int(match[1]), unit, (match[3] or "")[:100]
    number = re.search(r"\d+", text)
    return (int(number[0]) if number else 1), "工作日", text[:100]


def convert(apps, schema_editor):
    """Guides: the authority's name becomes an Authority (its credit code taken from the item code),
    the time limits become number, unit and note, the old 帮代办 flag is dropped (the communities'
    links say it). Offerings: the old hours text is kept in the note for an editor to restructure."""
    Authority = apps.get_model("services_catalog", "Authority")
    GuidePage = apps.get_model("services_catalog", "GuidePage")
    CommunityService = apps.get_model("services_catalog", "CommunityService")
    for guide in GuidePage.objects.all():
        authority = Authority.objects.filter(name=guide.authority).first()
        if authority is None:
            code = guide.item_code[:18]
            if Authority.objects.filter(credit_code=code).exists():
                code = f"X{guide.pk:017d}"  # the content check reports it for an editor to fix
            authority = Authority.objects.create(
                name=guide.authority, credit_code=code, address="", phone=guide.phone
            )
        guide.authority_ref = authority
        guide.legal_limit, guide.legal_unit, guide.legal_note = time_limit(guide.legal_time_limit)
        guide.promised_limit, guide.promised_unit, guide.promised_note = time_limit(
            guide.promised_time_limit
        )
        guide.save()
    for offering in CommunityService.objects.exclude(hours=""):
        offering.note = f"{offering.note}（时间：{offering.hours}）"[:200]
        offering.save(update_fields=["note"])



class Migration(migrations.Migration):
    dependencies = [("services_catalog", "0002_structured_facts")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]

"""The catalogue's cross-record rules for the content check (`manage.py check_content` and the
admin report): each yields a Finding naming the record and the field. The single-record rules are
those of services_catalog/rules.py, which the admin forms and the importers apply too."""

import collections
import re

from django.urls import reverse
from django.utils import timezone

from communities.models import CommunityPage, StreetPage
from core.content_checks import Finding, register_rule
from core.localization import in_default_language
from services_catalog import rules
from services_catalog.codes import credit_code_problem
from services_catalog.models import STALE_AFTER, Authority, CommunityService, GuidePage


def _page_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _authority_url(authority):
    return reverse("wagtailsnippets_services_catalog_authority:edit", args=[authority.pk])


def _field(model, name):
    return str(model._meta.get_field(name).verbose_name)


def _guide_label(guide):
    return f"{guide.title}（{guide.code}）"


@register_rule
def offering_hours():
    """Every offering's time slots fall inside its station's hours, unless held elsewhere."""
    offerings = CommunityService.objects.select_related("community", "service").order_by(
        "community__path", "service__code"
    )
    for offering in offerings:
        for problem in offering.slot_problems(offering.community.hours_rows):
            yield Finding(
                rule="slot-outside-hours",
                severity="error",
                record=f"{offering.community.title} · {offering.service.title}（{offering.service.code}）",
                field=_field(CommunityService, "time_slots"),
                message=problem,
                page_id=offering.community_id,
                admin_url=_page_url(offering.community_id),
            )


@register_rule
def station_hours():
    for community in CommunityPage.objects.order_by("path"):
        if not community.hours_rows:
            yield Finding(
                rule="station-without-hours",
                severity="error",
                record=f"{community.title} · {community.station_name}",
                field=_field(CommunityPage, "opening_hours"),
                message="服务站没有填写开放时间。",
                page_id=community.pk,
                admin_url=_page_url(community.pk),
            )


@register_rule
def guide_rules():
    """The guide's own rules (as its admin form applies them), its reminders and its age."""
    names = list(CommunityPage.objects.values_list("title", flat=True))
    today = timezone.localdate()
    for guide in in_default_language(GuidePage.objects.select_related("authority")).order_by(
        "code"
    ):
        found = [("error", field, message) for field, message in rules.guide_errors(guide, names)]
        found += [("warning", field, message) for field, message in rules.guide_warnings(guide)]
        if today - guide.last_checked > STALE_AFTER:
            found.append(
                (
                    "warning",
                    "last_checked",
                    f"已超过12个月没有核对（最近核对 {guide.last_checked:%Y-%m-%d}）；页面正提醒群众先打电话。",
                )
            )
        for severity, field, message in found:
            yield Finding(
                rule=f"guide-{field}",
                severity=severity,
                record=_guide_label(guide),
                field=_field(GuidePage, field),
                message=message,
                page_id=guide.pk,
                admin_url=_page_url(guide.pk),
            )


@register_rule
def authority_codes():
    for authority in Authority.objects.all():
        problem = credit_code_problem(authority.credit_code)
        if problem:
            yield Finding(
                rule="credit-code",
                severity="error",
                record=f"实施主体 · {authority.name}",
                field=_field(Authority, "credit_code"),
                message=f"统一社会信用代码{problem}。",
                model_label="services_catalog.authority",
                object_id=str(authority.pk),
                admin_url=_authority_url(authority),
            )


def _normalised(note):
    return re.sub(r"\s+", "", note)


@register_rule
def repeated_notes():
    """The same note on different services is usually a copy-paste onto the wrong service."""
    by_note = collections.defaultdict(list)
    offerings = CommunityService.objects.exclude(note="").select_related("community", "service")
    for offering in offerings:
        by_note[_normalised(offering.note)].append(offering)
    for offerings in by_note.values():
        codes = {offering.service.code for offering in offerings}
        if len(codes) < 2:
            continue
        for offering in offerings:
            others = "、".join(sorted(codes - {offering.service.code}))
            yield Finding(
                rule="repeated-note",
                severity="warning",
                record=f"{offering.community.title} · {offering.service.title}（{offering.service.code}）",
                field=_field(CommunityService, "note"),
                message=f"这条说明与其他服务（{others}）的说明一字不差，请确认它写的是这项服务。",
                page_id=offering.community_id,
                admin_url=_page_url(offering.community_id),
            )


def _numbers(value):
    return {number.strip() for number in value.split("、") if number.strip()}


@register_rule
def place_phones():
    """One place, one phone list: stations, street offices and authorities at the same address
    must not give different numbers."""
    places = collections.defaultdict(list)
    for community in CommunityPage.objects.all():
        places[community.address].append(
            (f"{community.title} · {community.station_name}", community.phone, community.pk, None)
        )
    for street in StreetPage.objects.exclude(address=""):
        places[street.address].append((street.title, street.phone, street.pk, None))
    for authority in Authority.objects.all():
        places[authority.address].append(
            (f"实施主体 · {authority.name}", authority.phone, None, authority)
        )
    for address, records in places.items():
        phones = {frozenset(_numbers(phone)) for _label, phone, _page, _authority in records}
        if len(phones) < 2:
            continue
        for label, phone, page_id, authority in records:
            others = "；".join(
                f"{other}：{other_phone}"
                for other, other_phone, _p, _a in records
                if other != label
            )
            yield Finding(
                rule="place-phones",
                severity="error",
                record=label,
                field="电话",
                message=f"与同一地址（{address}）的 {others} 电话不一致（本条：{phone}）。",
                page_id=page_id,
                model_label="services_catalog.authority" if authority else "",
                object_id=str(authority.pk) if authority else "",
                admin_url=_authority_url(authority) if authority else _page_url(page_id),
            )

"""Seeds the catalogue: index pages, the open-data page, categories, audiences, the shipped
services and guides, and which communities offer which services and handle which guides (帮代办)."""

import csv
import json

from django.core.exceptions import ValidationError

from communities.models import CommunityPage
from core.localization import in_default_language
from core.seeding import ensure_child
from services_catalog.importing import DATA_DIR, import_guides, import_services
from services_catalog.models import (
    Audience,
    Authority,
    CommunityGuide,
    CommunityService,
    GuideIndexPage,
    GuidePage,
    OpenDataPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from services_catalog.permissions import ensure_city_editors


def _load_vocabulary(model, filename, log):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {k: v for k, v in row.items() if k != "slug"}
            values["sort_order"] = int(values["sort_order"])
            obj = in_default_language(model.objects).filter(slug=row["slug"]).first()
            if obj is None:
                model.objects.create(slug=row["slug"], **values)
                log(f"创建{model._meta.verbose_name}：{values['name']}")


def seed_catalogue(home, log):
    service_index = ensure_child(
        home,
        ServiceIndexPage,
        "services",
        log,
        title="便民服务",
        show_in_menus=True,
        summary="阿勒泰市社区“石榴籽”服务站的112项便民服务：养老、助餐、义剪义诊、雪具寄存、骑手驿站等，按类别和服务对象查找。",
    )
    guide_index = ensure_child(
        home,
        GuideIndexPage,
        "guides",
        log,
        title="政务指南",
        show_in_menus=True,
        summary="社区可受理或帮代办的32项政务服务办事指南：要带什么材料、去哪里办、多久办好、是否收费。",
    )
    ensure_city_editors(service_index, guide_index)
    # Linked from the catalogue and the guides, not from the main navigation.
    ensure_child(
        home,
        OpenDataPage,
        "open-data",
        log,
        title="开放数据",
        summary="便民服务目录和政务服务指南的开放数据：CSV 表格、HSDS 3.0 格式的 JSON、只读数据接口、"
        "网站地图和订阅，以及各列的含义、使用许可和更新频率。",
    )
    _load_vocabulary(ServiceCategory, "categories.csv", log)
    _load_vocabulary(Audience, "audiences.csv", log)
    load_authorities(log)
    for label, importer, filename in (
        ("便民服务", import_services, "services.csv"),
        ("政务指南", import_guides, "guides.json"),
    ):
        report = importer((DATA_DIR / filename).read_bytes())
        if report.created or report.updated:
            log(f"{label}：新建 {len(report.created)} 项，更新 {len(report.updated)} 项")


class InvalidSeedData(Exception):
    """A shipped data file breaks a content rule; the message names the record and the field."""


def _checked(instance, label):
    """`instance` after the same full_clean() the admin form runs (and, for an offering, the
    community form's time-slot rule); the file's record named if not."""
    try:
        instance.full_clean(exclude=["community", "page_ptr"])
        if isinstance(instance, CommunityService):
            problems = instance.slot_problems(instance.community.hours_rows)
            if problems:
                raise ValidationError({"time_slots": problems})
    except ValidationError as error:
        problems = "；".join(
            f"{instance._meta.get_field(name).verbose_name if name != '__all__' else '全部'}："
            + "".join(messages)
            for name, messages in error.message_dict.items()
        )
        raise InvalidSeedData(f"{label}：{problems}") from error
    return instance


def load_authorities(log):
    """The shipped implementing authorities (实施主体): created when missing, never overwritten."""
    data = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
    for entry in data:
        if not Authority.objects.filter(name=entry["name"]).exists():
            _checked(Authority(**entry), f"实施主体“{entry['name']}”").save()
            log(f"创建实施主体：{entry['name']}")


def time_slots(rows):
    """A data file's rows as the StreamField's raw value."""
    return [
        {
            "type": "slot",
            "value": {
                "days": [str(day) for day in row["days"]],
                "opens": row["opens"],
                "closes": row["closes"],
                "note": row.get("note", ""),
            },
        }
        for row in rows
    ]


def seed_offerings(log):
    """Give each shipped community its services and 帮代办 guides, once: a community that has any
    already keeps what its editors made of them."""
    data = json.loads((DATA_DIR / "offerings.json").read_text(encoding="utf-8"))
    services = {
        page.code: page for page in in_default_language(ServicePage.objects.only("id", "code"))
    }
    guides = {page.code: page for page in in_default_language(GuidePage.objects.only("id", "code"))}
    for entry in data["communities"]:
        community = CommunityPage.objects.filter(slug=entry["slug"]).first()
        if community is None or community.services.exists() or community.proxy_guides.exists():
            continue
        community = community.get_latest_revision_as_object()
        community.services = [
            _checked(
                CommunityService(
                    community=community,
                    service=services[s["code"]],
                    note=s["note"],
                    time_slots=time_slots(s["time_slots"]),
                    place=s["place"],
                ),
                f"{community.title}的服务 {s['code']}",
            )
            for s in entry["services"]
        ]
        community.proxy_guides = [
            CommunityGuide(guide=guides[code]) for code in entry["proxy_guides"]
        ]
        community.save_revision().publish()
        log(
            f"{community.title}：登记 {len(entry['services'])} 项服务、{len(entry['proxy_guides'])} 项帮代办"
        )

"""Seeds the catalogue: index pages, categories, audiences, then the shipped services and guides."""

import csv

from communities.permissions import ensure_city_editors
from home.seeding import ensure_child
from services_catalog.importing import DATA_DIR, import_guides, import_services
from services_catalog.models import (
    Audience,
    GuideIndexPage,
    ServiceCategory,
    ServiceIndexPage,
)


def _load_vocabulary(model, filename, log):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {k: v for k, v in row.items() if k != "slug"}
            values["sort_order"] = int(values["sort_order"])
            obj = model.objects.filter(slug=row["slug"]).first()
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
        summary="阿勒泰市社区“石榴籽”服务站的112项便民服务：养老、助餐、义剪义诊、雪具寄存、骑手驿站等，按类别和服务对象查找。",
    )
    guide_index = ensure_child(
        home,
        GuideIndexPage,
        "guides",
        log,
        title="政务指南",
        summary="社区可受理或帮代办的32项政务服务办事指南：要带什么材料、去哪里办、多久办好、是否收费。",
    )
    ensure_city_editors(service_index, guide_index)
    _load_vocabulary(ServiceCategory, "categories.csv", log)
    _load_vocabulary(Audience, "audiences.csv", log)
    for label, importer, filename in (
        ("便民服务", import_services, "services.csv"),
        ("政务指南", import_guides, "guides.json"),
    ):
        report = importer((DATA_DIR / filename).read_bytes())
        if report.created or report.updated:
            log(f"{label}：新建 {len(report.created)} 项，更新 {len(report.updated)} 项")

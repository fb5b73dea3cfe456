"""Import and export of the catalogue (CSV) and the guides (JSON): validate everything, then write once.

Every problem in a file is collected with its row (or entry) and column before anything is written;
a file with any problem writes nothing. A clean file is applied in one transaction, keyed by code:
new entries become pages, changed ones get a new published revision, unchanged ones are untouched,
and entries missing from the file are reported, never deleted.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.validators import PHONE_LIST_PATTERN
from services_catalog.models import (
    GUIDE_THEMES,
    ITEM_TYPES,
    Audience,
    GuideIndexPage,
    GuidePage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SERVICE_COLUMNS = [
    "code",
    "slug",
    "title",
    "category",
    "audiences",
    "summary",
    "body",
    "steps",
    "is_free",
    "fee",
    "booking_required",
    "contact",
    "tags",
]
LIST_SEPARATOR = "、"
YES, NO = "是", "否"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_LIMITS = {"title": 60, "summary": 300, "body": 2000, "steps": 2000, "fee": 100, "contact": 100}


@dataclass
class Problem:
    where: str
    column: str
    message: str

    def __str__(self):
        return f"{self.where}，{self.column}：{self.message}"


class InvalidImportFile(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} 个问题")


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    dry_run: bool = False

    def lines(self):
        verb = "将" if self.dry_run else "已"
        yield f"{verb}新建 {len(self.created)} 项：{'、'.join(self.created) or '无'}"
        yield f"{verb}更新 {len(self.updated)} 项：{'、'.join(self.updated) or '无'}"
        yield f"未改动 {len(self.unchanged)} 项"
        if self.missing:
            yield f"文件中没有、网站上仍保留的 {len(self.missing)} 项（未删除）：{'、'.join(self.missing)}"


def split_list(value):
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def _check_text(problems, where, column, value, required=True, limit=None, single_line=False):
    if required and not value.strip():
        problems.append(Problem(where, column, "不能为空"))
    elif limit and len(value) > limit:
        problems.append(Problem(where, column, f"太长：{len(value)} 字，最多 {limit} 字"))
    elif single_line and "\n" in value:
        problems.append(Problem(where, column, "只能是一段话，不能换行"))


def _check_phones(problems, where, column, value):
    if value.strip() and not re.match(PHONE_LIST_PATTERN, value.strip()):
        problems.append(
            Problem(
                where, column, f"电话号码格式不对：“{value}”（应为 0906-2312345、手机号或 12345）"
            )
        )


def _decode(raw, problems):
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem("文件", f"第 {error.start + 1} 个字节", "不是 UTF-8 编码的文本"))
        return None


# --- Services (CSV) -------------------------------------------------------------------------------


def read_services(raw):
    """Parse and validate a services CSV (bytes or text); return clean rows or raise InvalidImportFile."""
    problems = []
    text = _decode(raw, problems)
    if text is None:
        raise InvalidImportFile(problems)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        records = list(reader)
    except csv.Error as error:
        raise InvalidImportFile([Problem("文件", "CSV", f"无法解析：{error}")]) from error
    missing = [c for c in SERVICE_COLUMNS if c not in header]
    unknown = [c for c in header if c not in SERVICE_COLUMNS]
    for column in missing:
        problems.append(Problem("第1行（表头）", column, "缺少这一列"))
    for column in unknown:
        problems.append(Problem("第1行（表头）", column or "（空）", "不认识这一列"))
    if missing or unknown:
        raise InvalidImportFile(problems)
    if not records:
        raise InvalidImportFile([Problem("文件", "全部", "没有数据行")])

    categories = set(ServiceCategory.objects.values_list("slug", flat=True))
    audiences = set(Audience.objects.values_list("name", flat=True))
    seen_codes, seen_slugs, rows = {}, {}, []
    for number, record in enumerate(records, start=2):
        where = f"第{number}行"
        if None in record:
            problems.append(Problem(where, "全部", "这一行的列数比表头多"))
            continue
        row = {
            key: (record.get(key) or "").strip().replace("\r\n", "\n") for key in SERVICE_COLUMNS
        }
        for column in SERVICE_COLUMNS:
            _check_text(
                problems,
                where,
                column,
                row[column],
                required=column != "tags",
                limit=TEXT_LIMITS.get(column, 500),
                single_line=column in ("title", "summary", "code", "slug", "fee", "contact"),
            )
        if row["code"] and not re.fullmatch(r"FW-\d{3}", row["code"]):
            problems.append(Problem(where, "code", f"编号“{row['code']}”格式应为 FW-001"))
        elif row["code"] in seen_codes:
            problems.append(
                Problem(where, "code", f"编号 {row['code']} 与第{seen_codes[row['code']]}行重复")
            )
        seen_codes.setdefault(row["code"], number)
        if row["slug"] and not SLUG_PATTERN.match(row["slug"]):
            problems.append(Problem(where, "slug", "网址名只能用小写字母、数字和连字符"))
        elif row["slug"] in seen_slugs:
            problems.append(
                Problem(where, "slug", f"网址名 {row['slug']} 与第{seen_slugs[row['slug']]}行重复")
            )
        seen_slugs.setdefault(row["slug"], number)
        if row["category"] and row["category"] not in categories:
            problems.append(
                Problem(
                    where,
                    "category",
                    f"没有这个类别：“{row['category']}”（可用：{'、'.join(sorted(categories))}）",
                )
            )
        for name in split_list(row["audiences"]):
            if name not in audiences:
                problems.append(
                    Problem(
                        where,
                        "audiences",
                        f"没有这个服务对象：“{name}”（可用：{'、'.join(sorted(audiences))}）",
                    )
                )
        for column in ("is_free", "booking_required"):
            if row[column] and row[column] not in (YES, NO):
                problems.append(Problem(where, column, f"只能填“是”或“否”，不能是“{row[column]}”"))
        _check_phones(problems, where, "contact", row["contact"])
        for tag in split_list(row["tags"]):
            if len(tag) > 30:
                problems.append(Problem(where, "tags", f"标签“{tag[:10]}…”太长（最多 30 字）"))
        rows.append(row)
    if problems:
        raise InvalidImportFile(problems)
    return rows


def service_row(page):
    """A service page as a CSV row: the one format shared by import comparison and export."""
    return {
        "code": page.code,
        "slug": page.slug,
        "title": page.title,
        "category": page.category.slug,
        "audiences": LIST_SEPARATOR.join(a.name for a in page.audiences.all()),
        "summary": page.summary,
        "body": page.body,
        "steps": page.steps,
        "is_free": YES if page.is_free else NO,
        "fee": page.fee,
        "booking_required": YES if page.booking_required else NO,
        "contact": page.contact,
        "tags": LIST_SEPARATOR.join(t.name for t in page.tags.all()),
    }


def _comparable(row):
    return {
        **row,
        "audiences": sorted(split_list(row["audiences"])),
        "tags": sorted(split_list(row["tags"])),
    }


def _apply_service(page, row, categories, audiences):
    page.slug = row["slug"]
    page.title = row["title"]
    page.category = categories[row["category"]]
    page.summary = row["summary"]
    page.body = row["body"]
    page.steps = row["steps"]
    page.is_free = row["is_free"] == YES
    page.fee = row["fee"]
    page.booking_required = row["booking_required"] == YES
    page.contact = row["contact"]
    page.audiences = [audiences[name] for name in split_list(row["audiences"])]
    page.tags.set(split_list(row["tags"]))


def import_services(raw, dry_run=False):
    """Validate a services CSV, then create/update pages in one transaction. Returns an ImportReport."""
    rows = read_services(raw)
    index = _index_page(ServiceIndexPage)
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    audiences = {a.name: a for a in Audience.objects.all()}
    existing = {
        page.code: page
        for page in ServicePage.objects.select_related("category").prefetch_related(
            "audiences", "tags"
        )
    }
    return _write(
        rows,
        index,
        existing,
        new_page=lambda row: ServicePage(code=row["code"]),
        apply=lambda page, row: _apply_service(page, row, categories, audiences),
        changed=lambda page, row: _comparable(service_row(page)) != _comparable(row),
        dry_run=dry_run,
    )


def _index_page(model):
    """The page imported entries live under; the site must have been seeded first."""
    index = model.objects.first()
    if index is None:
        name = model._meta.verbose_name
        raise InvalidImportFile(
            [Problem("网站", "页面树", f"还没有“{name}”页面，请先运行 seed_site")]
        )
    return index


def _write(rows, index, existing, new_page, apply, changed, dry_run):
    """Create, update or leave each row's page, keyed by code, in one transaction."""
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for row in rows:
            page = existing.get(row["code"])
            if page is None:
                report.created.append(row["code"])
                if not dry_run:
                    page = new_page(row)
                    apply(page, row)
                    index.add_child(instance=page)
                    page.save_revision(log_action=True).publish()
            elif changed(page, row):
                report.updated.append(row["code"])
                if not dry_run:
                    page = page.get_latest_revision_as_object()
                    apply(page, row)
                    page.save_revision(log_action=True).publish()
            else:
                report.unchanged.append(row["code"])
    report.missing = sorted(set(existing) - {row["code"] for row in rows})
    return report


def export_services(stream):
    """Write every service page as CSV in the import format (UTF-8, header first)."""
    writer = csv.DictWriter(stream, fieldnames=SERVICE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    pages = (
        ServicePage.objects.select_related("category")
        .prefetch_related("audiences", "tags")
        .order_by("code")
    )
    count = 0
    for page in pages:
        writer.writerow(service_row(page))
        count += 1
    return count


# --- Guides (JSON) --------------------------------------------------------------------------------

GUIDE_TEXT_FIELDS = {
    "code": 10,
    "item_code": 60,
    "slug": 60,
    "title": 60,
    "summary": 300,
    "authority": 100,
    "audience": 300,
    "legal_time_limit": 60,
    "promised_time_limit": 60,
    "fee_standard": 300,
    "location": 300,
    "hours": 200,
    "phone": 100,
    "complaint_phone": 100,
}
GUIDE_KEYS = [
    *GUIDE_TEXT_FIELDS,
    "theme",
    "item_type",
    "legal_basis",
    "conditions",
    "materials",
    "steps",
    "is_free",
    "visits",
    "visits_reason",
    "online",
    "online_url",
    "proxy",
    "faq",
    "last_checked",
]
MATERIAL_KEYS = {"name": 100, "form": 10, "source": 100, "notes": 300, "sample": 300}
MATERIAL_FORMS = {"原件", "复印件", "原件和复印件"}


def _check_structs(problems, where, column, items, keys, required_keys):
    """A list of objects with string values, e.g. steps or questions."""
    if not isinstance(items, list) or (column != "faq" and not items):
        problems.append(Problem(where, column, "应为非空列表"))
        return
    for i, item in enumerate(items, start=1):
        place = f"{column}[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, place, "应为对象"))
            continue
        for key in item.keys() - keys.keys() - {"copies"}:
            problems.append(Problem(where, f"{place}.{key}", "不认识这个字段"))
        for key, limit in keys.items():
            value = item.get(key)
            if not isinstance(value, str):
                problems.append(Problem(where, f"{place}.{key}", "缺少或不是文字"))
            else:
                _check_text(problems, where, f"{place}.{key}", value, key in required_keys, limit)


def _check_guide(problems, where, entry, seen):
    if not isinstance(entry, dict):
        problems.append(Problem(where, "全部", "应为对象"))
        return
    for key in GUIDE_KEYS:
        if key not in entry:
            problems.append(Problem(where, key, "缺少这个字段"))
    for key in entry.keys() - set(GUIDE_KEYS):
        problems.append(Problem(where, key, "不认识这个字段"))
    for key, limit in GUIDE_TEXT_FIELDS.items():
        value = entry.get(key)
        if key in entry and not isinstance(value, str):
            problems.append(Problem(where, key, "应为文字"))
        elif isinstance(value, str):
            _check_text(problems, where, key, value, limit=limit)
    for key in ("code", "slug", "item_code"):
        value = entry.get(key)
        if isinstance(value, str) and value:
            if value in seen[key]:
                problems.append(Problem(where, key, f"“{value}”与{seen[key][value]}重复"))
            seen[key].setdefault(value, where)
    code = entry.get("code")
    if isinstance(code, str) and code and not re.fullmatch(r"ZN-\d{3}", code):
        problems.append(Problem(where, "code", f"编号“{code}”格式应为 ZN-001"))
    slug = entry.get("slug")
    if isinstance(slug, str) and slug and not SLUG_PATTERN.match(slug):
        problems.append(Problem(where, "slug", "网址名只能用小写字母、数字和连字符"))
    if "theme" in entry and entry["theme"] not in GUIDE_THEMES:
        problems.append(Problem(where, "theme", f"没有这个主题：“{entry['theme']}”"))
    if "item_type" in entry and entry["item_type"] not in ITEM_TYPES:
        problems.append(Problem(where, "item_type", f"没有这个事项类型：“{entry['item_type']}”"))
    for key in ("phone", "complaint_phone"):
        if isinstance(entry.get(key), str):
            _check_phones(problems, where, key, entry[key])
    for key in ("legal_basis", "conditions"):
        value = entry.get(key)
        if key in entry and (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() and "\n" not in v for v in value)
        ):
            problems.append(Problem(where, key, "应为非空的文字列表，每条一行"))
    for key in ("is_free", "online", "proxy"):
        if key in entry and not isinstance(entry[key], bool):
            problems.append(Problem(where, key, "应为 true 或 false"))
    visits = entry.get("visits")
    if "visits" in entry and (
        not isinstance(visits, int) or isinstance(visits, bool) or not 0 <= visits <= 10
    ):
        problems.append(Problem(where, "visits", "应为 0 到 10 的整数"))
    reason = entry.get("visits_reason")
    if "visits_reason" in entry and not isinstance(reason, str):
        problems.append(Problem(where, "visits_reason", "应为文字"))
    elif isinstance(visits, int) and visits > 0 and not (reason or "").strip():
        problems.append(Problem(where, "visits_reason", "需要到现场时，必须说明原因"))
    url = entry.get("online_url")
    if "online_url" in entry and not isinstance(url, str):
        problems.append(Problem(where, "online_url", "应为文字"))
    elif entry.get("online") is True and not (url or "").startswith(("https://", "http://")):
        problems.append(Problem(where, "online_url", "可网上办理时，必须填写 http(s) 地址"))
    elif url and not url.startswith(("https://", "http://")):
        problems.append(Problem(where, "online_url", "地址应以 https:// 开头"))
    if "materials" in entry:
        _check_structs(
            problems,
            where,
            "materials",
            entry["materials"],
            MATERIAL_KEYS,
            {"name", "form", "source"},
        )
        for i, material in enumerate(
            entry["materials"] if isinstance(entry["materials"], list) else [], 1
        ):
            if not isinstance(material, dict):
                continue
            if material.get("form") not in MATERIAL_FORMS:
                problems.append(
                    Problem(where, f"materials[{i}].form", "应为“原件”“复印件”或“原件和复印件”")
                )
            copies = material.get("copies")
            if not isinstance(copies, int) or isinstance(copies, bool) or not 0 <= copies <= 20:
                problems.append(Problem(where, f"materials[{i}].copies", "份数应为 0 到 20 的整数"))
    if "steps" in entry:
        _check_structs(
            problems,
            where,
            "steps",
            entry["steps"],
            {"title": 60, "description": 1000},
            {"title", "description"},
        )
    if "faq" in entry:
        _check_structs(
            problems,
            where,
            "faq",
            entry["faq"],
            {"question": 200, "answer": 2000},
            {"question", "answer"},
        )
    checked = entry.get("last_checked")
    try:
        datetime.date.fromisoformat(checked)
    except (TypeError, ValueError):
        if "last_checked" in entry:
            problems.append(Problem(where, "last_checked", "日期格式应为 2026-01-31"))


def read_guides(raw):
    """Parse and validate a guides JSON file; return the entries or raise InvalidImportFile."""
    problems = []
    text = _decode(raw, problems)
    if text is None:
        raise InvalidImportFile(problems)
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidImportFile(
            [Problem(f"第{error.lineno}行", f"第{error.colno}列", f"JSON 格式错误：{error.msg}")]
        ) from error
    if not isinstance(entries, list) or not entries:
        raise InvalidImportFile([Problem("文件", "全部", "应为一个非空的指南列表")])
    seen = {"code": {}, "slug": {}, "item_code": {}}
    for number, entry in enumerate(entries, start=1):
        label = entry.get("code") if isinstance(entry, dict) else None
        where = f"第{number}条" + (f"（{label}）" if isinstance(label, str) and label else "")
        _check_guide(problems, where, entry, seen)
    if problems:
        raise InvalidImportFile(problems)
    return entries


def _stream(kind, items):
    return [(kind, item) for item in items]


def _stream_values(stream_value):
    return [dict(block["value"]) for block in stream_value.raw_data]


def guide_entry(page):
    """A guide page as a JSON entry: the one format shared by import comparison and export."""
    return {
        "code": page.code,
        "item_code": page.item_code,
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary,
        "theme": page.theme,
        "item_type": page.item_type,
        "authority": page.authority,
        "audience": page.audience,
        "legal_basis": page.legal_basis_list,
        "conditions": page.condition_list,
        "materials": _stream_values(page.materials),
        "steps": _stream_values(page.steps),
        "legal_time_limit": page.legal_time_limit,
        "promised_time_limit": page.promised_time_limit,
        "is_free": page.is_free,
        "fee_standard": page.fee_standard,
        "location": page.location,
        "hours": page.hours,
        "phone": page.phone,
        "complaint_phone": page.complaint_phone,
        "visits": page.visits,
        "visits_reason": page.visits_reason,
        "online": page.online,
        "online_url": page.online_url,
        "proxy": page.proxy,
        "faq": _stream_values(page.faq),
        "last_checked": page.last_checked.isoformat(),
    }


def _apply_guide(page, entry):
    for key in GUIDE_TEXT_FIELDS:
        setattr(page, key, entry[key].strip())
    for key in (
        "theme",
        "item_type",
        "is_free",
        "visits",
        "visits_reason",
        "online",
        "online_url",
        "proxy",
    ):
        setattr(page, key, entry[key])
    page.legal_basis = "\n".join(entry["legal_basis"])
    page.conditions = "\n".join(entry["conditions"])
    page.materials = _stream("material", entry["materials"])
    page.steps = _stream("step", entry["steps"])
    page.faq = _stream("question", entry["faq"])
    page.last_checked = datetime.date.fromisoformat(entry["last_checked"])


def import_guides(raw, dry_run=False):
    """Validate a guides JSON file, then create/update guide pages in one transaction."""
    entries = read_guides(raw)
    index = _index_page(GuideIndexPage)
    existing = {page.code: page for page in GuidePage.objects.all()}
    return _write(
        entries,
        index,
        existing,
        new_page=lambda entry: GuidePage(),
        apply=_apply_guide,
        changed=lambda page, entry: (
            guide_entry(page) != {**entry, **{k: entry[k].strip() for k in GUIDE_TEXT_FIELDS}}
        ),
        dry_run=dry_run,
    )

"""Import and export of the catalogue (CSV) and the guides (JSON): validate everything, then write once.

Every problem in a file is collected with its row (or entry) and column before anything is written;
a file with any problem writes nothing. A clean file is applied in one transaction, keyed by code:
new entries become pages, changed ones get a new published revision, unchanged ones are untouched,
and entries missing from the file are reported, never deleted.

The columns are the page model's `data_fields`. Each row is checked by the model itself: its values
are set on an unsaved page, which runs `full_clean()`, and each StreamField's blocks run `clean()`;
their errors become the report's problems. This module only knows how a file spells a value
(JSON types, “是”/“否”, names joined with “、”), never what a valid value is.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction

from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from core.localization import in_default_language
from services_catalog.data_fields import NO, YES
from services_catalog.models import (
    GuideIndexPage,
    GuidePage,
    ServiceIndexPage,
    ServicePage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LIST_SEPARATOR = "、"
SLUG_TAKEN = "同一目录下已有页面使用这个网址名"
SERVICE_COLUMNS = [declared.name for declared in ServicePage.data_fields]
GUIDE_KEYS = [declared.name for declared in GuidePage.data_fields]


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


def _decode(raw, problems):
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem("文件", f"第 {error.start + 1} 个字节", "不是 UTF-8 编码的文本"))
        return None


# --- Columns: a declared field, its model field and the kind of value a file holds for it --------


@dataclass(frozen=True)
class Column:
    """A declared field with its model field and what a file holds for it (`kind`): text, lines,
    bool, int, date, one or many related objects named by `key`, tags, or blocks."""

    name: str
    kind: str
    field: object
    key: str


class BadValue(Exception):
    """A file's value that cannot even be given to the model: (column, message) pairs."""

    def __init__(self, *problems):
        self.problems = list(problems)
        super().__init__(problems)


def _kind(model_field, declared):
    if isinstance(model_field, StreamField):
        return "blocks"
    if isinstance(model_field, TaggableManager):
        return "tags"
    if model_field.many_to_many:
        return "many"
    if model_field.many_to_one:
        return "one"
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if isinstance(model_field, models.IntegerField):
        return "int"
    if isinstance(model_field, models.DateField):
        return "date"
    return "lines" if declared.lines else "text"


def _columns(model):
    columns = []
    for declared in model.data_fields:
        model_field = model._meta.get_field(declared.name)
        columns.append(
            Column(declared.name, _kind(model_field, declared), model_field, declared.key)
        )
    return columns


def _struct_block(column):
    """The one kind of block a file's list of objects holds, e.g. a material."""
    (block,) = column.field.stream_block.child_blocks.values()
    return block


def _plain(page, column):
    """A page's value as files hold it, before spelling: names, lists of lines, block values."""
    value = getattr(page, column.name)
    if column.kind == "lines":
        return [line.strip() for line in value.splitlines() if line.strip()]
    if column.kind == "date":
        return value.isoformat()
    if column.kind == "one":
        return getattr(value, column.key) if value is not None else None
    if column.kind in ("many", "tags"):
        return [getattr(item, column.key) for item in value.all()]
    if column.kind == "blocks":
        return [dict(block["value"]) for block in value.raw_data]
    return value


def _with_related(model, columns):
    """The model's pages with what their files name (a category, audiences, tags) loaded along."""
    one = [c.name for c in columns if c.kind == "one"]
    many = [c.name for c in columns if c.kind in ("many", "tags")]
    pages = in_default_language(model.objects.all())
    return pages.select_related(*one).prefetch_related(*many)


def _comparable(column, plain):
    return sorted(plain) if column.kind in ("many", "tags") else plain


# --- How each file format spells a value -----------------------------------------------------------


def _from_csv(column, text):
    if column.kind == "bool":
        if text not in (YES, NO):
            raise BadValue(
                (column.name, f"只能填“是”或“否”，不能是“{text}”" if text else "不能为空")
            )
        return text == YES
    if column.kind == "int":
        if not text and column.field.null:
            return None
        try:
            return int(text)
        except ValueError:
            raise BadValue((column.name, f"应为整数，不能是“{text}”")) from None
    if column.kind in ("many", "tags"):
        return split_list(text)
    if column.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if column.kind == "blocks":
        raise TypeError(f"{column.name}: CSV files cannot hold blocks")
    return text


def _to_csv(column, plain):
    if plain is None:
        return ""
    if column.kind == "bool":
        return YES if plain else NO
    if column.kind in ("many", "tags"):
        return LIST_SEPARATOR.join(plain)
    if column.kind == "lines":
        return "\n".join(plain)
    return plain


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _from_json(column, value):
    name = column.name
    if column.kind == "bool":
        if not isinstance(value, bool):
            raise BadValue((name, "应为 true 或 false"))
        return value
    if column.kind == "int":
        if value is None and column.field.null:
            return None
        if not _is_int(value):
            raise BadValue((name, "应为整数" + ("或 null" if column.field.null else "")))
        return value
    if column.kind in ("lines", "many", "tags"):
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() and "\n" not in item for item in value
        ):
            raise BadValue((name, "应为文字列表，每条一行，不能有空条目"))
        return [item.strip() for item in value]
    if column.kind == "blocks":
        return _blocks_from_json(column, value)
    if not isinstance(value, str):
        raise BadValue((name, "应为文字"))
    return value.strip()


def _blocks_from_json(column, items):
    """A list of objects, each with exactly the block's fields, each of the block's value type."""
    if not isinstance(items, list):
        raise BadValue((column.name, "应为列表"))
    struct = _struct_block(column)
    problems = []
    for number, item in enumerate(items, start=1):
        place = f"{column.name}[{number}]"
        if not isinstance(item, dict):
            problems.append((place, "应为对象"))
            continue
        for key in item.keys() - struct.child_blocks.keys():
            problems.append((f"{place}.{key}", "不认识这个字段"))
        for key, block in struct.child_blocks.items():
            value = item.get(key)
            if key not in item:
                problems.append((f"{place}.{key}", "缺少这个字段"))
            elif isinstance(block, blocks.IntegerBlock) and not _is_int(value):
                problems.append((f"{place}.{key}", "应为整数"))
            elif isinstance(block, blocks.BooleanBlock) and not isinstance(value, bool):
                problems.append((f"{place}.{key}", "应为 true 或 false"))
            elif isinstance(block, blocks.CharBlock | blocks.TextBlock | blocks.ChoiceBlock) and (
                not isinstance(value, str)
            ):
                problems.append((f"{place}.{key}", "应为文字"))
    if problems:
        raise BadValue(*problems)
    return items


# --- From a file's value to the model's, and the model's verdict ------------------------------------


def _to_model(column, plain, related):
    """The value to set on a page; BadValue for names the site does not know."""
    verbose_name = column.field.verbose_name
    if isinstance(plain, str) and not plain and not column.field.blank:
        # Checked here because Wagtail would otherwise fill an empty slug in from the title.
        raise BadValue((column.name, "不能为空"))
    if column.kind == "lines":
        return "\n".join(plain)
    if column.kind == "date":
        return column.field.to_python(plain)
    if column.kind in ("one", "many"):
        known = related[column.name]
        names = [plain] if column.kind == "one" else plain
        unknown = [name for name in names if name not in known]
        if unknown:
            choices = "、".join(sorted(known))
            raise BadValue(
                *(
                    (column.name, f"没有这个{verbose_name}：“{name}”（可用：{choices}）")
                    for name in unknown
                )
            )
        if column.kind == "one":
            return known[plain]
        if not names and not column.field.blank:
            raise BadValue((column.name, "不能为空"))
        return [known[name] for name in names]
    if column.kind == "tags":
        # Tags are written by name only when the file is applied; check each against the tag model.
        name_field = column.field.related_model._meta.get_field(column.key)
        for name in plain:
            name_field.clean(name, None)
        return plain
    if column.kind == "blocks":
        kind = next(iter(column.field.stream_block.child_blocks))
        return column.field.to_python([{"type": kind, "value": item} for item in plain])
    return plain


def _apply(page, values):
    for column, value in values:
        if column.kind == "tags":
            getattr(page, column.name).set(value)
        else:
            setattr(page, column.name, value)


def _choices(choices):
    return [str(value) for value, _label in choices if value != ""]


def _sentence(error, label="", choices=()):
    """One ValidationError as a short Chinese sentence; Django's commonest codes reworded."""
    params = error.params or {}
    if error.code in ("blank", "null", "required"):
        return "不能为空"
    if error.code == "max_length":
        return f"太长：{params['show_value']} 字，最多 {params['limit_value']} 字"
    if error.code == "max_value":
        return f"不能大于 {params['limit_value']}"
    if error.code == "min_value":
        return f"不能小于 {params['limit_value']}"
    if error.code == "invalid_choice":
        sentence = (
            f"没有这个{label}：“{params['value']}”" if label else f"不能是“{params['value']}”"
        )
        return sentence + (f"（可选：{'、'.join(choices)}）" if choices else "")
    return "".join(error.messages)


def _field_problems(column, error):
    choices = _choices(column.field.flatchoices) if getattr(column.field, "choices", None) else ()
    return [
        (column.name, _sentence(e, column.field.verbose_name, choices)) for e in error.error_list
    ]


def _block_problems(error, place, block):
    """A StreamBlock's or StructBlock's errors at e.g. materials[2].form (numbered from 1)."""
    if isinstance(error, blocks.StreamBlockValidationError | blocks.StructBlockValidationError):
        problems = [(place, _sentence(e)) for e in error.non_block_errors.as_data()]
        for key, child_error in error.block_errors.items():
            if isinstance(error, blocks.StreamBlockValidationError):
                (child,) = block.child_blocks.values()
                problems += _block_problems(child_error, f"{place}[{key + 1}]", child)
            else:
                child = block.child_blocks[key]
                problems += _block_problems(child_error, f"{place}.{key}", child)
        return problems
    choices = _choices(block.field.choices) if isinstance(block, blocks.ChoiceBlock) else ()
    return [(place, _sentence(e, choices=choices)) for e in error.error_list]


def _model_problems(page, columns, skipped):
    """Validate the values set on `page` as the admin would: the model, its fields, its blocks."""
    problems = []
    checked = {c.name for c in columns if c.name not in skipped and c.kind not in ("many", "tags")}
    for column in columns:
        if column.name not in checked:
            continue
        value = getattr(page, column.name)
        if column.kind == "blocks":
            try:
                column.field.stream_block.clean(value)
            except ValidationError as error:
                problems += _block_problems(error, column.name, column.field.stream_block)
            continue
        # The admin edits a CharField in a one-line box, and holds a TextField to its max_length
        # in the form (Django itself does not): a file must not get past either.
        if isinstance(column.field, models.CharField) and "\n" in value:
            problems.append((column.name, "只能是一段话，不能换行"))
        elif isinstance(column.field, models.TextField) and column.field.max_length:
            try:
                MaxLengthValidator(column.field.max_length)(value)
            except ValidationError as error:
                problems += _field_problems(column, error)
    by_name = {c.name: c for c in columns}
    fields = [f.name for f in page._meta.fields]
    try:
        page.full_clean(exclude=[name for name in fields if name not in checked])
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            if name in skipped or name in {column for column, _message in problems}:
                continue
            if name == "slug":
                # Page.clean()'s sibling check has neither a code nor a Chinese translation.
                errors = [ValidationError(SLUG_TAKEN) if e.code is None else e for e in errors]
            if name in by_name:
                problems += _field_problems(by_name[name], ValidationError(errors))
            else:
                column = "全部" if name == NON_FIELD_ERRORS else name
                problems += [(column, "".join(e.messages)) for e in errors]
    return problems


def _chinese_records(model):
    """What a file may name: the Chinese records (a translated category's Kazakh record is
    never a page's category; pages refer to the Chinese one)."""
    records = model.objects.all()
    return in_default_language(records) if issubclass(model, TranslatableMixin) else records


def _unsaved_page(model, existing, index):
    """A page to validate a row on: the existing page's identity, or a new child of `index`.

    Its parent is set so that Page.clean() checks the slug among the index's children.
    """
    if existing is None:
        page = model(path=index.path + "0" * model.steplen, depth=index.depth + 1)
    else:
        page = model(
            id=existing.pk, page_ptr_id=existing.pk, path=existing.path, depth=existing.depth
        )
        page._state.adding = False  # so that unique checks leave the page itself out
    page.locale_id = index.locale_id
    if page.path[: -model.steplen] == index.path:
        page._cached_parent_obj = index
    return page


# --- Reading a file, then writing it ----------------------------------------------------------------


@dataclass
class Row:
    code: str
    values: list
    changed: bool


def _read(model, index, records, load, problems):
    """Check every (where, record) through the model; return Rows or raise InvalidImportFile."""
    columns = _columns(model)
    existing = {page.code: page for page in _with_related(model, columns)}
    related = {
        c.name: {getattr(item, c.key): item for item in _chinese_records(c.field.related_model)}
        for c in columns
        if c.kind in ("one", "many")
    }
    unique = [
        c.name
        for c in columns
        if c.name == "slug"
        or getattr(c.field, "unique", False)
        or c.name in getattr(model, "unique_in_language", ())
    ]
    seen = {name: {} for name in unique}
    rows = []
    for where, record in records:
        found, plain, values = [], {}, []
        for column in columns:
            if column.name not in record:
                found.append((column.name, "缺少这个字段"))
                continue
            try:
                plain[column.name] = load(column, record[column.name])
            except BadValue as error:
                found += error.problems
        for name in unique:
            value = plain.get(name)
            if isinstance(value, str) and value:
                if value in seen[name]:
                    found.append((name, f"“{value}”与{seen[name][value]}重复"))
                seen[name].setdefault(value, where)
        code = plain.get("code")
        page = _unsaved_page(model, existing.get(code), index)
        skipped = {column.split("[")[0].split(".")[0] for column, _message in found}
        for column in columns:
            if column.name not in plain or column.name in skipped:
                continue
            try:
                values.append((column, _to_model(column, plain[column.name], related)))
            except BadValue as error:
                found += error.problems
                skipped.add(column.name)
            except ValidationError as error:
                found += _field_problems(column, error)
                skipped.add(column.name)
        _apply(page, [(column, value) for column, value in values if column.kind != "tags"])
        found += _model_problems(page, columns, skipped)
        problems += [Problem(where, column, message) for column, message in found]
        if not found:
            old = existing.get(code)
            changed = old is None or any(
                _comparable(c, _plain(old, c)) != _comparable(c, plain[c.name]) for c in columns
            )
            rows.append(Row(code, values, changed))
    if problems:
        raise InvalidImportFile(problems)
    return rows, existing


def _index_page(model):
    """The page imported entries live under; the site must have been seeded first."""
    index = in_default_language(model.objects.all()).first()
    if index is None:
        name = model._meta.verbose_name
        raise InvalidImportFile(
            [Problem("网站", "页面树", f"还没有“{name}”页面，请先运行 seed_site")]
        )
    return index


def _import(model, index_model, records, load, problems, dry_run):
    """Validate every record, then create, update or leave each page, keyed by code, in one transaction."""
    index = _index_page(index_model)
    rows, existing = _read(model, index, records, load, problems)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for row in rows:
            page = existing.get(row.code)
            if page is None:
                report.created.append(row.code)
                if not dry_run:
                    page = model()
                    _apply(page, row.values)
                    index.add_child(instance=page)
                    page.save_revision(log_action=True).publish()
            elif row.changed:
                report.updated.append(row.code)
                if not dry_run:
                    page = page.get_latest_revision_as_object()
                    _apply(page, row.values)
                    page.save_revision(log_action=True).publish()
            else:
                report.unchanged.append(row.code)
    report.missing = sorted(set(existing) - {row.code for row in rows})
    return report


# --- Services (CSV) -------------------------------------------------------------------------------


def _service_records(raw):
    """(where, row) for each CSV row, and the problems found so far; raises for an unreadable file."""
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
    columns = [declared.name for declared in ServicePage.data_fields]
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    for column in missing:
        problems.append(Problem("第1行（表头）", column, "缺少这一列"))
    for column in unknown:
        problems.append(Problem("第1行（表头）", column or "（空）", "不认识这一列"))
    if missing or unknown:
        raise InvalidImportFile(problems)
    if not records:
        raise InvalidImportFile([Problem("文件", "全部", "没有数据行")])
    rows = []
    for number, record in enumerate(records, start=2):
        where = f"第{number}行"
        if None in record:
            problems.append(Problem(where, "全部", "这一行的列数比表头多"))
            continue
        rows.append(
            (where, {key: (record[key] or "").strip().replace("\r\n", "\n") for key in columns})
        )
    return rows, problems


def service_row(page):
    """A service page as a CSV row: the one format shared by import comparison and export."""
    return {c.name: _to_csv(c, _plain(page, c)) for c in _columns(ServicePage)}


def import_services(raw, dry_run=False):
    """Validate a services CSV, then create/update pages in one transaction. Returns an ImportReport."""
    records, problems = _service_records(raw)
    return _import(ServicePage, ServiceIndexPage, records, _from_csv, problems, dry_run)


def export_services(stream):
    """Write every service page as CSV in the import format (UTF-8, header first)."""
    columns = _columns(ServicePage)
    writer = csv.DictWriter(stream, fieldnames=[c.name for c in columns], lineterminator="\n")
    writer.writeheader()
    count = 0
    for page in _with_related(ServicePage, columns).order_by("code"):
        writer.writerow(service_row(page))
        count += 1
    return count


# --- Guides (JSON) --------------------------------------------------------------------------------


def _guide_records(raw):
    """(where, entry) for each JSON entry, and the problems found so far; raises for an unreadable file."""
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
    keys = {declared.name for declared in GuidePage.data_fields}
    records = []
    for number, entry in enumerate(entries, start=1):
        label = entry.get("code") if isinstance(entry, dict) else None
        where = f"第{number}条" + (f"（{label}）" if isinstance(label, str) and label else "")
        if not isinstance(entry, dict):
            problems.append(Problem(where, "全部", "应为对象"))
            continue
        for key in entry.keys() - keys:
            problems.append(Problem(where, key, "不认识这个字段"))
        records.append((where, entry))
    return records, problems


def guide_entry(page):
    """A guide page as a JSON entry: the one format shared by import comparison and export."""
    return {c.name: _plain(page, c) for c in _columns(GuidePage)}


def import_guides(raw, dry_run=False):
    """Validate a guides JSON file, then create/update guide pages in one transaction."""
    records, problems = _guide_records(raw)
    return _import(GuidePage, GuideIndexPage, records, _from_json, problems, dry_run)

"""A catalogue page's fields, declared once: admin panels, API fields, import/export and open data
are all derived from one `data_fields` list on the page model.

The rules for each value (length, format, choices, cross-field checks) live on the model fields,
the StreamField blocks and the model's `clean()`; the importer validates through them.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField

YES, NO = "是", "否"


@dataclass(frozen=True)
class DataField:
    """One field of a page as an editor, the API, the import/export files and open data see it."""

    name: str
    # Admin panel heading: consecutive fields of one group share a MultiFieldPanel.
    group: str = ""
    # False for Page and BasePage fields (title, slug, summary), whose panels those classes place.
    panel: bool = True
    # False: not in the API; a string: the attribute the API shows instead (e.g. a list of lines).
    api: str | bool = True
    serializer: object = None
    # Related objects appear in files by this attribute, e.g. a category by its slug.
    key: str = ""
    # A text of one item per line, which JSON files hold as a list.
    lines: bool = False
    # A column of the open-data CSV; its heading is the field's verbose name unless `label` is set,
    # its cell the field's value unless `cell` (a function of the page) is set.
    open_data: bool = False
    label: str = ""
    cell: Callable | None = None
    # What the column holds, for the 开放数据 page (the field's verbose name when empty); the form
    # of yes/no, date and list cells is added to it.
    about: str = ""


@dataclass(frozen=True)
class OpenDataColumn:
    """One column of an open-data CSV: its heading, what it holds and its cell (a function of the
    page). Declared fields become columns through `open_data_columns`; a column that no stored
    field holds (a page's address, where a service is offered) is declared as one of these in the
    model's `open_data_extra`."""

    heading: str
    about: str
    cell: Callable


def panels_of(fields):
    """Admin panels in declaration order, consecutive fields of one group in one MultiFieldPanel."""
    panels = []
    shown = [field for field in fields if field.panel]
    for group, members in itertools.groupby(shown, key=lambda field: field.group):
        members = [FieldPanel(field.name) for field in members]
        panels.extend([MultiFieldPanel(members, heading=group)] if group else members)
    return panels


def api_fields_of(fields):
    return [
        APIField(field.api if isinstance(field.api, str) else field.name, field.serializer)
        for field in fields
        if field.api is not False
    ]


def open_data_cell(value):
    """A field's value as an open-data cell: yes/no in words, dates in ISO format."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def column_about(model, field):
    """What a declared field's column holds, with the form of its cells where it has one."""
    model_field = model._meta.get_field(field.name)
    about = field.about or str(model_field.verbose_name)
    if field.lines:
        return f"{about}，每条一行"
    if model_field.many_to_many or field.name == "tags":
        return f"{about}，多项用“、”隔开"
    if field.cell is None and model_field.get_internal_type() == "BooleanField":
        return f"{about}：{YES}或{NO}"
    if field.cell is None and model_field.get_internal_type() == "DateField":
        return f"{about}，格式为 年-月-日（例如 2026-01-31）"
    return about


def open_data_columns(model):
    """The open-data columns of a page model: its declared fields marked `open_data` (headed by
    their label or verbose name), then the model's `open_data_extra`."""
    return [
        *(
            OpenDataColumn(
                field.label or str(model._meta.get_field(field.name).verbose_name),
                column_about(model, field),
                field.cell or (lambda page, name=field.name: open_data_cell(getattr(page, name))),
            )
            for field in model.data_fields
            if field.open_data
        ),
        *getattr(model, "open_data_extra", ()),
    ]

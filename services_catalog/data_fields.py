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


def open_data_columns(model):
    """(heading, function of a page giving the cell) for each open-data column of a page model."""
    return [
        (
            field.label or model._meta.get_field(field.name).verbose_name,
            field.cell or (lambda page, name=field.name: open_data_cell(getattr(page, name))),
        )
        for field in model.data_fields
        if field.open_data
    ]

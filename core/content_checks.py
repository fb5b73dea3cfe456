"""Content checks: rules across records that a form cannot see (a slot outside the station's hours,
an authority nobody links to), registered by the apps that own the records and run by
`manage.py check_content` and the admin report 报告 → 内容检查.

A rule is a function of no arguments that yields Findings. An app registers its rules in its
AppConfig.ready(), e.g. `content_checks.register_rule(slots_within_hours)`; this module imports no
app, so it knows the rules only through that registry.
"""

import contextlib
import dataclasses
import json

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.urls import reverse

from wagtail.models import Page

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告"}


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem in one record, said so that its editor can find and fix it."""

    rule: str  # short id, e.g. "slot-outside-hours"
    severity: str  # ERROR or WARNING
    record: str  # what the editor knows the record as, e.g. "和平社区 · 义剪（FW-012）"
    field: str  # the field's verbose name, e.g. "时间段"
    message: str  # a Chinese sentence
    page_id: int | None = None  # the page whose editors may fix it (a community for its offering)
    model_label: str = ""  # a snippet's model, e.g. "services_catalog.authority"
    object_id: str = ""  # that snippet's primary key
    admin_url: str = ""  # where to fix it, if the rule knows

    def __post_init__(self):
        if self.severity not in SEVERITY_LABELS:
            raise ValueError(f"severity must be {ERROR!r} or {WARNING!r}, not {self.severity!r}")

    @property
    def is_error(self):
        return self.severity == ERROR

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    @property
    def fix_url(self):
        """The rule's admin_url, or else the edit view of the page whose editors may fix it."""
        if self.admin_url:
            return self.admin_url
        if self.page_id is not None:
            return reverse("wagtailadmin_pages:edit", args=[self.page_id])
        return ""

    def as_line(self):
        """ "错误 · 和平社区 · 义剪（FW-012） · 时间段：……"."""
        place = " · ".join(part for part in (self.severity_label, self.record, self.field) if part)
        return f"{place}：{self.message}"


_rules = []


def register_rule(rule):
    """Add a rule (a function of no arguments yielding Findings); usable as a decorator."""
    if rule not in _rules:
        _rules.append(rule)
    return rule


def unregister_rule(rule):
    if rule in _rules:
        _rules.remove(rule)


@contextlib.contextmanager
def registered_rule(rule):
    """The rule registered for the duration of a `with` block (tests)."""
    already = rule in _rules
    register_rule(rule)
    try:
        yield rule
    finally:
        if not already:
            unregister_rule(rule)


def registered_rules():
    return list(_rules)


def run_rules():
    """Every registered rule's findings: errors first, otherwise in the order the rules gave them."""
    findings = [finding for rule in list(_rules) for finding in rule()]
    return sorted(findings, key=lambda finding: not finding.is_error)


def counts(findings):
    """(errors, warnings)."""
    errors = sum(finding.is_error for finding in findings)
    return errors, len(findings) - errors


def fails(findings, fail_on_warnings=False):
    errors, warnings = counts(findings)
    return bool(errors or (fail_on_warnings and warnings))


def as_text(findings):
    """One finding a line, then how many errors and warnings there are."""
    errors, warnings = counts(findings)
    summary = f"内容检查：{errors} 个错误，{warnings} 个警告。"
    if not findings:
        summary = "内容检查：没有发现问题（0 个错误，0 个警告）。"
    return "\n".join([*(finding.as_line() for finding in findings), summary])


def as_json(findings):
    return json.dumps(
        [dataclasses.asdict(finding) for finding in findings], ensure_ascii=False, indent=2
    )


def check_content(output_format="text", fail_on_warnings=False):
    """What `manage.py check_content` prints, and whether it fails: (output, failed)."""
    findings = run_rules()
    output = as_json(findings) if output_format == "json" else as_text(findings)
    return output, fails(findings, fail_on_warnings)


def visible_to(user, findings):
    """The findings `user` may act on: a superuser all; others those on a page they can edit, on
    a snippet whose model they may change, never those on neither (site-wide problems)."""
    findings = list(findings)
    if user.is_superuser:
        return findings
    page_ids = {finding.page_id for finding in findings if finding.page_id is not None}
    # One query for the pages and one for their workflow states; can_edit() then reads the
    # user's page permissions, which Wagtail loads once per user.
    pages = Page.objects.filter(pk__in=page_ids).prefetch_workflow_states()
    editable = {page.pk for page in pages if page.permissions_for_user(user).can_edit()}
    changeable = {}

    def may_change(label):
        if label not in changeable:
            try:
                options = apps.get_model(label)._meta
            except (LookupError, ValueError):
                changeable[label] = False
            else:
                codename = get_permission_codename("change", options)
                changeable[label] = user.has_perm(f"{options.app_label}.{codename}")
        return changeable[label]

    return [
        finding
        for finding in findings
        if finding.page_id in editable or (finding.model_label and may_change(finding.model_label))
    ]

"""Content checks (core.content_checks): rules registered here by the tests themselves, run by
`manage.py check_content` and shown in the admin report 报告 → 内容检查 to those who may fix them."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import content_checks
from core.content_checks import Finding, register_rule, registered_rule, unregister_rule
from services_catalog.models import ServiceCategory
from tests.conftest import html_of, login
from tests.factories import CommunityPageFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/content-check/"


@pytest.fixture(autouse=True)
def only_the_tests_rules(monkeypatch):
    """The apps' own rules stay out of these tests: each test registers exactly what it checks."""
    monkeypatch.setattr(content_checks, "_rules", [])


def finding(
    severity="error", record="测试记录", field="时间段", message="时间段超出开放时间。", **more
):
    return Finding(
        rule="test-rule", severity=severity, record=record, field=field, message=message, **more
    )


def rule_yielding(*findings):
    def rule():
        yield from findings

    return rule


def run_command(*args):
    """(stdout, CommandError or None) of `manage.py check_content ARGS`."""
    out = StringIO()
    try:
        call_command("check_content", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


# The registry


def test_a_finding_has_an_error_or_a_warning_severity_only():
    assert finding(severity="warning").severity_label == "警告"
    assert finding(severity="error").severity_label == "错误"
    with pytest.raises(ValueError):
        finding(severity="info")


def test_a_finding_is_frozen():
    with pytest.raises(AttributeError):
        finding().message = "改了"


def test_register_rule_is_a_decorator_and_unregister_rule_removes_it():
    @register_rule
    def rule():
        yield finding()

    assert rule in content_checks.registered_rules()
    assert content_checks.run_rules() == [finding()]
    register_rule(rule)  # twice is once
    assert content_checks.run_rules() == [finding()]

    unregister_rule(rule)

    assert rule not in content_checks.registered_rules()
    assert content_checks.run_rules() == []


def test_registered_rule_lasts_for_its_block_only():
    rule = rule_yielding(finding())
    with registered_rule(rule):
        assert content_checks.run_rules() == [finding()]
    assert content_checks.run_rules() == []


def test_rules_run_in_turn_with_every_error_before_any_warning():
    first = rule_yielding(finding("warning", "甲"), finding("error", "乙"))
    second = rule_yielding(finding("warning", "丙"), finding("error", "丁"))
    with registered_rule(first), registered_rule(second):
        records = [(f.severity, f.record) for f in content_checks.run_rules()]
    assert records == [("error", "乙"), ("error", "丁"), ("warning", "甲"), ("warning", "丙")]


# The command


def test_an_error_is_printed_in_chinese_and_fails_the_command():
    error = finding(
        record="和平社区 · 义剪（FW-012）", message="时间段 20:00–21:00 不在开放时间内。"
    )
    with registered_rule(
        rule_yielding(error, finding("warning", "和平社区", "电话", "只有手机号。"))
    ):
        output, failure = run_command()

    assert failure is not None
    assert output.splitlines() == [
        "错误 · 和平社区 · 义剪（FW-012） · 时间段：时间段 20:00–21:00 不在开放时间内。",
        "警告 · 和平社区 · 电话：只有手机号。",
        "内容检查：1 个错误，1 个警告。",
    ]


def test_warnings_alone_pass_unless_asked_to_fail_on_them():
    with registered_rule(rule_yielding(finding("warning", "和平社区", "电话", "只有手机号。"))):
        output, failure = run_command()
        assert failure is None
        assert output.splitlines() == [
            "警告 · 和平社区 · 电话：只有手机号。",
            "内容检查：0 个错误，1 个警告。",
        ]

        output, failure = run_command("--fail-on-warnings")
        assert failure is not None
        assert "警告 · 和平社区 · 电话：只有手机号。" in output


def test_nothing_found_passes_even_when_failing_on_warnings():
    with registered_rule(rule_yielding()):
        output, failure = run_command("--fail-on-warnings")
    assert failure is None
    assert output.strip() == "内容检查：没有发现问题（0 个错误，0 个警告）。"


def test_json_lists_every_field_of_every_finding_and_fails_the_same_way():
    on_page = finding(page_id=7, admin_url="/admin/pages/7/edit/")
    on_snippet = finding("warning", model_label="services_catalog.authority", object_id="3")
    with registered_rule(rule_yielding(on_snippet, on_page)):
        output, failure = run_command("--format", "json")
        assert failure is not None
        with_warnings_only = run_command("--format", "json", "--fail-on-warnings")

    assert json.loads(output) == [
        {
            "rule": "test-rule",
            "severity": "error",
            "record": "测试记录",
            "field": "时间段",
            "message": "时间段超出开放时间。",
            "page_id": 7,
            "model_label": "",
            "object_id": "",
            "admin_url": "/admin/pages/7/edit/",
        },
        {
            "rule": "test-rule",
            "severity": "warning",
            "record": "测试记录",
            "field": "时间段",
            "message": "时间段超出开放时间。",
            "page_id": None,
            "model_label": "services_catalog.authority",
            "object_id": "3",
            "admin_url": "",
        },
    ]
    assert with_warnings_only[1] is not None

    with registered_rule(rule_yielding(on_snippet)):
        output, failure = run_command("--format", "json")
    assert failure is None
    assert [item["severity"] for item in json.loads(output)] == ["warning"]


def test_json_of_nothing_is_an_empty_list():
    output, failure = run_command("--format", "json")
    assert failure is None
    assert json.loads(output) == []


# The admin report


@pytest.fixture
def communities(street):
    """Two published communities of the test's own, each with its editor group."""
    street.save_revision().publish()
    pages = []
    for _ in range(2):
        community = CommunityPageFactory(parent=street)
        community.save_revision().publish()
        community.refresh_from_db()
        assert community.editors_group is not None
        pages.append(community)
    return pages


@pytest.fixture
def category(db):
    return ServiceCategoryFactory()


@pytest.fixture
def findings(communities, category):
    own, other = communities
    return {
        "own": finding(record=f"{own.title} · 义剪", page_id=own.pk),
        "other": finding(record=f"{other.title} · 义剪", page_id=other.pk),
        "snippet": finding(
            "warning",
            record=f"服务类别 · {category.name}",
            field="说明",
            message="说明为空。",
            model_label=ServiceCategory._meta.label_lower,
            object_id=str(category.pk),
            admin_url=f"/admin/snippets/services_catalog/servicecategory/edit/{category.pk}/",
        ),
        "site-wide": finding("warning", record="站点信息", field="ICP备案号", message="尚未填写。"),
    }


@pytest.fixture
def rules(findings):
    with registered_rule(rule_yielding(*findings.values())):
        yield


def report_rows(html):
    """(级别, 记录, 字段, 问题, link href) of each row of the report."""
    rows = []
    for row in BeautifulSoup(html, "html.parser").select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        link = row.find_all("td")[-1].find("a")
        rows.append((*cells[:4], link["href"] if link else None))
    return rows


def records_in(html):
    return {row[1] for row in report_rows(html)}


def editor_of(client, make_user, community, username="community-editor"):
    return login(client, make_user(username, community.editors_group.name))


def test_a_superuser_sees_every_finding_with_a_link_to_fix_it(admin_client, rules, findings):
    html = html_of(admin_client.get(REPORT_URL))
    assert "内容检查" in BeautifulSoup(html, "html.parser").title.get_text()
    rows = report_rows(html)
    assert {row[1] for row in rows} == {f.record for f in findings.values()}
    own = findings["own"]
    assert (own.severity_label, own.record, own.field, own.message) == rows[0][:4]
    assert rows[0][4] == f"/admin/pages/{own.page_id}/edit/"  # the page's edit view
    snippet = next(row for row in rows if row[1] == findings["snippet"].record)
    assert snippet[0] == "警告"
    assert snippet[4] == findings["snippet"].admin_url  # the rule's own link
    site_wide = next(row for row in rows if row[1] == "站点信息")
    assert site_wide[4] is None  # nowhere to link to


def test_errors_come_before_warnings_in_the_report(admin_client, rules):
    levels = [row[0] for row in report_rows(html_of(admin_client.get(REPORT_URL)))]
    assert levels == ["错误", "错误", "警告", "警告"]


def test_a_community_editor_sees_only_their_own_communitys_findings(
    client, make_user, communities, rules, findings
):
    own, _other = communities
    html = html_of(editor_of(client, make_user, own).get(REPORT_URL))
    assert records_in(html) == {findings["own"].record}
    assert findings["other"].record not in html


def test_the_other_communitys_editor_sees_theirs_and_not_the_first(
    client, make_user, communities, rules, findings
):
    _own, other = communities
    html = html_of(editor_of(client, make_user, other).get(REPORT_URL))
    assert records_in(html) == {findings["other"].record}


def test_a_snippet_finding_shows_to_those_who_may_change_that_snippet(
    client, make_user, communities, rules, findings
):
    own, _other = communities
    editor = editor_of(client, make_user, own)
    assert findings["snippet"].record not in records_in(html_of(editor.get(REPORT_URL)))

    own.editors_group.permissions.add(
        Permission.objects.get(
            content_type__app_label="services_catalog", codename="change_servicecategory"
        )
    )

    assert records_in(html_of(editor.get(REPORT_URL))) == {
        findings["own"].record,
        findings["snippet"].record,
    }


def test_an_editor_with_nothing_to_fix_is_told_so(client, make_user, communities):
    own, _other = communities
    with registered_rule(rule_yielding(finding(page_id=communities[1].pk))):
        html = html_of(editor_of(client, make_user, own).get(REPORT_URL))
    assert report_rows(html) == []
    assert "没有发现问题" in html


def test_the_report_is_in_the_reports_menu_of_everyone_in_the_admin(client, make_user, communities):
    own, _other = communities
    editor = editor_of(client, make_user, own)
    assert ("内容检查", REPORT_URL) in reports_menu(html_of(editor.get("/admin/")))


def reports_menu(html):
    """(label, url) of each item of the admin sidebar's 报告 menu."""
    script = BeautifulSoup(html, "html.parser").find("script", id="wagtail-sidebar-props")
    found = []

    def walk(node):
        if isinstance(node, dict):
            args = node.get("_args") or [{}]
            if node.get("_type") == "wagtail.sidebar.SubMenuItem" and args[0]["name"] == "reports":
                found.extend(
                    (item["_args"][0]["label"], item["_args"][0]["url"]) for item in args[1]
                )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(script.string))
    return found


def test_the_report_needs_a_sign_in(client, rules):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_report_exports_as_csv(admin_client, rules, findings):
    response = admin_client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "级别,记录,字段,问题,修改地址"
    assert findings["other"].record in text


def test_which_findings_an_editor_sees_costs_the_same_queries_however_many_pages(
    make_user, street, communities
):
    own, _other = communities
    editor = make_user("counting-editor", own.editors_group.name)
    few = [finding(page_id=page.pk) for page in communities]
    more_pages = [CommunityPageFactory(parent=street) for _ in range(5)]
    many = few + [finding(page_id=page.pk) for page in more_pages]

    def queries(findings):
        fresh = type(editor).objects.get(pk=editor.pk)  # no permissions cached yet
        with CaptureQueriesContext(connection) as captured:
            visible = content_checks.visible_to(fresh, findings)
        return len(captured), [f.page_id for f in visible]

    few_count, few_visible = queries(few)
    many_count, many_visible = queries(many)
    assert few_visible == many_visible == [own.pk]
    assert many_count == few_count


def test_a_superuser_is_not_asked_about_pages(admin_user, communities):
    findings = [finding(page_id=page.pk) for page in communities] + [finding()]
    with CaptureQueriesContext(connection) as captured:
        assert content_checks.visible_to(admin_user, findings) == findings
    assert len(captured) == 0


def test_an_unknown_model_label_shows_to_superusers_only(admin_user, make_user, communities):
    own, _other = communities
    lost = finding(model_label="gone.model")
    assert content_checks.visible_to(admin_user, [lost]) == [lost]
    editor = make_user("label-editor", own.editors_group.name)
    assert content_checks.visible_to(editor, [lost]) == []
    # Positive control: the same editor sees a finding on their page.
    mine = finding(page_id=own.pk)
    assert content_checks.visible_to(editor, [lost, mine]) == [mine]


def test_groups_exist_as_the_report_expects(communities):
    # The editor fixtures above rely on communities' own group upkeep on publish.
    assert Group.objects.filter(pk__in=[page.editors_group_id for page in communities]).count() == 2

"""Issue 14: what the site tells a resident agrees with itself.

The shipped data passes every content rule; each kind of contradiction, injected, is refused by
the content check, by the importer and by the admin form, each naming the record and the field;
and a guide's fee, time limits, phones and places read the same on its page, in the open-data
CSV, in the API and in its structured data.
"""

import csv
import datetime
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.core.management import CommandError, call_command

from communities.hours import as_row, describe, opening_hours_specification, slot_problems
from communities.models import CommunityPage
from core.localization import in_default_language
from core.phones import international, tel_uri
from services_catalog.codes import (
    credit_check_character,
    credit_code_problem,
    item_code_problem,
    make_credit_code,
)
from services_catalog.importing import DATA_DIR
from services_catalog.models import Authority, CommunityService, GuidePage
from services_catalog.seeding import InvalidSeedData, _checked, time_slots
from tests.conftest import force_login, html_of

SHIPPED_GUIDES = json.loads((DATA_DIR / "guides.json").read_text(encoding="utf-8"))


def run_check(*args):
    """check_content's findings as JSON, and whether it failed."""
    out = StringIO()
    try:
        call_command("check_content", "--format", "json", *args, stdout=out)
        failed = False
    except (CommandError, SystemExit):
        failed = True
    return json.loads(out.getvalue()), failed


def text_of(response):
    """What a reader sees: the page's text, whitespace collapsed."""
    return " ".join(BeautifulSoup(html_of(response), "html.parser").get_text(" ").split())


def errors_of(findings):
    return [f for f in findings if f["severity"] == "error"]


# --- Units: the codes and the hours -----------------------------------------------------------


def test_credit_code_check_characters_follow_gb_32100():
    # A published example code of GB 32100-2015's appendix style, built with both check characters.
    code = make_credit_code("9111000071093123")
    assert credit_code_problem(code) == ""
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert f"第18位校验码应为“{code[17]}”" in credit_code_problem(wrong)
    assert credit_check_character(code[:17]) == code[17]
    assert "18位" in credit_code_problem("12345")
    assert "I、O、S、V、Z" in credit_code_problem("91110000710931231I")


def test_item_codes_embed_their_authority_and_type():
    authority = make_credit_code("1165430199000001")
    other = make_credit_code("1165430199000002")
    good = f"{authority}2000101001000"
    assert item_code_problem(good, authority, "公共服务") == ""
    assert "实施主体的统一社会信用代码" in item_code_problem(f"{other}2000101001000", authority)
    assert "事项类型“行政许可”的代码 01" in item_code_problem(good, authority, "行政许可")
    assert "31位" in item_code_problem(good[:-1])


def test_hours_read_in_chinese_and_in_schema_org_with_the_beijing_offset():
    rows = [
        as_row({"days": [1, 2, 3, 4, 5], "opens": "10:00", "closes": "14:00"}),
        as_row({"days": [1, 2, 3, 4, 5], "opens": "16:00", "closes": "19:30"}),
        as_row({"days": [6, 7], "opens": "10:30", "closes": "13:00", "note": "冬季"}),
    ]
    assert describe(rows) == [
        "周一至周五 10:00–14:00、16:00–19:30",
        "周六、周日 10:30–13:00（冬季）",
    ]
    spec = opening_hours_specification(rows)
    assert spec[0]["opens"] == "10:00:00+08:00" and spec[1]["closes"] == "19:30:00+08:00"
    assert spec[2]["dayOfWeek"] == ["https://schema.org/Saturday", "https://schema.org/Sunday"]
    inside = as_row({"days": [2], "opens": "10:00", "closes": "12:00"})
    evening = as_row({"days": [2, 6], "opens": "18:00", "closes": "21:00"})
    assert slot_problems([inside], rows) == []
    (problem,) = slot_problems([inside, evening], rows)
    assert problem.startswith("第2个时间段“周二、周六 18:00–21:00”不在服务站开放时间")


def test_phones_are_written_in_plus_86_form_for_links_and_structured_data():
    assert international("0906-2123265") == "+86-906-2123265"
    assert tel_uri("0906-2123265") == "tel:+86-906-2123265"
    assert tel_uri("12345") == "tel:12345"


# --- The shipped data passes ------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db
def test_the_shipped_data_passes_the_content_check():
    findings, failed = run_check()
    assert errors_of(findings) == []
    assert not failed
    # The check really runs the rules over the shipped records: the data holds every kind.
    assert CommunityService.objects.count() > 250
    assert in_default_language(GuidePage.objects).count() == 32 and Authority.objects.count() >= 7


@pytest.mark.e2e
@pytest.mark.django_db
def test_every_authority_has_one_valid_code_and_every_item_code_embeds_it():
    codes = dict(Authority.objects.values_list("name", "credit_code"))
    assert len(set(codes.values())) == len(codes)
    for guide in GuidePage.objects.select_related("authority"):
        assert credit_code_problem(guide.authority.credit_code) == ""
        assert (
            item_code_problem(guide.item_code, guide.authority.credit_code, guide.item_type) == ""
        )


# --- Each contradiction, injected: the check, the importer and the admin form refuse it --------


def finding_for(findings, record_part, field):
    return [f for f in errors_of(findings) if record_part in f["record"] and f["field"] == field]


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_time_slot_outside_the_station_hours_is_refused_everywhere(client, admin_user):
    heping = CommunityPage.objects.get(slug="heping")
    offering = heping.services.select_related("service").order_by("service__code").first()
    late = [{"days": [6], "opens": "06:00", "closes": "07:30"}]

    # Importer (the seeding's check of offerings.json).
    bad = CommunityService(community=heping, service=offering.service, time_slots=time_slots(late))
    with pytest.raises(
        InvalidSeedData, match=f"和平社区的服务 {offering.service.code}：本站时间段"
    ):
        _checked(bad, f"和平社区的服务 {offering.service.code}")
    # Positive control: held elsewhere (a place given), the same slot passes.
    bad.place = "社区室外浇冰场"
    _checked(bad, "和平社区")

    # Content check.
    offering.time_slots = time_slots(late)
    offering.place = ""
    offering.save()
    findings, failed = run_check()
    (found,) = finding_for(findings, f"和平社区 · {offering.service.title}", "本站时间段")
    assert "周六 6:00–7:30" in found["message"] and failed

    # Admin form: the community page with that slot does not save; the error names the field.
    force_login(client, admin_user)
    response = client.post(f"/admin/pages/{heping.pk}/edit/", community_form(heping, late))
    assert response.status_code == 200
    assert not response.context["form"].errors  # the station fields themselves are fine
    (offering_form, *_rest) = response.context["form"].formsets["services"].forms
    (error,) = offering_form.errors["time_slots"].as_data()
    assert "周六 6:00–7:30”不在服务站开放时间" in error.non_block_errors.as_data()[0].message
    # The block widget shows it: the error is in the field's rendered data.
    escaped = json.dumps("不在服务站开放时间")[1:-1]  # as the widget's JSON data spells it
    assert "不在服务站开放时间" in html_of(response) or escaped in html_of(response)
    # Positive control: the same form with a slot inside the hours saves.
    inside = [{"days": [2], "opens": "10:00", "closes": "12:00"}]
    response = client.post(f"/admin/pages/{heping.pk}/edit/", community_form(heping, inside))
    assert response.status_code == 302


def community_form(page, slots):
    """The community edit form as the admin posts it, its first offering with `slots`."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    offerings = list(page.services.order_by("sort_order"))
    rows = page.hours_rows
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "station_name": page.station_name,
            "address": page.address,
            "latitude": str(page.latitude or ""),
            "longitude": str(page.longitude or ""),
            "opening_hours": streamfield(
                [
                    (
                        "hours",
                        {
                            "opens": f"{r['opens']:%H:%M}",
                            "closes": f"{r['closes']:%H:%M}",
                            "note": r["note"],
                        },
                    )
                    for r in rows
                ]
            ),
            "phone": page.phone,
            "grid_count": str(page.grid_count),
            "function_areas": page.function_areas,
            "services": inline_formset(
                [
                    {
                        "id": str(o.pk),
                        "service": str(o.service_id),
                        "note": o.note,
                        "time_slots": streamfield(
                            [
                                ("slot", {"opens": s["opens"], "closes": s["closes"], "note": ""})
                                for s in (slots if i == 0 else [])
                            ]
                        ),
                        "place": "",
                    }
                    for i, o in enumerate(offerings)
                ],
                initial=len(offerings),
            ),
            "proxy_guides": inline_formset(
                [{"id": str(g.pk), "guide": str(g.guide_id)} for g in page.proxy_guides.all()],
                initial=page.proxy_guides.count(),
            ),
            "volunteer_teams": inline_formset(
                [
                    {
                        "id": str(t.pk),
                        "name": t.name,
                        "description": t.description,
                        "members": str(t.members),
                    }
                    for t in page.volunteer_teams.all()
                ],
                initial=page.volunteer_teams.count(),
            ),
            "seo_title": "",
            "search_description": "",
            "action-publish": "1",
        }
    )
    # Checkbox lists post one value per ticked box under one name.
    for index, row in enumerate(rows):
        data[f"opening_hours-{index}-value-days"] = [str(day) for day in row["days"]]
    for index, slot in enumerate(slots):
        data[f"services-0-time_slots-{index}-value-days"] = [str(day) for day in slot["days"]]
    return data


def guide_entry(code, **changes):
    entry = next(dict(e) for e in SHIPPED_GUIDES if e["code"] == code)
    entry.update(changes)
    return entry


def import_fails(tmp_path, entries):
    path = tmp_path / "guides.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="未写入任何内容"):
        call_command("import_guides", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()


GUIDE_CONTRADICTIONS = [
    pytest.param(
        "ZN-012",
        {"is_free": True},
        "fee_standard",
        "收费标准",
        "勾选了“不收费”",
        id="free-with-a-fee-text",
    ),
    pytest.param(
        "ZN-001",
        {"item_code": "11654301010215435M0500017001000"},
        "item_code",
        "事项编码",
        "校验码应为“L”",
        id="item-code-check-character",
    ),
    pytest.param(
        "ZN-001",
        {"item_code": "11654301010216286Q0500017001000"},
        "item_code",
        "事项编码",
        "实施主体的统一社会信用代码“11654301010215435L”",
        id="item-code-of-another-authority",
    ),
    pytest.param(
        "ZN-002",
        {"location": "览景、雪苑社区帮代办窗口；阿勒泰市政务服务中心二楼民政窗口"},
        "location",
        "窗口办理地点",
        "可帮代办的社区由各社区页面",
        id="places-retyped-instead-of-derived",
    ),
    pytest.param(
        "ZN-003",
        {"promised_limit": 50},
        "promised_limit",
        "承诺办结时限（天数）",
        "不能长于法定办结时限",
        id="promise-longer-than-the-law",
    ),
]


@pytest.mark.e2e
@pytest.mark.django_db
@pytest.mark.parametrize(("code", "changes", "field", "label", "message"), GUIDE_CONTRADICTIONS)
def test_a_guide_contradiction_is_refused_by_the_importer_the_form_and_the_check(
    tmp_path, client, admin_user, code, changes, field, label, message
):
    guide = in_default_language(GuidePage.objects).get(code=code)
    # Importer: the problem names the entry and the field; nothing is written.
    report = import_fails(tmp_path, [guide_entry(code, **changes)])
    assert f"第1条（{code}），{field}：" in report and message in report

    # Admin form: the edit is refused with the message on the field.
    force_login(client, admin_user)
    response = client.post(f"/admin/pages/{guide.pk}/edit/", guide_form(guide, changes))
    assert response.status_code == 200
    assert message in text_of(response)
    # Positive control: the unchanged form publishes.
    response = client.post(f"/admin/pages/{guide.pk}/edit/", guide_form(guide, {}))
    assert response.status_code == 302, text_of(response)[:2000]

    # Content check: the same rule on the stored record, naming it and the field.
    in_default_language(GuidePage.objects).filter(pk=guide.pk).update(**changes)
    findings, failed = run_check()
    (found,) = finding_for(findings, f"（{code}）", label)
    assert message in found["message"] and failed


def guide_form(guide, changes):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    values = {
        "title": guide.title,
        "slug": guide.slug,
        "summary": guide.summary,
        "code": guide.code,
        "item_code": guide.item_code,
        "theme": guide.theme,
        "item_type": guide.item_type,
        "authority": str(guide.authority_id),
        "audience": guide.audience,
        "legal_basis": guide.legal_basis,
        "conditions": guide.conditions,
        "materials": streamfield([("material", dict(b.value)) for b in guide.materials]),
        "steps": streamfield([("step", dict(b.value)) for b in guide.steps]),
        "legal_limit": "" if guide.legal_limit is None else str(guide.legal_limit),
        "legal_unit": guide.legal_unit,
        "legal_note": guide.legal_note,
        "promised_limit": "" if guide.promised_limit is None else str(guide.promised_limit),
        "promised_unit": guide.promised_unit,
        "promised_note": guide.promised_note,
        "fee_standard": guide.fee_standard,
        "location": guide.location,
        "hours": guide.hours,
        "phone": guide.phone,
        "complaint_phone": guide.complaint_phone,
        "visits": str(guide.visits),
        "visits_reason": guide.visits_reason,
        "online_url": guide.online_url,
        "faq": streamfield([("question", dict(b.value)) for b in guide.faq]),
        "last_checked": guide.last_checked.isoformat(),
        "seo_title": "",
        "search_description": "",
        "action-publish": "1",
    }
    flags = {"is_free": guide.is_free, "online": guide.online}
    for name, value in changes.items():
        if name in flags:
            flags[name] = value
        else:
            values[name] = str(value)
    data = nested_form_data(values)
    for name, value in flags.items():
        if value:
            data[name] = "on"
    return data


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_phone_in_an_article_that_is_not_the_stations_is_refused(client, admin_user):
    from news.models import StoryPage

    heping = CommunityPage.objects.get(slug="heping")
    story = StoryPage.objects.child_of(heping).first()
    wrong = "0906-2999999"
    story.summary = f"{story.summary}咨询电话{wrong}。"
    story.save_revision().publish()
    findings, failed = run_check()
    (found,) = finding_for(findings, f"和平社区 · {story.title}", "正文")
    assert wrong in found["message"] and failed
    # Positive control: the station's own number is accepted.
    story.summary = story.summary.replace(wrong, heping.phone.split("、")[0])
    story.save_revision().publish()
    assert finding_for(run_check()[0], f"和平社区 · {story.title}", "正文") == []


# --- One fact, one field: page, CSV, API and structured data agree ------------------------------


def json_ld(html):
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.e2e
@pytest.mark.django_db
def test_all_guides_agree_on_fee_time_limit_phone_and_places_everywhere(client):
    rows = {
        row["目录编号"]: row
        for row in csv.DictReader(
            StringIO(client.get("/guides/catalogue.csv").content.decode("utf-8-sig"))
        )
    }
    guides = (
        in_default_language(GuidePage.objects).live().select_related("authority").order_by("code")
    )
    assert guides.count() == 32
    for guide in guides:
        page = client.get(guide.url)
        text = text_of(page)
        api = client.get(f"/api/v2/pages/{guide.pk}/").json()
        (service,) = [
            b for b in json_ld(page.content.decode()) if b["@type"] == "GovernmentService"
        ]
        row = rows[guide.code]
        label = guide.code

        # Fee: one text, from one field pair.
        assert guide.fee_text in text, label
        assert row["收费"] == guide.fee_text == api["fee_text"] == service["offers"]["description"]
        assert ("price" in service["offers"]) == guide.is_free, label
        # Time limits.
        assert f"承诺办结时限 {guide.promised_time_limit}" in text, label
        assert row["承诺办结时限"] == guide.promised_time_limit == api["promised_time_limit"]
        assert row["法定办结时限"] == guide.legal_time_limit == api["legal_time_limit"]
        times = {c.get("processingTime") for c in service["availableChannel"]}
        expected = guide.processing_time
        assert times == {expected}, label
        if guide.promised_unit == "工作日":
            assert expected is None, label  # working days are not a fixed duration
        # Phones: the guide's own or its authority's, in +86 form in links and structured data.
        phones = guide.phone_list
        assert row["咨询电话"] == "、".join(phones) == "、".join(api["phone_list"])
        links = {
            a["href"] for a in BeautifulSoup(html_of(page), "html.parser").select("a[href^='tel:']")
        }
        assert {tel_uri(n) for n in phones} <= links, label
        window = service["availableChannel"][-1]
        assert window["servicePhone"]["telephone"] == [international(n) for n in phones]
        # Places: the communities that handle it (one relation) and the authority's window.
        handlers = [c["title"] for c in guide.handling_communities]
        assert [c["title"] for c in api["handling_communities"]] == handlers
        channel_names = [c["name"] for c in service["availableChannel"][:-1]]
        assert channel_names == [c["station_name"] for c in guide.handling_communities]
        for title in handlers:
            assert title in text and title in row["办理地点"], (label, title)
        assert guide.location in text and row["办理地点"].endswith(guide.location)
        assert ("社区可帮代办" in text) == bool(handlers), label


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_guide_not_checked_for_a_year_asks_residents_to_phone_first(client):
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    assert "请先打电话确认" not in text_of(client.get(guide.url))
    guide.last_checked = datetime.date.today() - datetime.timedelta(days=400)
    guide.save_revision().publish()
    text = text_of(client.get(guide.url))
    assert "请先打电话确认" in text and guide.phone_list[0] in text
    findings, _failed = run_check()
    assert any(
        f["severity"] == "warning" and "（ZN-001）" in f["record"] and "超过12个月" in f["message"]
        for f in findings
    )


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_guide_that_sends_residents_to_a_window_with_no_visit_counted_is_flagged():
    guide = in_default_language(GuidePage.objects).get(code="ZN-001")
    assert not [f for f in run_check()[0] if "（ZN-001）" in f["record"]]
    in_default_language(GuidePage.objects).filter(pk=guide.pk).update(visits=0, visits_reason="")
    findings, failed = run_check()
    (warning,) = [f for f in findings if "（ZN-001）" in f["record"]]
    assert warning["severity"] == "warning" and warning["field"] == "到现场次数"
    assert "第1步“提出申请”让群众到现场" in warning["message"]
    assert not failed  # a warning asks for a look; it does not fail the check
    assert run_check("--fail-on-warnings")[1]


@pytest.mark.e2e
@pytest.mark.django_db
def test_the_admin_report_shows_a_community_editor_only_their_communitys_problems(
    client, make_user
):
    from tests.conftest import login

    heping = CommunityPage.objects.get(slug="heping")
    lanjing = CommunityPage.objects.get(slug="lanjing")
    offering = heping.services.select_related("service").order_by("service__code").first()
    offering.time_slots = time_slots([{"days": [7], "opens": "05:00", "closes": "06:00"}])
    offering.place = ""
    offering.save()
    report = "/admin/reports/content-check/"

    own = login(client, make_user("heping-editor", heping.editors_group.name))
    assert f"和平社区 · {offering.service.title}" in text_of(own.get(report))
    client.logout()
    other = login(client, make_user("lanjing-editor", lanjing.editors_group.name))
    text = text_of(other.get(report))
    assert "内容检查" in text and "和平社区" not in text


def test_a_blocks_random_id_is_not_read_as_a_phone_number():
    from news.rules import PHONE, strings_of

    raw = [{"type": "paragraph", "value": "请拨打0906-2123607。", "id": "0f6d-a13812345678"}]
    assert PHONE.findall("a13812345678") == ["13812345678"]  # what an id could look like
    assert [PHONE.findall(text) for text in strings_of(raw)] == [["0906-2123607"]]


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_foreign_phone_in_an_article_is_refused_by_the_seeding_and_the_form(client, admin_user):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from news.seeding import InvalidNewsData, check_phones

    heping = CommunityPage.objects.get(slug="heping")
    item = {"slug": "haircut", "summary": "义剪每周二照常。", "body": []}
    item["body"] = [{"type": "paragraph", "value": "需要上门的请拨打0906-2317462登记。"}]
    with pytest.raises(
        InvalidNewsData, match="和平社区的文章“haircut”，正文：正文里的电话 0906-2317462"
    ):
        check_phones(item, heping)
    own = heping.phone.split("、")[0]
    item["body"][0]["value"] = f"需要上门的请拨打{own}登记。"
    check_phones(item, heping)  # positive control: the station's number

    force_login(client, admin_user)

    def post(number):
        data = nested_form_data(
            {
                "title": "义剪照常",
                "slug": f"haircut-{number[-4:]}",
                "summary": "每周二上午义剪。",
                "date": "2026-11-30",
                "body": streamfield([("paragraph", rich_text(f"<p>上门理发请拨打{number}。</p>"))]),
                "tags": "",
                "seo_title": "",
                "search_description": "",
                "action-publish": "1",
            }
        )
        return client.post(f"/admin/pages/add/news/newspage/{heping.pk}/", data)

    response = post("0906-2317462")
    assert response.status_code == 200
    assert "正文里的电话 0906-2317462 不是和平社区服务站" in text_of(response)
    assert post(own).status_code == 302

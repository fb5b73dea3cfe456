"""Each kind, from an anonymous resident's form through every state as the editor it belongs to,
to the resident's one rating; the audit log and the status page along the way."""

import re

import pytest

from django.core import mail
from django.test import Client

from wagtail.models import ModelLogEntry

from participation.models import Submission
from tests.participation.conftest import fields_for, submit, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def case(kind, lanjing, storage_service):
    """(form data, editor group that handles it, community expected)."""
    if kind in ("wish", "report", "storage"):
        return fields_for(kind, community=lanjing), "览景社区 编辑", lanjing
    if kind == "correction":  # a community's own page: its editors handle it
        return fields_for(kind, page=lanjing), "览景社区 编辑", lanjing
    # 这页有用吗 on a catalogue service: the city editors
    return fields_for(kind, page=storage_service), "市级编辑", None


@pytest.mark.parametrize("kind", ["wish", "report", "storage", "correction", "feedback"])
def test_each_kind_walks_the_whole_loop(
    kind, lanjing, storage_service, editor_of, django_capture_on_commit_callbacks
):
    data, group, community = case(kind, lanjing, storage_service)
    editor, user = editor_of(f"{kind}-editor", group)
    resident = Client()

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(resident, kind, data)
    submission = submitted(response)
    assert submission.community == community
    status_url = f"/take-part/status/{submission.receipt_code}/"
    assert response["Location"] == f"{status_url}?received=1"
    html = resident.get(response["Location"]).content.decode()
    assert submission.receipt_code in html and "待派单" in html and "已收到" in html
    # The editor was told by mail, with the link and without the resident's data.
    [message] = [m for m in mail.outbox if user.email in m.to]
    assert f"/admin/participation/{submission.pk}/" in message.body
    assert "13912345678" not in message.body and "王小明" not in message.body

    detail = f"/admin/participation/{submission.pk}/"
    assert f">#{submission.pk}<" in editor.get("/admin/participation/").content.decode()
    step_data = {"action": "assign", "person": "党员李华", "note": "周三上门"}
    if community is not None:
        team = community.volunteer_teams.first()
        step_data = {"action": "assign", "team": team.pk, "note": "周三上门"}
    assert editor.post(detail, step_data).status_code == 302
    assert resident.get(status_url).content.decode().count("已派单") >= 1
    assert editor.post(detail, {"action": "accept"}).status_code == 302
    # Closing needs the public reply.
    refused = editor.post(detail, {"action": "close", "reply": ""})
    assert refused.status_code == 400
    submission.refresh_from_db()
    assert submission.state == "accepted"
    assert (
        editor.post(detail, {"action": "close", "reply": "已经办好了，谢谢您。"}).status_code == 302
    )
    submission.refresh_from_db()
    assert submission.state == "closed" and submission.closed_at is not None

    page = resident.get(status_url).content.decode()
    assert "已办结" in page and "已经办好了，谢谢您。" in page and "非常满意" in page
    rated = resident.post(status_url, {"rating": "4"})
    assert rated.status_code == 302
    submission.refresh_from_db()
    assert (submission.state, submission.rating, submission.rating_label) == ("rated", 4, "满意")
    assert "满意" in resident.get(status_url).content.decode()
    # One rating only.
    again = resident.post(status_url, {"rating": "1"})
    assert again.status_code == 409
    submission.refresh_from_db()
    assert submission.rating == 4

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(submission.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "xuedu.participation.receive",
        "xuedu.participation.assign",
        "xuedu.participation.accept",
        "xuedu.participation.close",
        "xuedu.participation.rate",
    ]
    history = editor.get(detail).content.decode()
    for label in ("居民提交了来件", "已派单", "已接单", "已办结并公开答复", "居民已评价"):
        assert label in history
    assert "周三上门" in history  # the note, with its time


def test_steps_out_of_order_are_refused(lanjing, editor_of):
    editor, _ = editor_of("order-editor", "览景社区 编辑")
    submission = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing)))
    response = editor.post(
        f"/admin/participation/{submission.pk}/", {"action": "close", "reply": "好了"}
    )
    assert response.status_code == 409
    assert "不能办结" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "new"
    # Assigning needs a team or a person, not both and not neither.
    refused = editor.post(f"/admin/participation/{submission.pk}/", {"action": "assign"})
    assert refused.status_code == 400 and "二选一" in refused.content.decode()


def test_rating_only_after_closing(lanjing):
    resident = Client()
    submission = submitted(submit(resident, "wish", fields_for("wish", community=lanjing)))
    page = resident.get(f"/take-part/status/{submission.receipt_code}/").content.decode()
    assert "非常满意" not in page
    response = resident.post(f"/take-part/status/{submission.receipt_code}/", {"rating": "5"})
    assert response.status_code == 409
    submission.refresh_from_db()
    assert submission.rating is None


def test_status_lookup_by_code(lanjing):
    resident = Client()
    code = submitted(
        submit(resident, "report", fields_for("report", community=lanjing))
    ).receipt_code
    found = resident.get("/take-part/status/", {"code": code.lower()})
    assert found.status_code == 302 and found["Location"] == f"/take-part/status/{code}/"
    missing = resident.get("/take-part/status/", {"code": "XD-ZZZZ-ZZZZ"})
    assert missing.status_code == 404 and "没有找到回执号" in missing.content.decode()
    assert resident.get("/take-part/status/XD-ZZZZ-ZZZZ/").status_code == 404


def test_receipt_codes_are_unambiguous(lanjing):
    code = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing))).receipt_code
    assert re.fullmatch(r"XD-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)


def test_feedback_and_correction_sit_below_pages(client, storage_service, lanjing):
    service = client.get(storage_service.url).content.decode()
    assert "这页有用吗" in service
    assert 'action="/take-part/feedback/"' in service
    assert f'href="/take-part/correction/?page={storage_service.pk}"' in service
    # Every page gets 纠错; only services and guides ask 这页有用吗.
    community = client.get(lanjing.url).content.decode()
    assert f"/take-part/correction/?page={lanjing.pk}" in community
    assert "这页有用吗" not in community
    home = client.get("/").content.decode()
    assert "/take-part/correction/?page=" in home
    # The question is a GET form: the cached page holds no CSRF token.
    assert "csrfmiddlewaretoken" not in service
    form = client.get("/take-part/feedback/", {"page": storage_service.pk, "useful": "yes"})
    assert form.status_code == 200
    assert re.search(r'value="yes"[^>]*checked', form.content.decode())
    assert not re.search(r'value="no"[^>]*checked', form.content.decode())
    # Feedback is for services and guides only; a page that does not exist is a 404.
    assert client.get("/take-part/feedback/", {"page": lanjing.pk}).status_code == 404
    assert client.get("/take-part/correction/", {"page": 999999}).status_code == 404
    assert client.get("/take-part/correction/", {"page": "x"}).status_code == 404


def test_storage_only_at_stations_that_offer_it(lanjing, hebin):
    page = Client().get("/take-part/storage/").content.decode()
    assert lanjing.title in page
    assert hebin.title not in page
    before = Submission.objects.count()
    response = submit(Client(), "storage", fields_for("storage", community=hebin))
    assert response.status_code == 400
    assert "没有这个社区" in response.content.decode()
    assert Submission.objects.count() == before
    # The community page links to the pre-registration only where storage is offered.
    assert "/take-part/storage/?community=" in Client().get(lanjing.url).content.decode()
    assert "/take-part/storage/" not in Client().get(hebin.url).content.decode()


def test_storage_dates_must_make_sense(lanjing):
    before = Submission.objects.count()
    data = {**fields_for("storage", community=lanjing), "date_to": "2099-11-01"}
    response = submit(Client(), "storage", data)
    assert response.status_code == 400
    assert "取回的日期要晚于送来的日期" in response.content.decode()
    assert Submission.objects.count() == before


def test_city_editor_scope_includes_citywide_items(storage_service, editor_of):
    item = submitted(submit(Client(), "feedback", fields_for("feedback", page=storage_service)))
    assert item.community is None
    city, _ = editor_of("city-scope", "市级编辑")
    assert city.get(f"/admin/participation/{item.pk}/").status_code == 200
    community_editor, _ = editor_of("lanjing-scope", "览景社区 编辑")
    assert community_editor.get(f"/admin/participation/{item.pk}/").status_code == 404

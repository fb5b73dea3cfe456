"""Bad input and abuse: each gets a clear 4xx message and stores nothing — an oversized or
non-image photo, 10,000 characters, missing consent, a forged community, a replayed form, a
filled honeypot, no CSRF token, too many posts from one address."""

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from participation import photos
from participation.models import Submission, SubmissionPhoto
from tests.participation.conftest import fields_for, form_token, jpeg_bytes, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def refused(response, status, message):
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:1500])
    assert message in html, html[:3000]


@pytest.fixture
def nothing_stored(db):
    before = (Submission.objects.count(), SubmissionPhoto.objects.count())
    yield
    assert (Submission.objects.count(), SubmissionPhoto.objects.count()) == before


def report(lanjing, **changes):
    return {**fields_for("report", community=lanjing), **changes}


def test_an_oversized_photo(lanjing, nothing_stored):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (photos.MAX_BYTES + 10))
    refused(submit(Client(), "report", report(lanjing), files=[big]), 400, "太大")


def test_a_request_too_large_to_read(lanjing, nothing_stored):
    client = Client()
    data = {**report(lanjing), "form_token": form_token(client, "/take-part/report/")}
    response = client.post("/take-part/report/", data, CONTENT_LENGTH=str(4 * photos.MAX_BYTES))
    refused(response, 413, "提交的内容太大")


def test_a_file_that_is_not_an_image(lanjing, nothing_stored):
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>" * 10)
    refused(submit(Client(), "report", report(lanjing), files=[fake]), 400, "不是能打开的照片")


def test_an_image_of_another_type(lanjing, nothing_stored):
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    gif = SimpleUploadedFile("photo.gif", output.getvalue())
    refused(submit(Client(), "report", report(lanjing), files=[gif]), 400, "GIF 格式")


def test_more_than_three_photos(lanjing, nothing_stored):
    files = [SimpleUploadedFile(f"p{n}.jpg", jpeg_bytes()) for n in range(4)]
    refused(submit(Client(), "report", report(lanjing), files=files), 400, "最多上传 3 张照片")


def test_ten_thousand_characters(lanjing, nothing_stored):
    response = submit(Client(), "report", report(lanjing, text="路" * 10_000))
    refused(response, 400, "最多 500 个字")


def test_missing_consent(lanjing, nothing_stored):
    data = fields_for("wish", community=lanjing)
    del data["consent"]
    refused(submit(Client(), "wish", data), 400, "请阅读并勾选个人信息说明")


def test_a_forged_community_id(lanjing, nothing_stored):
    for forged in ("999999", "abc", "-1", str(lanjing.get_parent().pk)):
        data = {**fields_for("wish", community=lanjing), "community": forged}
        refused(submit(Client(), "wish", data), 400, "没有这个社区")


def test_an_unpublished_community(lanjing, nothing_stored):
    lanjing.live = False
    lanjing.save(update_fields=["live"])
    refused(submit(Client(), "wish", fields_for("wish", community=lanjing)), 400, "没有这个社区")


def test_a_replayed_form(lanjing):
    client = Client()
    data = {**report(lanjing), "form_token": form_token(client, "/take-part/report/")}
    assert client.post("/take-part/report/", data).status_code == 302
    count = Submission.objects.count()
    refused(client.post("/take-part/report/", data), 409, "这份表单已经提交过了")
    assert Submission.objects.count() == count


def test_a_forged_or_missing_token(lanjing, nothing_stored):
    client = Client()
    for token in ("", "made-up", "abc:def:ghi"):
        response = client.post("/take-part/report/", {**report(lanjing), "form_token": token})
        assert response.status_code == 400
    refused(
        client.post("/take-part/report/", {**report(lanjing), "form_token": "x:y:z"}),
        400,
        "表单已损坏",
    )


def test_the_honeypot(lanjing, nothing_stored):
    client = Client()
    data = {
        **report(lanjing),
        "form_token": form_token(client, "/take-part/report/"),
        "homepage": "http://spam.example",
    }
    refused(client.post("/take-part/report/", data), 400, "无法提交")


def test_a_bad_phone_number(lanjing, nothing_stored):
    data = {**fields_for("wish", community=lanjing), "contact_phone": "12345"}
    refused(submit(Client(), "wish", data), 400, "请填写11位手机号")


def test_csrf_is_checked(lanjing, nothing_stored):
    client = Client(enforce_csrf_checks=True)
    data = {**report(lanjing), "form_token": form_token(client, "/take-part/report/")}
    assert client.post("/take-part/report/", data).status_code == 403
    # Positive control: the same client with the token from its form gets through the check.
    html = client.get("/take-part/report/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


@override_settings(RATE_LIMITS={"/take-part/": 100, "POST /take-part/": 3})
def test_posts_are_rate_limited_per_address(lanjing):
    client = Client()
    statuses = [
        client.post("/take-part/report/", {"form_token": "x"}).status_code for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    response = client.post("/take-part/report/", {})
    assert response.status_code == 429 and "Retry-After" in response
    # Reading still works (its own, higher limit), and another address may post.
    assert client.get("/take-part/report/").status_code == 200
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/take-part/report/", {"form_token": "x"}).status_code == 400


def test_wrong_methods(client):
    assert client.put("/take-part/wish/").status_code == 405
    assert client.delete("/take-part/status/XD-AAAA-AAAA/").status_code == 405

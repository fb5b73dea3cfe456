"""Personal information: the status page shows nothing personal, photos lose their EXIF and GPS,
personal fields go a set number of days after closing, and one person's data is exported or
erased on request."""

import datetime
import io
import json
import os

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from participation.models import ParticipationSettings, Submission
from tests.participation.conftest import fields_for, jpeg_bytes, submit, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PERSONAL = ["王小明", "13912345678", "139****5678", "楼上的张奶奶", "旧柜子"]


def test_the_status_page_shows_nothing_personal(lanjing, editor_of):
    resident = Client()
    submission = submitted(submit(resident, "wish", fields_for("wish", community=lanjing)))
    url = f"/take-part/status/{submission.receipt_code}/"
    editor, _ = editor_of("privacy-editor", "览景社区 编辑")
    detail = editor.get(f"/admin/participation/{submission.pk}/").content.decode()
    for value in ("王小明", "13912345678", "楼上的张奶奶", "旧柜子"):
        assert value in detail  # positive control: the data is there, for the editor
    for state_step in ("assign", "accept", "close"):
        status = resident.get(url)
        assert status.status_code == 200
        html = status.content.decode()
        for value in PERSONAL:
            assert value not in html, value
        data = {"action": state_step, "team": lanjing.volunteer_teams.first().pk}
        data["reply"] = "已帮您办好。"
        assert editor.post(f"/admin/participation/{submission.pk}/", data).status_code == 302
    html = resident.get(url).content.decode()
    assert "已帮您办好。" in html
    for value in PERSONAL:
        assert value not in html, value
    # Nor in the audit log or the editor's mail subject.
    for entry in ModelLogEntry.objects.filter(object_id=str(submission.pk)):
        assert "13912345678" not in json.dumps(entry.data, ensure_ascii=False) + entry.label
    # Status pages are never shared from the page cache.
    assert "no-store" in resident.get(url)["Cache-Control"]


def gps_jpeg():
    """A JPEG as a phone writes it: camera make, GPS position and orientation 6 (rotated)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (47.0, 50.0, 0.0), 3: "E", 4: (88.0, 8.0, 0.0)}  # GPSInfo
    return jpeg_bytes(size=(80, 40), exif=exif)


def test_a_gps_tagged_jpeg_comes_out_without_exif(lanjing):
    original = gps_jpeg()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the test photo really carries a position
    upload = SimpleUploadedFile("gps.jpg", original, content_type="image/jpeg")
    submission = submitted(
        submit(Client(), "report", fields_for("report", community=lanjing), files=[upload])
    )
    photo = submission.photos.get()
    stored = photo.file.open("rb").read()
    photo.file.close()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        # Turned upright as the phone showed it: 80×40 stored sideways becomes 40×80.
        assert image.size == (40, 80) == (photo.width, photo.height)


def close(submission, days_ago):
    submission.state = "closed"
    submission.closed_at = timezone.now() - datetime.timedelta(days=days_ago)
    submission.save()


def test_retention_erases_personal_fields_after_the_set_days(lanjing, edit_participation):
    edit_participation(retention_days=30)
    call_command("erase_closed_personal_data", stdout=io.StringIO())  # the sample items
    upload = SimpleUploadedFile("road.jpg", jpeg_bytes(), content_type="image/jpeg")
    old = submitted(
        submit(Client(), "report", fields_for("report", community=lanjing), files=[upload])
    )
    recent = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing)))
    still_open = submitted(submit(Client(), "storage", fields_for("storage", community=lanjing)))
    close(old, 31)
    close(recent, 29)
    photo_path = old.photos.get().file.path

    output = io.StringIO()
    call_command("erase_closed_personal_data", stdout=output)
    assert "已删除 1 件" in output.getvalue() and "30 天" in output.getvalue()

    old.refresh_from_db()
    assert (old.contact_phone, old.contact_name, old.for_whom) == ("", "", "")
    assert old.personal_erased_at is not None and not old.photos.exists()
    assert not os.path.exists(photo_path)
    assert old.text == "路灯不亮，晚上走路看不见。"  # the matter and its outcome stay
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.contact_phone == "13912345678" and kept.personal_erased_at is None
    assert ModelLogEntry.objects.filter(
        object_id=str(old.pk), action="xuedu.participation.erase"
    ).exists()


def test_the_consent_line_names_the_retention_days(client, edit_participation):
    edit_participation(retention_days=45)
    html = client.get("/take-part/wish/").content.decode()
    assert "办结 45 天后删除姓名、电话和照片" in html
    edit_participation(retention_days=60)
    assert "办结 60 天后" in client.get("/take-part/wish/").content.decode()


def test_one_persons_data_exported_and_erased(lanjing, hebin, tmp_path):
    first = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing)))
    second = submitted(submit(Client(), "report", fields_for("report", community=hebin)))
    other_data = {**fields_for("wish", community=lanjing), "contact_phone": "13800001111"}
    other = submitted(submit(Client(), "wish", other_data))

    target = tmp_path / "person.json"
    call_command("resident_data", "13912345678", export=str(target), stdout=io.StringIO())
    exported = json.loads(target.read_text(encoding="utf-8"))
    codes = {item["receipt_code"] for item in exported["submissions"]}
    assert codes == {first.receipt_code, second.receipt_code}
    assert exported["submissions"][0]["contact_name"] == "王小明"

    call_command("resident_data", "13912345678", erase=True, stdout=io.StringIO())
    for item in (first, second):
        item.refresh_from_db()
        assert item.contact_phone == "" and item.personal_erased_at is not None
    other.refresh_from_db()
    assert other.contact_phone == "13800001111"
    with pytest.raises(Exception, match="没有填写电话"):
        call_command("resident_data", "13912345678", erase=True, stdout=io.StringIO())


@pytest.fixture
def edit_participation(db):
    def edit(**changes):
        settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.save()
        return settings

    return edit


def test_only_the_needed_fields_are_asked(client):
    correction = client.get("/take-part/correction/?page=3").content.decode()
    assert 'name="contact_phone"' not in correction and 'name="consent"' not in correction
    wish = client.get("/take-part/wish/").content.decode()
    assert 'name="contact_phone"' in wish and 'name="consent"' in wish
    assert Submission.objects.filter(kind="correction", contact_phone__gt="").count() == 0

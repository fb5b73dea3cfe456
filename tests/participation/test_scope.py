"""The inbox per community: an editor of another community gets a 404 on every admin URL of a
submission (list, detail, export, photo); street reviewers and city editors see their scope."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import force_login
from tests.participation.conftest import fields_for, jpeg_bytes, submit, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def report_with_photo(lanjing):
    photo = SimpleUploadedFile("road.jpg", jpeg_bytes(), content_type="image/jpeg")
    submission = submitted(
        submit(Client(), "report", fields_for("report", community=lanjing), files=[photo])
    )
    return submission, submission.photos.get()


def urls(submission, photo, community):
    return {
        "list": f"/admin/participation/?community={community.pk}",
        "detail": f"/admin/participation/{submission.pk}/",
        "export": f"/admin/participation/export.csv?community={community.pk}",
        "photo": f"/admin/participation/{submission.pk}/photos/{photo.pk}/",
    }


def test_own_editors_reach_every_url(report_with_photo, lanjing, editor_of):
    submission, photo = report_with_photo
    editor, _ = editor_of("lanjing-own", "览景社区 编辑")
    for name, url in urls(submission, photo, lanjing).items():
        response = editor.get(url)
        assert response.status_code == 200, (name, response.status_code)
    detail = editor.get(f"/admin/participation/{submission.pk}/").content.decode()
    assert "13912345678" in detail  # the editor who calls back sees the number
    listing = editor.get("/admin/participation/").content.decode()
    assert "139****5678" in listing and "13912345678" not in listing  # masked in lists
    export = editor.get(f"/admin/participation/export.csv?community={lanjing.pk}")
    assert "139****5678" in export.content.decode() and "13912345678" not in export.content.decode()
    picture = editor.get(f"/admin/participation/{submission.pk}/photos/{photo.pk}/")
    assert picture["Content-Type"] == "image/jpeg"
    assert "no-store" in picture["Cache-Control"]


def test_another_communitys_editor_gets_404_everywhere(report_with_photo, lanjing, editor_of):
    submission, photo = report_with_photo
    other, _ = editor_of("hebin-other", "河滨社区 编辑")
    for name, url in urls(submission, photo, lanjing).items():
        response = other.get(url)
        assert response.status_code == 404, (name, response.status_code)
    # Nor can a step be taken by posting.
    response = other.post(
        f"/admin/participation/{submission.pk}/", {"action": "assign", "person": "某人"}
    )
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.state == "new"
    # The unfiltered list and export hold only the editor's own community.
    assert f">#{submission.pk}<" not in other.get("/admin/participation/").content.decode()
    export = other.get("/admin/participation/export.csv").content.decode()
    assert "路灯不亮" not in export


def test_a_street_reviewer_sees_the_streets_communities_only(
    report_with_photo, lanjing, tuanjie, editor_of
):
    submission, photo = report_with_photo
    reviewer, _ = editor_of("jiefang-reviewer", "解放路街道 审核")
    assert reviewer.get(f"/admin/participation/{submission.pk}/").status_code == 200
    assert (
        reviewer.get(f"/admin/participation/{submission.pk}/photos/{photo.pk}/").status_code == 200
    )
    other_street, _ = editor_of("tuanjie-reviewer", "团结路街道 审核")
    for name, url in urls(submission, photo, lanjing).items():
        assert other_street.get(url).status_code == 404, name
    own = submitted(submit(Client(), "wish", fields_for("wish", community=tuanjie)))
    assert other_street.get(f"/admin/participation/{own.pk}/").status_code == 200


def test_city_editors_see_every_community(report_with_photo, lanjing, editor_of):
    submission, photo = report_with_photo
    city, _ = editor_of("city-all", "市级编辑")
    for name, url in urls(submission, photo, lanjing).items():
        assert city.get(url).status_code == 200, name


def test_photos_are_not_public_media(report_with_photo, settings):
    _, photo = report_with_photo
    path = photo.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # Anonymous visitors are sent to the admin login, never given the file.
    response = Client().get(f"/admin/participation/{photo.submission_id}/photos/{photo.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_menu_shows_the_inbox_only_to_those_with_a_scope(editor_of, make_user):
    editor, _ = editor_of("menu-editor", "览景社区 编辑")
    # The sidebar is drawn from JSON in the page: look for the inbox's address there.
    assert "/admin/participation/" in editor.get("/admin/").content.decode()
    # A user with admin access but no community (a group with access only) has no inbox.
    group = Group.objects.create(name="只能登录后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_user("no-scope", "只能登录后台")
    client = force_login(Client(), user)
    assert "/admin/participation/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/participation/").status_code == 404


def test_export_shows_a_residents_formula_as_text(lanjing, editor_of):
    """A resident's words go into a spreadsheet: a leading = is data, never a formula."""
    formula = '=HYPERLINK("http://evil.example/","点这里")路灯坏了'
    fields = {**fields_for("report", community=lanjing), "text": formula}
    submitted(submit(Client(), "report", fields))
    plain = {**fields_for("report", community=lanjing), "text": "井盖松了，请来看看。"}
    submitted(submit(Client(), "report", plain))
    editor, _ = editor_of("lanjing-export", "览景社区 编辑")
    export = editor.get(f"/admin/participation/export.csv?community={lanjing.pk}")
    text = export.content.decode()
    assert "'" + formula in text.replace('""', '"')
    assert ",井盖松了，请来看看。," in text  # ordinary words are left as they are

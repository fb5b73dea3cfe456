"""Security issue: only a published page sets up groups, collections and permissions; titles name
one community only; restricted notices stay out of the public banner.

Through the real admin views with real users, as a community editor of 览景社区 and a reviewer of
its street (解放路街道).
"""

import datetime
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.models import Collection, GroupCollectionPermission, PageViewRestriction

from communities.models import CommunityIndexPage, CommunityPage, NoticePage
from communities.permissions import ensure_community_editors
from core.models import SiteImage
from tests.conftest import community_stream_data, force_login, html_of, login

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


@pytest.fixture
def lanjing():
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def city_collection():
    """A collection the site's administrators made for city-wide pictures."""
    return Collection.get_first_root_node().add_child(name="市级素材")


def edit_form_data(client, page, **changes):
    """What the admin edit form of `page` would post as it stands, with `changes` made."""
    soup = BeautifulSoup(html_of(client.get(f"/admin/pages/{page.pk}/edit/")), "html.parser")
    form = soup.find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file", "button"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", "")
    if isinstance(page.specific, CommunityPage):
        data.update(community_stream_data(page.specific))
    data.update(changes)
    return data


def image_permissions(group):
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection__name", "permission__codename"
        )
    )


def upload(client, title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10), "white").save(buffer, "PNG")
    image = SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")
    return client.post(
        "/admin/images/add/",
        {"title": title, "description": "社区活动照片", "file": image, "collection": collection.pk},
    )


# 1. Escalation by saving a draft.


def test_a_draft_titled_after_an_existing_collection_gains_nothing(
    client, make_user, lanjing, city_collection
):
    editor = login(client, make_user("lanjing-editor", "览景社区 编辑"))
    group = lanjing.editors_group
    before = image_permissions(group)
    response = editor.post(
        f"/admin/pages/{lanjing.pk}/edit/", edit_form_data(editor, lanjing, title="市级素材")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lanjing.refresh_from_db()
    assert lanjing.latest_revision.content["title"] == "市级素材"  # the draft was saved
    assert not GroupCollectionPermission.objects.filter(collection=city_collection).exists()
    group.refresh_from_db()
    assert group.name == "览景社区 编辑"
    assert image_permissions(group) == before
    # And the editor cannot upload there; their own collection they can (positive control).
    upload(editor, "不该进去的照片", city_collection)
    assert not SiteImage.objects.filter(collection=city_collection).exists()
    upload(editor, "本社区的照片", lanjing.collection)
    assert SiteImage.objects.get(title="本社区的照片").collection == lanjing.collection


def test_community_editors_hold_image_permissions_on_their_own_collection_only(lanjing):
    assert lanjing.collection.name == "览景社区"
    assert image_permissions(lanjing.editors_group) == {
        ("览景社区", codename) for codename in ("add_image", "change_image", "choose_image")
    }


def test_publishing_a_rename_renames_only_the_own_group_and_collection(
    client, make_user, lanjing, city_collection
):
    reviewer = login(client, make_user("jiefang-reviewer", "解放路街道 审核"))
    group, collection = lanjing.editors_group, lanjing.collection
    response = reviewer.post(
        f"/admin/pages/{lanjing.pk}/edit/",
        edit_form_data(reviewer, lanjing, title="览景新区社区", **{"action-publish": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lanjing.refresh_from_db()
    assert lanjing.live and lanjing.title == "览景新区社区"
    group.refresh_from_db()
    collection.refresh_from_db()
    assert (lanjing.editors_group, lanjing.collection) == (group, collection)
    assert group.name == "览景新区社区 编辑"
    assert collection.name == "览景新区社区"
    city_collection.refresh_from_db()
    assert city_collection.name == "市级素材"
    assert not GroupCollectionPermission.objects.filter(collection=city_collection).exists()


def test_publishing_a_title_taken_by_a_collection_never_adopts_it(lanjing, city_collection):
    group, collection = lanjing.editors_group, lanjing.collection
    lanjing.title = "市级素材"
    lanjing.save_revision().publish()
    lanjing.refresh_from_db()
    collection.refresh_from_db()
    assert lanjing.collection == collection  # its own, still under its old name
    assert collection.name == "览景社区"
    assert not GroupCollectionPermission.objects.filter(collection=city_collection).exists()
    assert image_permissions(group) == {
        ("览景社区", codename) for codename in ("add_image", "change_image", "choose_image")
    }


def test_a_new_community_never_adopts_a_group_or_collection_by_name(lanjing):
    street = lanjing.get_parent()
    community = CommunityPage(
        title="新城社区",
        slug="xincheng",
        station_name="新城社区党群服务中心",
        address="阿勒泰市金山路1号",
        opening_hours=[
            ("hours", {"days": ["1", "2"], "opens": datetime.time(10), "closes": datetime.time(19)})
        ],
        phone="0906-2100000",
    )
    street.add_child(instance=community)
    # Named alike after the draft was saved (the form refuses a title whose group name is taken).
    stale = Group.objects.create(name="新城社区 编辑")
    other = Collection.get_first_root_node().add_child(name="新城社区")
    ensure_community_editors(community)  # as publishing does
    community.refresh_from_db()
    assert community.editors_group not in (None, stale)
    assert community.collection not in (None, other)
    assert not GroupCollectionPermission.objects.filter(collection=other).exists()
    assert not stale.page_permissions.exists()


def test_a_deleted_community_s_editors_lose_their_rights(client, admin_user, lanjing):
    group = lanjing.editors_group
    assert group.page_permissions.exists() and image_permissions(group)
    force_login(client, admin_user)
    response = client.post(f"/admin/pages/{lanjing.pk}/delete/")
    assert response.status_code == 302
    assert not CommunityPage.objects.filter(pk=lanjing.pk).exists()
    assert not group.page_permissions.exists()
    assert not image_permissions(group)


# 2. A title equal to another community's.


def test_renaming_to_another_community_s_title_is_a_form_error(client, make_user):
    editor = login(client, make_user("hebin-editor", "河滨社区 编辑"))
    hebin = CommunityPage.objects.get(slug="hebin")
    revisions = hebin.revisions.count()
    response = editor.post(
        f"/admin/pages/{hebin.pk}/edit/", edit_form_data(editor, hebin, title="览景社区")
    )
    assert response.status_code == 200
    assert "已有名为“览景社区”的社区或用户组，请换一个名称。" in response.content.decode()
    hebin.refresh_from_db()
    assert (hebin.title, hebin.draft_title) == ("河滨社区", "河滨社区")
    assert hebin.revisions.count() == revisions
    assert hebin.editors_group.name == "河滨社区 编辑"
    assert CommunityPage.objects.get(slug="lanjing").editors_group.name == "览景社区 编辑"
    # Positive control: a name of its own is saved.
    response = editor.post(
        f"/admin/pages/{hebin.pk}/edit/", edit_form_data(editor, hebin, title="河滨新社区")
    )
    assert response.status_code == 302
    hebin.refresh_from_db()
    assert hebin.draft_title == "河滨新社区"


def test_renaming_a_street_to_another_street_s_title_is_a_form_error(client, admin_user):
    force_login(client, admin_user)
    street = CommunityPage.objects.get(slug="lanjing").get_parent().specific
    other = type(street).objects.exclude(pk=street.pk).first()
    response = client.post(
        f"/admin/pages/{street.pk}/edit/", edit_form_data(client, street, title=other.title)
    )
    assert response.status_code == 200
    assert f"已有名为“{other.title}”的街道或用户组" in response.content.decode()
    street.refresh_from_db()
    assert street.draft_title != other.title


# 3. Restricted notices and the public banner.


def city_notice(title):
    notice = NoticePage(
        title=title,
        slug=f"notice-{abs(hash(title))}",
        body="请相互转告。",
        kind="other",
        affected_area="全市",
        level="warning",
        first_published_at=timezone.now() - timedelta(days=1),
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    CommunityIndexPage.objects.get(locale__language_code="zh-hans").add_child(instance=notice)
    notice.save_revision().publish()
    return notice


def test_a_login_restricted_notice_is_not_in_the_public_banner(client):
    restricted = city_notice("内部通知：明日停水检修")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    shown = city_notice("公开通知：明日道路清雪")
    html = html_of(client.get("/"))
    assert shown.title in html  # positive control
    assert restricted.title not in html

"""Editing per community, through the real admin views with real users and groups.

A community editor of 览景社区 (解放路街道) must be able to write and submit news there, and must
be refused on every surface for another community (河滨社区 in the same street, 团结社区 in
another), the catalogue and the guides. A street reviewer approves within the street only.
"""

import re
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from communities.models import CommunityPage, StreetPage
from core.localization import in_default_language
from news.models import NewsPage
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import force_login, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def lanjing():
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def editor(client, make_user):
    return login(client, make_user("lanjing-editor", "览景社区 编辑"))


@pytest.fixture
def reviewer(client, make_user):
    return login(client, make_user("jiefang-reviewer", "解放路街道 审核"))


def news_form(title, slug, action="action-submit"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "周二上午在社区一楼为老人免费理发，欢迎大家前来。",
            "date": "2026-11-20",
            "image": "",
            "body": streamfield([("paragraph", rich_text("<p>理发师志愿者每周二都来。</p>"))]),
            "tags": "义剪",
            "event_start": "",
            "event_place": "",
            "seo_title": "",
            "search_description": "",
            action: "1",
        }
    )


def other_pages():
    """Pages a 览景社区 editor must not touch: a sibling community's news, another street's, catalogue."""
    hebin_news = NewsPage.objects.child_of(CommunityPage.objects.get(slug="hebin")).first()
    tuanjie_news = NewsPage.objects.child_of(CommunityPage.objects.get(slug="tuanjie")).first()
    return {
        "same-street community news": hebin_news,
        "other-street community news": tuanjie_news,
        "other community page": CommunityPage.objects.get(slug="hebin"),
        "service": in_default_language(ServicePage.objects).get(code="FW-001"),
        "guide": in_default_language(GuidePage.objects).get(code="ZN-001"),
    }


def test_groups_exist_for_every_community_and_street():
    for community in CommunityPage.objects.all():
        assert community.editors_group.name == f"{community.title} 编辑"
    for street in StreetPage.objects.all():
        assert street.reviewers_group.name == f"{street.title} 审核"


def test_community_editor_writes_and_submits_news_for_review(editor, lanjing):
    response = editor.post(
        f"/admin/pages/add/news/newspage/{lanjing.pk}/",
        news_form("周二义剪通知", "tuesday-haircut-notice"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="tuesday-haircut-notice")
    assert page.get_parent().pk == lanjing.pk
    assert not page.live
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow.name == "解放路街道审核"


def test_community_editor_cannot_publish_even_their_own_news(editor, lanjing):
    editor.post(
        f"/admin/pages/add/news/newspage/{lanjing.pk}/",
        news_form("草稿", "draft-one", "action-publish"),
    )
    page = NewsPage.objects.get(slug="draft-one")
    assert not page.live


@pytest.mark.parametrize(
    "surface",
    [
        "{pk}/edit/",
        "{pk}/delete/",
        "{pk}/unpublish/",
        "{pk}/move/",
        "{pk}/history/",
    ],
)
def test_community_editor_is_refused_everywhere_else(editor, surface):
    for label, page in other_pages().items():
        response = editor.get(f"/admin/pages/{surface.format(pk=page.pk)}", follow=True)
        # Refused means 403/404, or Wagtail's redirect to the dashboard with a permission message.
        refused = response.status_code in (403, 404) or (
            response.redirect_chain and response.redirect_chain[-1][0] == "/admin/"
        )
        assert refused, (label, surface, response.status_code, response.redirect_chain)


def test_community_editor_cannot_lock_pages_elsewhere(editor):
    for label, page in other_pages().items():
        editor.post(f"/admin/pages/{page.pk}/lock/")
        page.refresh_from_db()
        assert not page.locked, label


def test_community_editor_cannot_post_edits_or_publish_elsewhere(editor):
    for label, page in other_pages().items():
        title = page.title
        response = editor.post(
            f"/admin/pages/{page.pk}/edit/", {"title": "改掉", "action-publish": "1"}
        )
        assert response.status_code in (302, 403), label
        page.refresh_from_db()
        assert page.title == title, label


def test_community_editor_cannot_preview_or_compare_revisions_elsewhere(editor):
    page = other_pages()["same-street community news"]
    revision = page.latest_revision
    assert editor.get(f"/admin/pages/{page.pk}/edit/preview/").status_code in (302, 403)
    compare = f"/admin/pages/{page.pk}/revisions/compare/earliest...{revision.pk}/"
    assert editor.get(compare).status_code in (302, 403)
    assert editor.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/").status_code in (
        302,
        403,
    )


def test_community_editor_cannot_copy_another_communitys_page_into_their_own(editor, lanjing):
    page = other_pages()["same-street community news"]
    before = NewsPage.objects.child_of(lanjing).count()
    response = editor.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "复制来的",
            "new_slug": "copied",
            "new_parent_page": lanjing.pk,
            "copy_subpages": "",
        },
    )
    assert response.status_code in (302, 403)
    assert NewsPage.objects.child_of(lanjing).count() == before


def test_community_editor_cannot_move_own_page_out_of_their_community(editor, lanjing):
    own = NewsPage.objects.child_of(lanjing).first()
    hebin = CommunityPage.objects.get(slug="hebin")
    response = editor.post(f"/admin/pages/{own.pk}/move/{hebin.pk}/confirm/")
    assert response.status_code in (302, 403)
    own.refresh_from_db()
    assert own.get_parent().pk == lanjing.pk


def test_explorer_and_admin_search_show_only_their_own_pages(editor, lanjing):
    explorer = editor.get("/admin/pages/")
    # Wagtail opens the explorer at the editor's own community.
    assert explorer.status_code == 302 and explorer["Location"].endswith(
        f"/admin/pages/{lanjing.pk}/"
    )
    results = editor.get("/admin/pages/search/", {"q": "社区"}).content.decode()
    hebin_news = other_pages()["same-street community news"]
    assert hebin_news.title not in results


def test_page_chooser_and_admin_api_do_not_leak_drafts_of_other_communities(editor):
    hebin = CommunityPage.objects.get(slug="hebin")
    draft = NewsPage(
        title="河滨社区未发布的草稿", slug="hebin-secret-draft", summary="草稿", live=False
    )
    hebin.add_child(instance=draft)
    draft.save_revision()
    api = editor.get(f"/admin/api/main/pages/{draft.pk}/")
    assert api.status_code in (403, 404)
    chooser = editor.get(
        "/admin/choose-page/search/", {"q": "河滨社区未发布的草稿"}
    ).content.decode()
    assert "河滨社区未发布的草稿" not in chooser


def test_community_editor_cannot_edit_categories(editor):
    assert editor.get("/admin/snippets/services_catalog/servicecategory/").status_code in (302, 403)


def test_street_reviewer_approves_within_the_street_and_the_page_goes_live(
    client, make_user, lanjing
):
    login(client, make_user("lanjing-editor", "览景社区 编辑"))
    client.post(
        f"/admin/pages/add/news/newspage/{lanjing.pk}/", news_form("周五义诊", "friday-clinic")
    )
    page = NewsPage.objects.get(slug="friday-clinic")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state

    # A reviewer of another street cannot act on it.
    client.logout()
    login(client, make_user("tuanjie-reviewer", "团结路街道 审核"))
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    page.refresh_from_db()
    assert not page.live

    client.logout()
    login(client, make_user("jiefang-reviewer", "解放路街道 审核"))
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_street_reviewer_can_publish_in_their_street_but_not_outside(reviewer):
    inside = NewsPage.objects.child_of(CommunityPage.objects.get(slug="hebin")).first()
    outside = other_pages()["other-street community news"]
    assert reviewer.get(f"/admin/pages/{inside.pk}/edit/").status_code == 200
    assert reviewer.get(f"/admin/pages/{outside.pk}/edit/").status_code in (302, 403)
    assert reviewer.get(f"/admin/pages/{inside.pk}/unpublish/").status_code == 200
    assert reviewer.get(f"/admin/pages/{outside.pk}/unpublish/").status_code in (302, 403)


def test_city_editor_owns_catalogue_and_guides_not_communities(client, make_user):
    login(client, make_user("city", "市级编辑"))
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    assert client.get(f"/admin/pages/{service.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{GuidePage.objects.first().pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/services_catalog/servicecategory/").status_code == 200
    news = NewsPage.objects.first()
    assert client.get(f"/admin/pages/{news.pk}/edit/").status_code in (302, 403)


def test_renaming_a_community_renames_its_group(lanjing):
    group_id = lanjing.editors_group_id
    lanjing.title = "览景新区社区"
    lanjing.save_revision().publish()
    lanjing.refresh_from_db()
    assert lanjing.editors_group_id == group_id
    assert lanjing.editors_group.name == "览景新区社区 编辑"


def test_a_community_published_in_the_admin_gets_its_group(client, admin_user):
    # Publishing, not saving a draft, sets the group up (see tests/communities/test_security.py).
    force_login(client, admin_user)
    street = StreetPage.objects.get(slug="jinshanlu")
    data = nested_form_data(
        {
            "title": "新城社区",
            "slug": "xincheng",
            "summary": "新建社区。",
            "station_name": "新城社区党群服务中心",
            "address": "阿勒泰市金山路1号",
            "latitude": "",
            "longitude": "",
            "phone": "0906-2100000",
            "grid_count": "5",
            "function_areas": "便民服务区",
            "opening_hours": streamfield(
                [("hours", {"opens": "10:00", "closes": "19:30", "note": ""})]
            ),
            "services-TOTAL_FORMS": "0",
            "services-INITIAL_FORMS": "0",
            "services-MIN_NUM_FORMS": "0",
            "services-MAX_NUM_FORMS": "1000",
            "proxy_guides-TOTAL_FORMS": "0",
            "proxy_guides-INITIAL_FORMS": "0",
            "proxy_guides-MIN_NUM_FORMS": "0",
            "proxy_guides-MAX_NUM_FORMS": "1000",
            "volunteer_teams-TOTAL_FORMS": "0",
            "volunteer_teams-INITIAL_FORMS": "0",
            "volunteer_teams-MIN_NUM_FORMS": "0",
            "volunteer_teams-MAX_NUM_FORMS": "1000",
            "seo_title": "",
            "search_description": "",
            "action-publish": "1",
        }
    )
    data["opening_hours-0-value-days"] = ["1", "2", "3", "4", "5"]
    response = client.post(f"/admin/pages/add/communities/communitypage/{street.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    community = CommunityPage.objects.get(slug="xincheng")
    assert community.editors_group.name == "新城社区 编辑"
    assert community.editors_group.page_permissions.filter(page=community).count() == 2
    assert community.collection.name == "新城社区"


def test_scheduled_page_goes_live_when_publish_scheduled_runs(lanjing):
    page = NewsPage(title="下周的活动预告", slug="scheduled-preview", summary="预告", live=False)
    lanjing.add_child(instance=page)
    page.go_live_at = timezone.now() + timezone.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live  # not yet due
    # Let the hour pass: the scheduled time is now behind us.
    revision.refresh_from_db()
    past = timezone.now() - timezone.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert Page.objects.get(pk=page.pk).live


@pytest.mark.slow
def test_demo_users_only_when_asked_with_printed_random_passwords(client):
    User = get_user_model()
    call_command("seed_site", stdout=StringIO())
    assert not User.objects.filter(username="lanjing-editor").exists()
    out = StringIO()
    call_command("seed_site", "--demo-users", stdout=out)
    passwords = dict(re.findall(r"演示账号 (\S+)（[^）]+）密码：(\S+)", out.getvalue()))
    assert set(passwords) == {"lanjing-editor", "hebin-editor", "jiefanglu-reviewer", "city-editor"}
    assert len(set(passwords.values())) == 4
    assert User.objects.get(username="lanjing-editor").groups.get().name == "览景社区 编辑"
    response = client.post(
        "/admin/login/", {"username": "lanjing-editor", "password": passwords["lanjing-editor"]}
    )
    assert response.status_code == 302
    again = StringIO()
    call_command("seed_site", "--demo-users", stdout=again)
    assert "密码" not in again.getvalue()
    assert User.objects.get(username="city-editor").check_password(passwords["city-editor"])

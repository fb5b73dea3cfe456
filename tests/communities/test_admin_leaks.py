"""Security issue: unpublished titles must not leak to other communities' editors in the admin.

Through the real admin views, in Chinese, as a community editor of 览景社区; 河滨社区 (same street)
is the other community. Every hidden title has its control: the editor still sees their own
drafts, and everyone's live pages by their live titles.
"""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Page

from communities.models import CommunityPage
from core.models import SiteImage
from tests.conftest import force_login, html_of, login
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def lanjing():
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def hebin():
    return CommunityPage.objects.get(slug="hebin")


def with_draft_title(page, draft_title):
    """Save an unpublished new title on a live page, as the edit form's "save draft" does."""
    page = Page.objects.get(pk=page.pk).specific
    page.title = draft_title
    page.save_revision()
    return page


@pytest.fixture
def pages(lanjing, hebin):
    """Live pages with unpublished new titles and never-published drafts, in both communities."""
    with_draft_title(hebin, "河滨社区改名草稿")
    hebin_live = NewsPageFactory(parent=hebin, title="河滨义剪活动")
    with_draft_title(hebin_live, "河滨义剪活动草稿标题")
    hebin_draft = NewsPageFactory(parent=hebin, title="河滨未发布的动态", live=False)
    own_live = NewsPageFactory(parent=lanjing, title="览景义诊活动")
    with_draft_title(own_live, "览景义诊活动草稿标题")
    own_draft = NewsPageFactory(parent=lanjing, title="览景未发布的动态", live=False)
    return {
        "hebin_live": hebin_live,
        "hebin_draft": hebin_draft,
        "own_live": own_live,
        "own_draft": own_draft,
    }


@pytest.fixture
def editor(client, make_user):
    return login(client, make_user("lanjing-editor", "览景社区 编辑"))


def chooser_html(client, url):
    response = client.get(url, **ZH)
    assert response.status_code == 200, response.status_code
    return response.json()["html"]


# 1. Page chooser.


def test_the_chooser_shows_other_communities_live_titles_not_their_drafts(editor, hebin, pages):
    html = chooser_html(editor, f"/admin/choose-page/{hebin.pk}/")
    assert "河滨社区" in html and "河滨义剪活动" in html
    assert "河滨社区改名草稿" not in html
    assert "河滨义剪活动草稿标题" not in html
    assert "河滨未发布的动态" not in html


def test_the_chooser_shows_the_editor_s_own_drafts(editor, lanjing, pages):
    html = chooser_html(editor, f"/admin/choose-page/{lanjing.pk}/")
    assert "览景义诊活动草稿标题" in html
    assert "览景未发布的动态" in html


def test_the_chooser_cannot_browse_into_another_community_s_draft(editor, pages):
    response = editor.get(f"/admin/choose-page/{pages['hebin_draft'].pk}/", **ZH)
    assert response.status_code == 404
    assert "河滨未发布的动态" not in response.content.decode()
    own = chooser_html(editor, f"/admin/choose-page/{pages['own_draft'].pk}/")
    assert "览景未发布的动态" in own


def test_choosing_several_pages_returns_only_pages_the_editor_may_see(editor, pages):
    ids = "&".join(f"id={page.pk}" for page in pages.values())
    response = editor.get(f"/admin/choose-page/chosen-multiple/?{ids}", **ZH)
    assert response.status_code == 200
    chosen = {item["id"]: item["adminTitle"] for item in response.json()["result"]}
    assert chosen == {
        pages["hebin_live"].pk: "河滨义剪活动",
        pages["own_live"].pk: "览景义诊活动草稿标题",
        pages["own_draft"].pk: "览景未发布的动态",
    }


# 2. Bulk-action confirmation pages.


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_bulk_actions_show_no_titles_of_pages_the_editor_cannot_edit(editor, pages, action):
    ids = "&".join(f"id={page.pk}" for page in pages.values())
    html = html_of(editor.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/", **ZH))
    assert "河滨义剪活动" not in html
    assert "河滨未发布的动态" not in html
    assert "览景未发布的动态" in html


# 3. The page types usage report.


def test_the_page_types_report_is_for_administrators_only(editor, client, admin_user, pages):
    for url in ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"):
        response = editor.get(url, **ZH)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert "河滨未发布的动态" not in response.content.decode()
    force_login(client, admin_user)
    assert "社区动态" in html_of(client.get("/admin/reports/page-types-usage/", **ZH))


def test_the_reports_menu_does_not_offer_the_page_types_report_to_editors(editor):
    html = html_of(editor.get("/admin/", **ZH))
    assert "/admin/reports/page-types-usage/" not in html
    assert "/admin/reports/aging-pages/" in html


# 4. The admin API's image and document listings.


def make_image(title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10), "white").save(buffer, "PNG")
    return SiteImage.objects.create(
        title=title, collection=collection, file=ContentFile(buffer.getvalue(), "photo.png")
    )


def api_lists(client, endpoint, title):
    response = client.get(f"/admin/api/main/{endpoint}/?title={title}", **ZH)
    assert response.status_code == 200, response.content.decode()[:300]
    return [item["title"] for item in response.json()["items"]] == [title]


def test_the_admin_image_api_lists_only_collections_the_editor_may_choose(
    editor, client, admin_user, lanjing, hebin
):
    make_image("览景活动照片", lanjing.collection)
    make_image("河滨居民合影", hebin.collection)
    assert api_lists(editor, "images", "览景活动照片")
    assert not api_lists(editor, "images", "河滨居民合影")
    force_login(client, admin_user)
    assert api_lists(client, "images", "河滨居民合影")


def test_the_admin_document_api_lists_only_collections_the_editor_may_choose(
    editor, client, admin_user, hebin
):
    get_document_model().objects.create(
        title="河滨居民名单", collection=hebin.collection, file=ContentFile(b"x", "list.txt")
    )
    assert not api_lists(editor, "documents", "河滨居民名单")
    force_login(client, admin_user)
    assert api_lists(client, "documents", "河滨居民名单")

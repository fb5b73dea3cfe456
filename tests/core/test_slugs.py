"""Readable slugs and no autosave traps, through the real admin views as a community editor."""

import pytest
from bs4 import BeautifulSoup

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from communities.models import CommunityPage
from core.localization import in_default_language
from core.slugs import pinyin_slug, unique_among
from news.models import NewsPage
from tests.conftest import html_of, login

TITLE = "览景社区冬季义剪活动"


def test_chinese_titles_become_short_pinyin_slugs_by_word():
    assert pinyin_slug("金山小区停水通知") == "jinshan-xiaoqu-tingshuitongzhi"
    assert pinyin_slug("12345热线").startswith("12345")
    long = pinyin_slug("阿勒泰市社区党群服务中心关于做好冬季供暖期间独居老人走访慰问工作的通知")
    assert len(long) <= 50 and not long.endswith("-")
    assert unique_among("yijian", {"yijian", "yijian-2"}) == "yijian-3"


def news_form(title, slug=""):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "每周二上午在服务站一楼理发。",
            "date": "2026-11-30",
            "body": streamfield([("paragraph", rich_text("<p>请带上身份证。</p>"))]),
            "tags": "",
            "event_start": "",
            "event_place": "",
            "seo_title": "",
            "search_description": "",
        }
    )


@pytest.fixture
def editor(client, make_user):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    return login(client, make_user("lanjing-writer", lanjing.editors_group.name)), lanjing


def add(client, parent, title, slug=""):
    return client.post(f"/admin/pages/add/news/newspage/{parent.pk}/", news_form(title, slug))


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_chinese_title_gets_an_editable_ascii_slug(editor):
    client, lanjing = editor
    # Left empty, or as the admin's script fills it in from the title (Chinese characters).
    assert add(client, lanjing, TITLE).status_code == 302
    page = NewsPage.objects.get(title=TITLE)
    assert page.slug == pinyin_slug(TITLE) and page.slug.isascii()
    assert add(client, lanjing, "雪后清扫楼道", slug="雪后清扫楼道").status_code == 302
    assert NewsPage.objects.get(title="雪后清扫楼道").slug == pinyin_slug("雪后清扫楼道")
    # An ASCII slug the editor typed is theirs.
    assert add(client, lanjing, "冬季送温暖", slug="winter-visits").status_code == 302
    assert NewsPage.objects.get(title="冬季送温暖").slug == "winter-visits"


@pytest.mark.e2e
@pytest.mark.django_db
def test_an_abandoned_first_attempt_does_not_block_the_second(editor):
    client, lanjing = editor
    # The first attempt: autosave (or 保存草稿) kept a draft, then the editor left the page.
    assert add(client, lanjing, TITLE).status_code == 302
    first = NewsPage.objects.get(title=TITLE)
    assert not first.live
    # The second attempt, same title, with the slug the script fills in again: saved, not refused.
    response = add(client, lanjing, TITLE, slug=TITLE)
    assert response.status_code == 302
    second = NewsPage.objects.filter(title=TITLE).exclude(pk=first.pk).get()
    assert second.slug == f"{first.slug}-2"
    # And the editor is told where the first draft is, with a link to open it.
    page = client.get(response["Location"])
    messages = " ".join(m.message for m in page.context["messages"])
    assert "同名草稿" in messages and f"/admin/pages/{first.pk}/edit/" in messages


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_slug_the_editor_chose_that_is_taken_is_explained_next_to_the_title(editor):
    client, lanjing = editor
    taken = NewsPage.objects.live().child_of(lanjing).first()
    response = add(client, lanjing, "另一篇动态", slug=taken.slug)
    assert response.status_code == 200
    form = response.context["form"]
    (message,) = form.errors["title"]
    assert f"网址名“{taken.slug}”已被同一栏目下的已发布的页面《{taken.title}》使用" in message
    assert f"/admin/pages/{taken.pk}/edit/" in message
    # Shown on the page, in Chinese (the slug field's own error too, not Wagtail's English one).
    text = BeautifulSoup(html_of(response), "html.parser").get_text(" ")
    assert "已被同一栏目下的已发布的页面" in text
    assert "already in use" not in text
    # Positive control: a free slug saves.
    assert add(client, lanjing, "另一篇动态", slug="another-news").status_code == 302


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_community_editors_dashboard_is_their_desk(editor, client, make_user):
    client, lanjing = editor
    add(client, lanjing, TITLE)
    soup = BeautifulSoup(html_of(client.get("/admin/")), "html.parser")
    desk = soup.find(id=f"community-work-{lanjing.pk}").find_parent("section")
    text = desk.get_text(" ")
    assert "览景社区：我的工作台" in text and TITLE in text
    actions = {a.get_text(): a["href"] for a in desk.select("a.button")}
    assert actions["写社区动态"] == f"/admin/pages/add/news/newspage/{lanjing.pk}/"
    assert actions["发通知"] == f"/admin/pages/add/communities/noticepage/{lanjing.pk}/"
    assert actions["发布紧急通知"].endswith(f"/urgent-notice/{lanjing.pk}/")
    # Panels they cannot act on are not shown: the city's stale guides.
    assert "超过12个月未核对的办事指南" not in soup.get_text()
    # Another community's editor has their own desk, not this one.
    client.logout()
    hebin = CommunityPage.objects.get(slug="hebin")
    other = login(client, make_user("hebin-writer", hebin.editors_group.name))
    soup = BeautifulSoup(html_of(other.get("/admin/")), "html.parser")
    assert soup.find(id=f"community-work-{hebin.pk}") is not None
    assert soup.find(id=f"community-work-{lanjing.pk}") is None


@pytest.mark.e2e
@pytest.mark.django_db
def test_the_stale_guides_panel_is_for_those_who_edit_guides(admin_client):
    from services_catalog.models import GuidePage

    in_default_language(GuidePage.objects).filter(code="ZN-001").update(last_checked="2024-01-01")
    assert "超过12个月未核对的办事指南" in html_of(admin_client.get("/admin/"))

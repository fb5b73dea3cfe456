"""Urgent notices (communities.urgent): a community editor publishes one at once, the street's
reviewers are told and may take it down; everything else still waits for review.

End to end on the shipped site: 览景社区 and 河滨社区 are in 解放路街道, 团结社区 in 团结路街道.
"""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from communities import urgent
from communities.models import CommunityPage, NoticePage
from news.models import NewsPage
from tests.communities.test_editing import news_form
from tests.communities.test_notice_banner import banner_titles
from tests.conftest import force_login, html_of, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

TITLE = "览景小区3号楼水管爆裂停水"


@pytest.fixture
def lanjing():
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def hebin():
    return CommunityPage.objects.get(slug="hebin")


@pytest.fixture
def editor(make_user):
    return login(Client(), make_user("lanjing-editor", "览景社区 编辑"))


@pytest.fixture
def reviewers(make_user):
    """Two reviewers of 解放路街道 with an address, one without, and one whose account is off."""
    made = []
    for name, email, active in [
        ("jiefang-1", "jiefang-1@example.org", True),
        ("jiefang-2", "jiefang-2@example.org", True),
        ("jiefang-no-email", "", True),
        ("jiefang-left", "jiefang-left@example.org", False),
    ]:
        user = make_user(name, "解放路街道 审核")
        user.email, user.is_active = email, active
        user.save()
        made.append(user)
    return made


def reviewer_client(user):
    return force_login(Client(), user)


def when(hours):
    return f"{timezone.localtime() + datetime.timedelta(hours=hours):%Y-%m-%d %H:%M}"


def urgent_form(**changes):
    data = {
        "title": TITLE,
        "kind": "water",
        "affected_area": "览景小区3号楼",
        # Already under way: an urgent notice may start in the past.
        "starts_at": when(-2),
        "ends_at": when(6),
        "body": "3号楼主管道爆裂，正在抢修。请节约用水；独居老人请打服务站电话，网格员送水上门。",
    }
    data.update(changes)
    return data


def publish(client, community, **changes):
    return client.post(f"/admin/urgent-notice/{community.pk}/", urgent_form(**changes))


def actions_of(notice):
    return list(
        PageLogEntry.objects.filter(page=notice)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )


def test_the_editor_s_urgent_notice_is_live_at_once_on_the_community_page_and_banner(
    client, editor, lanjing, reviewers
):
    response = publish(editor, lanjing)
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = NoticePage.objects.get(title=TITLE)
    assert notice.live and notice.level == "urgent"
    assert notice.get_parent().pk == lanjing.pk
    assert notice.owner.username == "lanjing-editor"
    assert not WorkflowState.objects.filter(object_id=str(notice.pk)).exists()

    community_page = html_of(client.get(lanjing.url))
    assert TITLE in community_page
    assert f"紧急·停水：{TITLE}" in banner_titles(client.get(lanjing.url))
    assert client.get(notice.url).status_code == 200
    # Not on another community's pages: it is 览景's notice.
    assert f"紧急·停水：{TITLE}" not in banner_titles(
        client.get(CommunityPage.objects.get(slug="hebin").url)
    )


def test_both_publishing_and_the_bypass_are_in_the_audit_log_with_the_editor(editor, lanjing):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    actions = actions_of(notice)
    assert ("wagtail.publish", "lanjing-editor") in actions
    assert (urgent.URGENT_PUBLISH, "lanjing-editor") in actions
    entry = PageLogEntry.objects.get(page=notice, action=urgent.URGENT_PUBLISH)
    assert entry.data["street"] == "解放路街道"
    assert entry.data["reviewers_group"] == "解放路街道 审核"
    assert entry.revision_id == notice.live_revision_id


def test_the_history_page_names_the_bypass_in_chinese(editor, lanjing, reviewers):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    history = html_of(reviewer_client(reviewers[0]).get(f"/admin/pages/{notice.pk}/history/"))
    assert "紧急通知未经审核立即发布" in history


def test_the_street_s_reviewers_with_an_address_get_an_email(
    editor, lanjing, reviewers, mailoutbox
):
    response = publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "jiefang-1@example.org",
        "jiefang-2@example.org",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)
    message = mailoutbox[0]
    assert TITLE in message.subject and "览景社区" in message.subject
    for fact in [
        TITLE,
        "览景社区",
        "解放路街道",
        "览景小区3号楼",
        f"开始时间：{urgent._when(notice.starts_at)}",
        f"预计结束时间：{urgent._when(notice.ends_at)}",
        f"http://testserver/admin/pages/{notice.pk}/edit/",
        f"http://testserver/admin/pages/{notice.pk}/unpublish/",
        "撤下",
    ]:
        assert fact in message.body, fact
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("已发邮件提醒2位街道审核人" in text for text in shown), shown


def test_another_street_s_reviewers_get_no_email(editor, lanjing, make_user, mailoutbox):
    other = make_user("tuanjie-reviewer", "团结路街道 审核")
    other.email = "tuanjie@example.org"
    other.save()
    publish(editor, lanjing)
    assert NoticePage.objects.filter(title=TITLE, live=True).exists()
    assert [message.to for message in mailoutbox] == []


def test_a_mail_server_failure_leaves_the_notice_published_and_tells_the_editor(
    editor, lanjing, reviewers, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(urgent, "send_mail", broken)
    response = publish(editor, lanjing)
    assert response.status_code == 302
    assert NoticePage.objects.get(title=TITLE).live
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("提醒邮件没有发出去" in text for text in shown), shown


def dashboard_rows(client):
    soup = BeautifulSoup(html_of(client.get("/admin/")), "html.parser")
    panel = soup.find("section", attrs={"aria-labelledby": "urgent-notices-heading"})
    return panel.find_all("tr")[1:] if panel else []


def test_the_street_s_reviewers_see_it_on_their_dashboard_with_a_take_down_link(
    editor, lanjing, reviewers
):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    rows = dashboard_rows(reviewer_client(reviewers[0]))
    assert len(rows) == 1
    text = rows[0].get_text()
    assert TITLE in text and "览景社区" in text and "lanjing-editor" in text
    link = rows[0].find("a", string="撤下")
    assert link["href"].startswith(f"/admin/pages/{notice.pk}/unpublish/")


def test_the_dashboard_leaves_out_other_streets_and_older_notices(
    editor, lanjing, reviewers, make_user
):
    publish(editor, lanjing)
    other = reviewer_client(make_user("tuanjie-reviewer", "团结路街道 审核"))
    assert dashboard_rows(other) == []
    # The editor publishes, but reviews nothing: no panel.
    assert dashboard_rows(editor) == []
    later = timezone.now() + urgent.RECENT + datetime.timedelta(minutes=1)
    assert urgent.recent_urgent_notices(reviewers[0], now=later) == []


def test_a_reviewer_of_the_street_takes_it_down(client, editor, lanjing, reviewers):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    reviewer = reviewer_client(reviewers[0])
    assert reviewer.get(f"/admin/pages/{notice.pk}/unpublish/").status_code == 200
    response = reviewer.post(f"/admin/pages/{notice.pk}/unpublish/", {"next": "/admin/"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert not notice.live
    assert ("wagtail.unpublish", "jiefang-1") in actions_of(notice)
    assert TITLE not in html_of(client.get(lanjing.url))
    assert f"紧急·停水：{TITLE}" not in banner_titles(client.get(lanjing.url))
    # Still listed for the record, marked as taken down.
    rows = dashboard_rows(reviewer)
    assert "已撤下" in rows[0].get_text() and rows[0].find("a", string="撤下") is None


def test_a_reviewer_of_another_street_cannot_take_it_down(editor, lanjing, make_user):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    other = reviewer_client(make_user("tuanjie-reviewer", "团结路街道 审核"))
    assert other.get(f"/admin/pages/{notice.pk}/unpublish/").status_code in (302, 403)
    other.post(f"/admin/pages/{notice.pk}/unpublish/")
    notice.refresh_from_db()
    assert notice.live
    assert "wagtail.unpublish" not in [action for action, _ in actions_of(notice)]


def test_the_editor_cannot_take_it_down_either(editor, lanjing):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    editor.post(f"/admin/pages/{notice.pk}/unpublish/")
    notice.refresh_from_db()
    assert notice.live


def test_the_form_is_offered_on_the_editor_s_own_community_only(editor, lanjing):
    own = html_of(editor.get(f"/admin/pages/{lanjing.pk}/"))
    assert f'href="/admin/urgent-notice/{lanjing.pk}/"' in own
    assert "发布紧急通知" in own
    assert f'href="/admin/urgent-notice/{lanjing.pk}/"' in html_of(
        editor.get(f"/admin/pages/{lanjing.pk}/edit/")
    )
    # Not on the community's news, which are not communities.
    for news in NewsPage.objects.child_of(lanjing):
        assert f"/admin/urgent-notice/{news.pk}/" not in own
    # The menu item leads to the one community the editor has.
    assert "/admin/urgent-notice/" in html_of(editor.get("/admin/"))
    menu = editor.get("/admin/urgent-notice/")
    assert menu.status_code == 302 and menu["Location"] == f"/admin/urgent-notice/{lanjing.pk}/"
    form = html_of(editor.get(f"/admin/urgent-notice/{lanjing.pk}/"))
    assert "不经审核" in form and "览景社区" in form
    assert 'name="level"' not in form


def test_a_street_listing_offers_it_on_each_community_row(reviewers, lanjing, hebin):
    street = html_of(reviewer_client(reviewers[0]).get(f"/admin/pages/{lanjing.get_parent().pk}/"))
    for community in (lanjing, hebin):
        assert f'href="/admin/urgent-notice/{community.pk}/"' in street


def test_every_field_has_help_text():
    form = urgent.UrgentNoticeForm(community=None)
    for name, field in form.fields.items():
        assert field.help_text, name


def test_a_reviewer_chooses_among_the_street_s_communities(reviewers, lanjing, hebin):
    client = reviewer_client(reviewers[0])
    page = html_of(client.get("/admin/urgent-notice/"))
    assert f"/admin/urgent-notice/{lanjing.pk}/" in page
    assert f"/admin/urgent-notice/{hebin.pk}/" in page
    assert "/admin/urgent-notice/{}/".format(CommunityPage.objects.get(slug="tuanjie").pk) not in (
        page
    )


@pytest.mark.parametrize("other", ["hebin", "tuanjie"])
def test_an_editor_of_another_community_is_refused(make_user, lanjing, other, mailoutbox):
    title = CommunityPage.objects.get(slug=other).title
    client = login(Client(), make_user(f"{other}-editor", f"{title} 编辑"))
    before = NoticePage.objects.count()
    assert client.get(f"/admin/urgent-notice/{lanjing.pk}/").status_code == 403
    assert publish(client, lanjing).status_code == 403
    assert NoticePage.objects.count() == before
    assert not PageLogEntry.objects.filter(action=urgent.URGENT_PUBLISH).exists()
    assert mailoutbox == []
    # Positive control: the same editor may do it for their own community.
    own = CommunityPage.objects.get(slug=other)
    assert publish(client, own).status_code == 302
    assert NoticePage.objects.child_of(own).filter(title=TITLE, live=True).exists()


def test_users_without_community_rights_are_refused(make_user, lanjing):
    client = login(Client(), make_user("city", "市级编辑"))
    assert client.get("/admin/urgent-notice/").status_code == 403
    assert client.get(f"/admin/urgent-notice/{lanjing.pk}/").status_code == 403
    assert "/admin/urgent-notice/" not in html_of(client.get("/admin/"))


def test_not_a_community_or_not_live_is_a_404(editor, lanjing):
    news = NewsPage.objects.child_of(lanjing).first()
    assert editor.get(f"/admin/urgent-notice/{news.pk}/").status_code == 404
    assert editor.get(f"/admin/urgent-notice/{lanjing.get_parent().pk}/").status_code == 404
    assert editor.get("/admin/urgent-notice/999999/").status_code == 404


def test_the_editor_still_cannot_publish_an_ordinary_notice_or_news(editor, lanjing):
    """The workflow is unchanged: the normal editor's publish does nothing, submit starts review."""
    for level in ["info", "urgent"]:
        slug = f"ordinary-{level}"
        response = editor.post(
            f"/admin/pages/add/communities/noticepage/{lanjing.pk}/",
            nested_form_data(
                {
                    **urgent_form(title=f"普通通知{level}", starts_at=when(24), ends_at=when(30)),
                    "level": level,
                    "slug": slug,
                    "action-publish": "1",
                }
            ),
        )
        assert response.status_code in (200, 302, 403)
        page = NoticePage.objects.filter(slug=slug).first()
        assert page is None or not page.live, level
    editor.post(
        f"/admin/pages/add/news/newspage/{lanjing.pk}/",
        news_form("紧急通知之外的新闻", "not-urgent-news", "action-publish"),
    )
    assert not NewsPage.objects.get(slug="not-urgent-news").live
    editor.post(
        f"/admin/pages/add/communities/noticepage/{lanjing.pk}/",
        nested_form_data(
            {
                **urgent_form(title="下周停电通知", starts_at=when(48), ends_at=when(52)),
                "kind": "power",
                "level": "info",
                "slug": "next-week-power",
                "action-submit": "1",
            }
        ),
    )
    submitted = NoticePage.objects.get(slug="next-week-power")
    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "解放路街道审核"


def test_editing_the_urgent_notice_later_goes_through_review(editor, lanjing):
    publish(editor, lanjing)
    notice = NoticePage.objects.get(title=TITLE)
    editor.post(
        f"/admin/pages/{notice.pk}/edit/",
        nested_form_data(
            {
                **urgent_form(title="改过的标题"),
                "level": "urgent",
                "slug": notice.slug,
                "action-publish": "1",
            }
        ),
    )
    notice.refresh_from_db()
    assert notice.title == TITLE  # the live title is unchanged


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"affected_area": ""}, "affected_area"),
        ({"body": ""}, "body"),
        ({"starts_at": ""}, "starts_at"),
        ({"ends_at": ""}, "ends_at"),
        ({"kind": "flood"}, "kind"),
        ({"starts_at": "下午三点"}, "starts_at"),
        ({"starts_at": when(4), "ends_at": when(2)}, "ends_at"),
        ({"starts_at": when(-10), "ends_at": when(-1)}, "ends_at"),
        ({"title": "停" * 10_000}, "title"),
        ({"body": "水" * 501}, "body"),
    ],
)
def test_bad_input_gives_the_form_back_with_chinese_errors_and_writes_nothing(
    editor, lanjing, reviewers, mailoutbox, changes, field
):
    before = NoticePage.objects.count()
    response = publish(editor, lanjing, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    message = " ".join(errors[field])
    assert any("\u4e00" <= character <= "\u9fff" for character in message), message
    assert NoticePage.objects.count() == before
    assert not PageLogEntry.objects.filter(action=urgent.URGENT_PUBLISH).exists()
    assert mailoutbox == []


def test_forged_posts_cannot_set_another_level_or_place(editor, lanjing, hebin):
    publish(editor, lanjing, level="info", slug="chosen", path="0001", depth="2", live="")
    notice = NoticePage.objects.get(title=TITLE)
    assert notice.level == "urgent" and notice.live
    assert notice.get_parent().pk == lanjing.pk
    assert notice.slug.startswith("urgent-water-")
    # Another community's id in the URL is refused, whatever the form says.
    assert publish(editor, hebin, title="别人的社区").status_code == 403
    assert not NoticePage.objects.filter(title="别人的社区").exists()


def test_two_urgent_notices_at_the_same_minute_get_different_addresses(editor, lanjing):
    publish(editor, lanjing)
    publish(editor, lanjing, title="第二条紧急通知")
    slugs = set(NoticePage.objects.child_of(lanjing).values_list("slug", flat=True))
    assert len(slugs) == NoticePage.objects.child_of(lanjing).count()
    assert NoticePage.objects.get(title="第二条紧急通知").live

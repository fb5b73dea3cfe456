"""What everyone sees: the yearly counts on community and story pages, the wish board, and how
the page cache treats the forms (never stored) and the pages that show counts (renewed when an
item closes). And how editors hear of new items: each by mail, or a daily digest."""

import datetime
import io
import re

import pytest

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from news.models import StoryPage
from participation.models import DAILY, MailPreference, Submission
from tests.participation.conftest import fields_for, submit, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def counts_of(html, year):
    """The (wishes, reports) row of `year` in a counts table, or None."""
    found = re.search(rf"<th scope=\"row\">{year}年</th><td>(\d+) 个</td><td>(\d+) 件</td>", html)
    return tuple(int(n) for n in found.groups()) if found else None


def walk_to_closed(editor, submission, team):
    url = f"/admin/participation/{submission.pk}/"
    assert editor.post(url, {"action": "assign", "team": team.pk}).status_code == 302
    assert editor.post(url, {"action": "accept"}).status_code == 302
    assert editor.post(url, {"action": "close", "reply": "办好了"}).status_code == 302


def test_counts_on_the_community_page_follow_closing(
    lanjing, editor_of, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year
    visitor = Client()
    first = visitor.get(lanjing.url)
    before = counts_of(first.content.decode(), year) or (0, 0)
    assert visitor.get(lanjing.url)["X-Cache"] == "HIT"  # the page is cached…
    editor, _ = editor_of("counts-editor", "览景社区 编辑")
    wish = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing)))
    report = submitted(submit(Client(), "report", fields_for("report", community=lanjing)))
    team = lanjing.volunteer_teams.first()
    with django_capture_on_commit_callbacks(execute=True):
        walk_to_closed(editor, wish, team)
        walk_to_closed(editor, report, team)
    after = visitor.get(lanjing.url)  # …and renewed when an item closes
    assert after["X-Cache"] == "MISS"
    assert counts_of(after.content.decode(), year) == (before[0] + 1, before[1] + 1)
    # A story of the community shows the same counts (one query, one fact).
    story = StoryPage.objects.live().descendant_of(lanjing).first()
    assert counts_of(visitor.get(story.url).content.decode(), year) == (
        before[0] + 1,
        before[1] + 1,
    )


def test_sample_counts_per_year(lanjing, client):
    last_year = (timezone.localdate() - datetime.timedelta(days=370)).year
    html = client.get(lanjing.url).content.decode()
    assert "览景社区居民点单办理情况" in html
    assert counts_of(html, last_year) is not None


def test_the_wish_board_shows_only_approved_wishes_anonymised(
    lanjing, editor_of, django_capture_on_commit_callbacks
):
    wish = submitted(submit(Client(), "wish", fields_for("wish", community=lanjing)))
    visitor = Client()
    board = visitor.get("/take-part/wishes/").content.decode()
    assert f"心愿 #{wish.pk}" not in board
    assert "旧柜子" not in board
    editor, _ = editor_of("board-editor", "览景社区 编辑")
    url = f"/admin/participation/{wish.pk}/"
    refused = editor.post(url, {"action": "board", "on_board": "on", "board_text": ""})
    assert refused.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            url, {"action": "board", "on_board": "on", "board_text": "邻居老人想请人搬一件家具"}
        )
    assert response.status_code == 302
    board = visitor.get("/take-part/wishes/").content.decode()
    assert f"心愿 #{wish.pk}" in board and "邻居老人想请人搬一件家具" in board
    for personal in ("旧柜子", "王小明", "13912345678", "楼上的张奶奶"):
        assert personal not in board
    # Once a volunteer has taken it, it leaves the board.
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(url, {"action": "assign", "person": "党员李华"})
        editor.post(url, {"action": "accept"})
    assert f"心愿 #{wish.pk}" not in visitor.get("/take-part/wishes/").content.decode()


def test_forms_and_status_pages_are_never_cached(lanjing):
    visitor = Client()
    for url in ("/take-part/wish/", "/take-part/report/", "/take-part/storage/"):
        first = visitor.get(url)
        assert "no-store" in first["Cache-Control"]
        assert "X-Cache" not in first
        second = visitor.get(url)
        assert "X-Cache" not in second
        # Each visitor gets a token of their own.
        assert re.search(r'name="form_token" value="([^"]+)"', first.content.decode()).group(
            1
        ) != re.search(r'name="form_token" value="([^"]+)"', second.content.decode()).group(1)
    # The wish board and the index hold nothing personal: cached like any page.
    assert Client().get("/take-part/wishes/")["X-Cache"] == "MISS"
    assert Client().get("/take-part/wishes/")["X-Cache"] == "HIT"


def test_new_items_mail_the_communitys_editors_only(
    lanjing, hebin, editor_of, django_capture_on_commit_callbacks
):
    _, lanjing_editor = editor_of("mail-lanjing", "览景社区 编辑")
    _, hebin_editor = editor_of("mail-hebin", "河滨社区 编辑")
    _, digest_editor = editor_of("mail-digest", "览景社区 编辑")
    MailPreference.objects.create(user=digest_editor, mode=DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        item = submitted(submit(Client(), "report", fields_for("report", community=lanjing)))
    recipients = [address for message in mail.outbox for address in message.to]
    assert lanjing_editor.email in recipients
    assert hebin_editor.email not in recipients and digest_editor.email not in recipients

    mail.outbox.clear()
    call_command("send_participation_digest", stdout=io.StringIO())
    [digest] = mail.outbox
    assert digest.to == [digest_editor.email]
    assert f"/admin/participation/{item.pk}/" in digest.body
    assert "13912345678" not in digest.body


def test_an_editor_chooses_how_to_be_told(editor_of):
    editor, user = editor_of("mail-choice", "览景社区 编辑")
    page = editor.get("/admin/participation/mail/")
    assert page.status_code == 200 and "每天一封汇总邮件" in page.content.decode()
    assert editor.post("/admin/participation/mail/", {"mode": "daily"}).status_code == 302
    assert MailPreference.objects.get(user=user).mode == DAILY
    assert editor.post("/admin/participation/mail/", {"mode": "hourly"}).status_code == 400


def test_the_index_links_every_form(client):
    html = client.get("/take-part/").content.decode()
    for url in (
        "/take-part/wish/",
        "/take-part/report/",
        "/take-part/storage/",
        "/take-part/wishes/",
        "/take-part/status/",
    ):
        assert f'href="{url}"' in html
    assert Submission.objects.filter(receipt_code="XD-DEMO-0002", on_board=True).exists()

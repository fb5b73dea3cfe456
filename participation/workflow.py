"""The loop a submission goes through (点单 → 派单 → 接单 → 办结 → 评单), each step logged in
Wagtail's audit log, and the mails that tell editors of new submissions."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from pagecache.generation import new_generation
from participation.models import (
    ACCEPTED,
    ASSIGNED,
    CLOSED,
    DAILY,
    IMMEDIATE,
    NEW,
    RATED,
    MailPreference,
    Note,
)
from participation.scope import submissions_in_scope

logger = logging.getLogger(__name__)

# Audit log actions (labels registered in wagtail_hooks).
ACTIONS = {
    "receive": ("xuedu.participation.receive", "居民来件", "居民提交了来件"),
    "assign": ("xuedu.participation.assign", "派单", "已派单"),
    "accept": ("xuedu.participation.accept", "接单", "已接单"),
    "close": ("xuedu.participation.close", "办结", "已办结并公开答复"),
    "rate": ("xuedu.participation.rate", "群众评价", "居民已评价"),
    "note": ("xuedu.participation.note", "备注", "编辑添加了备注"),
    "reply": ("xuedu.participation.reply", "修改答复", "编辑修改了公开答复"),
    "board": ("xuedu.participation.board", "心愿墙", "心愿墙的显示改变了"),
    "erase": ("xuedu.participation.erase", "删除个人信息", "个人信息已删除"),
}

# The state each step leads from and to.
STEPS = {
    "assign": (NEW, ASSIGNED),
    "accept": (ASSIGNED, ACCEPTED),
    "close": (ACCEPTED, CLOSED),
}


class StepRefused(Exception):
    """A step that does not follow from the submission's state (e.g. closing a new item)."""


def record(submission, step, user=None, **data):
    log(instance=submission, action=ACTIONS[step][0], user=user, data=data)


def public_output_changed():
    """The counts on community pages and the wish board are cached pages: start afresh."""
    transaction.on_commit(new_generation)


@transaction.atomic
def advance(submission, step, user, *, team=None, person="", reply="", note=""):
    """Move `submission` one step along (assign, accept, close) as `user`."""
    before, after = STEPS[step]
    if submission.state != before:
        raise StepRefused(f"这件来件现在是“{submission.state_label}”，不能{ACTIONS[step][1]}。")
    now = timezone.now()
    data = {"from": before, "to": after}
    if step == "assign":
        submission.assigned_team, submission.assigned_person = team, person
        submission.assigned_at = now
        data["assignee"] = submission.assignee
    elif step == "accept":
        submission.accepted_at = now
    elif step == "close":
        submission.public_reply = reply
        submission.closed_at = now
    submission.state = after
    submission.save()
    if note:
        Note.objects.create(submission=submission, author=user, text=note, state=after)
    record(submission, step, user, **data)
    if step == "close" or (submission.on_board and step == "accept"):
        public_output_changed()
    return submission


@transaction.atomic
def rate(submission, rating):
    """The resident's one rating, after the item is closed."""
    if submission.state != CLOSED:
        raise StepRefused("只有已办结、还没有评价的来件可以评价。")
    submission.rating = rating
    submission.rated_at = timezone.now()
    submission.state = RATED
    submission.save(update_fields=["rating", "rated_at", "state"])
    record(submission, "rate", None, rating=rating)
    return submission


@transaction.atomic
def set_board(submission, user, on_board, text):
    submission.on_board, submission.board_text = on_board, text
    submission.save(update_fields=["on_board", "board_text"])
    record(submission, "board", user, on_board=on_board)
    public_output_changed()


# --- Mail -----------------------------------------------------------------------------------


def _recipients(submission, mode):
    """Active users with an address who handle `submission` and want mail in `mode`: the
    community's editors, or for a city-wide item the holders of the city-wide permission."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if submission.community_id and submission.community.editors_group_id:
        users = users.filter(groups=submission.community.editors_group_id)
    elif submission.community_id:
        return []
    else:
        citywide = Permission.objects.get(
            content_type__app_label="participation", codename="handle_citywide"
        )
        users = users.filter(
            Q(groups__permissions=citywide) | Q(user_permissions=citywide) | Q(is_superuser=True)
        ).distinct()
    chosen = MailPreference.objects.filter(user__in=users.values("pk"))
    if mode == IMMEDIATE:
        users = users.exclude(pk__in=chosen.exclude(mode=IMMEDIATE).values("user_id"))
    else:
        users = users.filter(pk__in=chosen.filter(mode=mode).values("user_id"))
    return list(users.order_by("pk"))


def admin_url(submission):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "participation_admin:detail", args=[submission.pk]
    )


def _line(submission):
    where = submission.community.title if submission.community_id else "全市"
    return f"【{submission.kind_label}】{where}：{submission.summary}"


def notify_new(submission):
    """Mail each editor who wants every new item. No personal data in the mail: the link opens
    it in the admin. Returns how many were sent to; a mail failure is logged, never raised."""
    recipients = _recipients(submission, IMMEDIATE)
    if not recipients:
        return 0
    subject = f"新的居民来件：{_line(submission)}"
    body = "\n".join(
        [
            "有一件新的居民来件等待派单：",
            "",
            _line(submission),
            f"提交时间：{timezone.localtime(submission.created_at):%Y-%m-%d %H:%M}（北京时间）",
            "",
            f"在后台查看和派单：{admin_url(submission)}",
            "",
            "不想每件都收到邮件？在后台“居民来件 → 邮件提醒”里改成每天一封汇总或不发邮件。",
        ]
    )
    return _send(subject, body, recipients)


def _send(subject, body, users):
    try:
        connection = get_connection()
        for user in users:
            send_mail(subject, body, None, [user.email], connection=connection)
    except Exception:  # whatever the backend raises: the resident's submission stands
        logger.exception("Could not mail editors about residents' submissions")
        return None
    return len(users)


def send_daily_digests(now=None):
    """One mail to each editor who chose the daily digest, listing the last day's new items in
    their scope (none when there were none). Returns the number of mails sent."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    sent = 0
    for preference in MailPreference.objects.filter(mode=DAILY).select_related("user"):
        user = preference.user
        if not user.is_active or not user.email:
            continue
        items = list(
            submissions_in_scope(user)
            .filter(created_at__gte=since, created_at__lt=now)
            .select_related("community")
            .order_by("created_at")
        )
        if not items:
            continue
        lines = [f"过去一天有 {len(items)} 件新的居民来件：", ""]
        lines += [f"{_line(item)}\n  {admin_url(item)}" for item in items]
        if _send(f"居民来件每日汇总：{len(items)} 件", "\n".join(lines), [user]):
            sent += 1
    return sent

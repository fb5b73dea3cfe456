"""Urgent notices (紧急通知): a community editor publishes one at once, without the street's review.

Everything else a community editor writes goes through the street's workflow; an outage already
under way cannot wait for a reviewer. So an editor who may add a notice under a community may
publish an urgent one there at once, through its own form (communities.views), which fixes the
level to "urgent". The street's reviewers are told by email and on their dashboard, and take it
down with Wagtail's ordinary unpublish, which their publish permission in the street allows.
Both the publish and the bypass are in the audit log (URGENT_PUBLISH, besides "wagtail.publish").

Only this one page skips the workflow: the editor's page permissions and the street's workflow
are unchanged, so any other page, or a later edit of this notice, is submitted for review as usual.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.utils import get_user_display_name
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from communities.models import CommunityPage, NoticePage, StreetPage, community_path

logger = logging.getLogger(__name__)

URGENT_PUBLISH = "xuedu.urgent_publish"
URGENT_PUBLISH_LABEL = "紧急发布（免审）"
# How long an urgent notice stays on the street reviewers' dashboard after it was published.
RECENT = datetime.timedelta(days=7)


def may_publish_urgent_notice(user, community):
    """Whether `user` may publish an urgent notice under `community` (a live CommunityPage): the
    same rule as adding any notice there (page permission and page-type rules)."""
    return (
        community.live
        and NoticePage.can_create_at(community)
        and community.permissions_for_user(user).can_add_subpage()
    )


def urgent_notice_communities(user):
    """The live communities under which `user` may publish an urgent notice, in tree order."""
    communities = CommunityPage.objects.live().order_by("path")
    if not user.is_superuser:
        addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
        communities = communities.filter(pk__in=addable.values("pk"))
    return [community for community in communities if may_publish_urgent_notice(user, community)]


class UrgentNoticeForm(WagtailAdminModelForm):
    """The notice's own fields, level fixed to urgent; validated by the model's full_clean()."""

    class Meta:
        model = NoticePage
        # The admin's widgets (date-time picker, auto-height text), as in the page editor.
        formfield_callback = formfield_for_dbfield
        fields = ["title", "kind", "affected_area", "starts_at", "ends_at", "body"]
        labels = {"title": "标题"}
        help_texts = {
            "title": "一句话说清哪里发生了什么，例如“览景小区3号楼水管爆裂停水”。",
            "starts_at": "停水、停电或事故开始的时间（北京时间），已经发生的填实际开始的时间。",
        }

    def __init__(self, *args, community, **kwargs):
        kwargs.setdefault("instance", NoticePage(level="urgent"))
        super().__init__(*args, **kwargs)
        self.community = community
        self.instance.level = "urgent"

    def clean_ends_at(self):
        ends_at = self.cleaned_data["ends_at"]
        if ends_at is not None and ends_at <= timezone.now():
            raise ValidationError("预计结束时间已经过去：紧急通知只用于还在影响居民的情况。")
        return ends_at


def _slug_for(notice, parent):
    moment = timezone.localtime(notice.starts_at or timezone.now())
    return find_available_slug(parent, f"urgent-{notice.kind}-{moment:%Y%m%d-%H%M}")


@transaction.atomic
def publish_urgent_notice(form, user):
    """Create the form's notice under its community and publish it at once, skipping the
    street's workflow for this page only; log the bypass. Returns the live notice.

    Raises ValidationError (with the model's messages) if the page does not pass full_clean()
    once placed in the tree.
    """
    community = form.community
    notice = form.save(commit=False)
    notice.level = "urgent"
    notice.owner = user
    notice.slug = _slug_for(notice, community)
    # add_child() saves through Page.save(), which runs the model's full_clean() in the tree.
    community.add_child(instance=notice)
    revision = notice.save_revision(user=user, log_action=True)
    # The one exception to the workflow: editors hold no publish permission.
    revision.publish(user=user, skip_permission_checks=True)
    notice.refresh_from_db()
    street = community.get_parent().specific
    log(
        instance=notice,
        action=URGENT_PUBLISH,
        user=user,
        revision=revision,
        data={
            "community": community.title,
            "street": street.title,
            "reviewers_group": street.reviewers_group.name if street.reviewers_group else "",
        },
    )
    return notice


def street_of(community):
    return StreetPage.objects.select_related("reviewers_group").parent_of(community).first()


def street_reviewers(street):
    """Active members of the street's reviewers group who have an email address."""
    if street is None or street.reviewers_group_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(groups=street.reviewers_group_id, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _admin_url(name, page):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[page.pk])


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def reviewer_email(notice, community, street, user):
    """The subject and text of the email to the street's reviewers."""
    subject = f"【紧急通知已直接发布】{community.title}：{notice.title}"
    body = "\n".join(
        [
            f"{get_user_display_name(user)}（{community.title}）以“紧急”级别发布了下面这条通知。"
            "紧急通知不经审核立即发布，现在已经在网站上显示。",
            "",
            f"标题：{notice.title}",
            f"社区：{street.title if street else ''} {community.title}",
            f"类型：{notice.get_kind_display()}",
            f"影响范围：{notice.affected_area}",
            f"开始时间：{_when(notice.starts_at)}（北京时间）",
            f"预计结束时间：{_when(notice.ends_at)}（北京时间）",
            "内容：",
            notice.body,
            "",
            f"在后台查看或修改：{_admin_url('wagtailadmin_pages:edit', notice)}",
            f"网站上的页面：{notice.get_full_url() or ''}",
            "",
            "如果这条通知不应该发布，或者不是紧急情况，请撤下（取消发布）；撤下后居民不再看到它：",
            _admin_url("wagtailadmin_pages:unpublish", notice),
            "",
            f"您是{street.title if street else ''}的审核人，所以收到这封邮件。",
        ]
    )
    return subject, body


def notify_reviewers(notice, community, user):
    """Email every active reviewer of the community's street who has an address. Returns how
    many were sent to; a mail server failure is logged and returns None (the notice stays
    published: the residents must not wait for the mail server either)."""
    street = street_of(community)
    recipients = list(street_reviewers(street).values_list("email", flat=True))
    if not recipients:
        return 0
    subject, body = reviewer_email(notice, community, street, user)
    try:
        connection = get_connection()
        # One message each: reviewers do not see each other's addresses.
        for address in recipients:
            send_mail(subject, body, None, [address], connection=connection)
    except Exception:  # whatever the mail backend raises (SMTP, connection refused…)
        logger.exception("Could not email the reviewers about urgent notice %s", notice.pk)
        return None
    return len(recipients)


def recent_urgent_notices(user, now=None):
    """Urgent notices published without review in the last RECENT that `user` may take down
    (reviewers: their street's; administrators: all), newest first, as dicts for the dashboard."""
    since = (now or timezone.now()) - RECENT
    entries = (
        PageLogEntry.objects.filter(action=URGENT_PUBLISH, timestamp__gte=since)
        .select_related("user")
        .order_by("-timestamp")
    )
    notices = NoticePage.objects.filter(pk__in=entries.values("page_id"))
    if not user.is_superuser:
        reviewable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        notices = notices.filter(pk__in=reviewable.values("pk"))
    notices = {notice.pk: notice for notice in notices}
    if not notices:
        return []
    communities = dict(
        CommunityPage.objects.filter(
            path__in={community_path(notice) for notice in notices.values()}
        ).values_list("path", "title")
    )
    rows, seen = [], set()
    for entry in entries.filter(page_id__in=notices):
        if entry.page_id in seen:
            continue
        seen.add(entry.page_id)
        notice = notices[entry.page_id]
        rows.append(
            {
                "notice": notice,
                "community": communities.get(community_path(notice), ""),
                "publisher": get_user_display_name(entry.user) if entry.user else "",
                "published_at": entry.timestamp,
                "can_unpublish": notice.permissions_for_user(user).can_unpublish(),
            }
        )
    return rows

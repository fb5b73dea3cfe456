"""Residents' submissions (微心愿, 随手拍, 纠错, 这页有用吗, 雪具寄存预登记), their photos and
editors' notes, editors' mail preference, and the settings that say how long personal data stays.

One loop for every kind: 居民点单 (a resident submits: 待派单), 支部派单 (an editor assigns a
volunteer team or person: 已派单), 党员接单 (the volunteer takes it: 已接单), 已办结 with a public
reply, and 群众评单 (the resident rates it on the 好差评 scale: 已评价).
"""

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from communities.models import CommunityPage, VolunteerTeam

KINDS = [
    ("wish", "微心愿"),
    ("report", "随手拍"),
    ("correction", "纠错"),
    ("feedback", "这页有用吗"),
    ("storage", "雪具寄存预登记"),
]
KIND_LABELS = dict(KINDS)

NEW, ASSIGNED, ACCEPTED, CLOSED, RATED = "new", "assigned", "accepted", "closed", "rated"
STATES = [
    (NEW, "待派单"),
    (ASSIGNED, "已派单"),
    (ACCEPTED, "已接单"),
    (CLOSED, "已办结"),
    (RATED, "已评价"),
]
STATE_LABELS = dict(STATES)
DONE_STATES = (CLOSED, RATED)

# The national 好差评 scale for government services, best first.
RATINGS = [
    (5, "非常满意"),
    (4, "满意"),
    (3, "基本满意"),
    (2, "不满意"),
    (1, "非常不满意"),
]

# Receipt codes: no 0/O, 1/I/L, so a code read out on the phone is not misheard.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_receipt_code():
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"XD-{chars[:4]}-{chars[4:]}"


def private_storage():
    """Residents' photos: outside MEDIA_ROOT, so no web server or bucket route ever serves them."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class SubmissionQuerySet(models.QuerySet):
    def done_in(self, year):
        return self.filter(state__in=DONE_STATES, closed_at__year=year)

    def on_board(self):
        """Wishes an editor approved for the public wish board that nobody has taken yet."""
        return self.filter(kind="wish", on_board=True, state__in=(NEW, ASSIGNED))


class Submission(models.Model):
    """One thing a resident sent: what it is about, who may be contacted, and how far it got.

    Personal fields (contact_name, contact_phone, for_whom, the photos) are erased a set number
    of days after the item is closed (ParticipationSettings.retention_days, `erase_closed_personal_data`).
    """

    kind = models.CharField("类型", max_length=20, choices=KINDS)
    # None: a city-wide matter (a catalogue page's error), handled by the city editors; so are
    # the items of a community page that is deleted.
    community = models.ForeignKey(
        CommunityPage,
        verbose_name="社区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="所指页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receipt_code = models.CharField("回执号", max_length=20, unique=True, editable=False)
    # The one-time token of the form it came from: a replayed form is refused.
    form_token = models.CharField(max_length=64, unique=True, editable=False)

    # What the resident wrote (the fields of each kind; the others stay empty).
    text = models.TextField("内容", max_length=500, blank=True)
    for_whom = models.CharField("为谁", max_length=100, blank=True)
    location = models.CharField("地点", max_length=200, blank=True)
    useful = models.BooleanField("有用", null=True, blank=True)
    items = models.CharField("寄存物品", max_length=300, blank=True)
    date_from = models.DateField("寄存日期", null=True, blank=True)
    date_to = models.DateField("取回日期", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    consented_at = models.DateTimeField("同意个人信息说明的时间", null=True, blank=True)

    state = models.CharField("状态", max_length=20, choices=STATES, default=NEW)
    assigned_team = models.ForeignKey(
        VolunteerTeam,
        verbose_name="派给服务队",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_person = models.CharField("派给个人", max_length=60, blank=True)
    public_reply = models.TextField("公开答复", max_length=1000, blank=True)
    rating = models.PositiveSmallIntegerField("评价", choices=RATINGS, null=True, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    assigned_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    personal_erased_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    # The public wish board: an editor's anonymised wording, shown only once approved.
    on_board = models.BooleanField("上心愿墙", default=False)
    board_text = models.CharField("心愿墙上的文字", max_length=200, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "居民来件"
        verbose_name_plural = "居民来件"
        ordering = ["-created_at"]
        permissions = [("handle_citywide", "处理全市的居民来件")]

    def __str__(self):
        # No personal data and no receipt code: this is what the audit log keeps.
        return f"{self.kind_label} #{self.pk}"

    def save(self, *args, **kwargs):
        if not self.receipt_code:
            self.receipt_code = new_receipt_code()
            while Submission.objects.filter(receipt_code=self.receipt_code).exists():
                self.receipt_code = new_receipt_code()
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def rating_label(self):
        return dict(RATINGS).get(self.rating, "")

    @property
    def masked_phone(self):
        return mask_phone(self.contact_phone)

    @property
    def assignee(self):
        return self.assigned_team.name if self.assigned_team else self.assigned_person

    @cached_property
    def summary(self):
        text = self.text or self.items
        return text if len(text) <= 40 else f"{text[:40]}…"


def mask_phone(number):
    """138****5678: enough for an editor to tell two residents apart in a list."""
    if not number:
        return ""
    if len(number) <= 7:
        return "*" * len(number)
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"


class SubmissionPhoto(models.Model):
    """A 随手拍 photo, re-encoded without EXIF or GPS, kept outside the public media."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_storage, upload_to="participation/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        verbose_name = "照片"
        verbose_name_plural = "照片"

    def __str__(self):
        return f"{self.submission} 的照片"

    def delete(self, *args, **kwargs):
        self.file.delete(save=False)
        return super().delete(*args, **kwargs)


class Note(models.Model):
    """An editor's internal note on a submission (never shown to the resident)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("备注", max_length=1000)
    state = models.CharField("当时状态", max_length=20, choices=STATES)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "备注"
        verbose_name_plural = "备注"

    def __str__(self):
        return f"{self.submission} 的备注"


IMMEDIATE, DAILY, NONE = "immediate", "daily", "none"
MAIL_MODES = [
    (IMMEDIATE, "每件新来件都发邮件"),
    (DAILY, "每天一封汇总邮件"),
    (NONE, "不发邮件"),
]


class MailPreference(models.Model):
    """How an editor hears of new submissions in their scope (without one: each by mail)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_mail"
    )
    mode = models.CharField("邮件提醒", max_length=20, choices=MAIL_MODES, default=IMMEDIATE)

    class Meta:
        verbose_name = "来件邮件提醒"

    def __str__(self):
        return self.get_mode_display()


@register_setting(icon="mail")
class ParticipationSettings(BaseSiteSetting):
    """What residents are told about their data, and what the erasure command does: one field."""

    retention_days = models.PositiveSmallIntegerField(
        "个人信息保留天数",
        default=90,
        help_text="来件办结后多少天删除姓名、电话、“为谁”和照片；表单上的个人信息说明也写这个天数。",
    )
    storage_service = models.ForeignKey(
        "services_catalog.ServicePage",
        verbose_name="雪具寄存服务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="提供这项服务的社区服务站可以接受寄存预登记。",
    )

    # Set once by seed_site; afterwards the editors' choice stands.
    seeded = models.BooleanField(default=False, editable=False)

    panels = [FieldPanel("retention_days"), FieldPanel("storage_service")]

    class Meta:
        verbose_name = "居民参与设置"


def settings_for(request=None):
    """The participation settings of the request's site (the default site without a request)."""
    if request is not None:
        return ParticipationSettings.for_request(request)
    return ParticipationSettings.for_site(Site.objects.get(is_default_site=True))


def storage_stations(request=None):
    """The live communities whose station offers the ski-gear storage service of the settings:
    the ones a storage pre-registration may name."""
    if request is None:  # one query: the default site's setting as a subquery
        service = ParticipationSettings.objects.filter(site__is_default_site=True).values(
            "storage_service"
        )
    else:
        service = [settings_for(request).storage_service_id]
    return (
        CommunityPage.objects.live()
        .public()
        .filter(services__service__in=service)
        .order_by("path")
        .distinct()
    )

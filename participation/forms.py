"""The residents' forms: one per kind, each with only the fields its work needs, a one-time token
(a replayed form is refused), a honeypot field for bots and, where personal data is asked for,
a consent line naming its purpose and how long it is kept."""

import datetime
import re
import secrets

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from wagtail.models import Page

from communities.models import CommunityPage
from core.validators import LANDLINE_PATTERN, MOBILE_PATTERN
from participation import photos
from participation.models import Submission
from services_catalog.models import GuidePage, ServicePage

TOKEN_SALT = "participation.form"
TOKEN_MAX_AGE = 6 * 60 * 60  # a form left open over lunch still works; a day-old copy does not
REPLAYED = "replayed"
HONEYPOT = "homepage"  # a field people never see (hidden by CSS and aria-hidden), bots fill in


def new_form_token():
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(secrets.token_urlsafe(18))


def phone_validator(value):
    if not re.fullmatch(rf"{MOBILE_PATTERN}|{LANDLINE_PATTERN}", value):
        raise ValidationError(gettext("请填写11位手机号，或带区号的座机号，例如 0906-2312345。"))


def consent_line(retention_days):
    return gettext(
        "我同意社区用我填写的联系方式联系我办理这件事，不作他用；办结 %(days)s 天后"
        "删除姓名、电话和照片。"
    ) % {"days": retention_days}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > photos.MAX_PHOTOS:
            raise ValidationError(
                gettext("最多上传 %(count)s 张照片。") % {"count": photos.MAX_PHOTOS}
            )
        for upload in files:
            super().clean(upload, initial)
            photos.check_photo(upload)
        return files


class ResidentForm(forms.ModelForm):
    """What every kind shares: the token, the honeypot and the consent line."""

    asks_personal_data = True
    form_token = forms.CharField(widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=gettext_lazy("请不要填写这一项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1"}),
    )

    def __init__(self, *args, retention_days=90, **kwargs):
        super().__init__(*args, **kwargs)
        if self.asks_personal_data:
            self.fields["consent"] = forms.BooleanField(
                label=consent_line(retention_days),
                error_messages={"required": gettext("请阅读并勾选个人信息说明，否则无法提交。")},
            )
        for field in self.fields.values():
            # Django's own message would come from its catalog, which for kk is Cyrillic.
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                field.error_messages["required"] = gettext("请填写这一项。")
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = gettext(
                    "最多 %(limit)s 个字（现在 %%(show_value)s 个）。"
                ) % {"limit": field.max_length}
                field.widget.attrs["maxlength"] = field.max_length

    def clean_homepage(self):
        if self.cleaned_data.get(HONEYPOT):
            raise ValidationError(gettext("无法提交：表单里有不该填写的内容。"))
        return ""

    def clean_form_token(self):
        try:
            token = signing.TimestampSigner(salt=TOKEN_SALT).unsign(
                self.cleaned_data["form_token"], max_age=TOKEN_MAX_AGE
            )
        except signing.SignatureExpired:
            raise ValidationError(
                gettext("这份表单打开太久已经过期，请重新打开页面再填写。")
            ) from None
        except signing.BadSignature:
            raise ValidationError(gettext("表单已损坏，请重新打开页面再填写。")) from None
        if Submission.objects.filter(form_token=token).exists():
            raise ValidationError(
                gettext("这份表单已经提交过了，不会重复登记。要再提交一件，请重新打开页面。"),
                code=REPLAYED,
            )
        return token

    def is_replay(self):
        return self.has_error("form_token", REPLAYED)

    def save(self, commit=True):
        submission = super().save(commit=False)
        submission.kind = self.kind
        submission.form_token = self.cleaned_data["form_token"]
        if self.asks_personal_data:
            submission.consented_at = timezone.now()
        if commit:
            submission.save()
        return submission


def live_communities():
    return CommunityPage.objects.live().public().order_by("path")


class CommunityChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset,
            label=gettext_lazy("社区"),
            empty_label=gettext_lazy("请选择社区"),
            error_messages={
                "required": gettext_lazy("请选择社区。"),
                "invalid_choice": gettext_lazy("没有这个社区，请从列表里选择。"),
            },
            **kwargs,
        )

    def label_from_instance(self, community):
        return f"{community.title}（{community.station_name}）"


class WishForm(ResidentForm):
    kind = "wish"

    class Meta:
        model = Submission
        fields = ["community", "text", "for_whom", "contact_name", "contact_phone"]
        labels = {
            "text": gettext_lazy("心愿是什么"),
            "for_whom": gettext_lazy("为谁实现"),
            "contact_name": gettext_lazy("您的称呼"),
            "contact_phone": gettext_lazy("联系电话"),
        }
        help_texts = {
            "text": gettext_lazy("例如：想要一个助行器；想请人帮忙修一下楼道里的灯。"),
            "for_whom": gettext_lazy(
                "例如：本人；家里的老人；楼上行动不便的邻居。心愿墙上不会显示这一项。"
            ),
            "contact_phone": gettext_lazy("认领心愿的志愿者通过社区联系您，电话不会公开。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = CommunityChoiceField(live_communities())
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["contact_phone"].validators.append(phone_validator)


class ReportForm(ResidentForm):
    kind = "report"
    photos = PhotosField(required=False)

    class Meta:
        model = Submission
        fields = ["community", "text", "location", "contact_phone"]
        labels = {
            "text": gettext_lazy("发现了什么问题"),
            "location": gettext_lazy("在哪里"),
            "contact_phone": gettext_lazy("联系电话（可不填）"),
        }
        help_texts = {
            "text": gettext_lazy("例如：井盖缺了一块；路灯不亮；楼道里堆了杂物。"),
            "location": gettext_lazy("用文字说清楚位置，例如：观雪苑小区5号楼东侧人行道。"),
            "contact_phone": gettext_lazy("留下电话，社区有问题可以问您；不留也能处理。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = CommunityChoiceField(live_communities())
        self.fields["text"].required = True
        self.fields["location"].required = True
        # Labels with numbers in them, in the language of the request.
        self.fields["photos"].label = gettext("照片（可不传，最多 %(count)s 张）") % {
            "count": photos.MAX_PHOTOS
        }
        self.fields["photos"].help_text = gettext(
            "JPEG、PNG 或 WebP，每张不超过 %(megabytes)s MB。"
            "上传时会去掉照片里的拍摄位置和相机信息。"
        ) % {"megabytes": photos.MAX_BYTES // 1024 // 1024}
        self.fields["contact_phone"].validators.append(phone_validator)


class StorageForm(ResidentForm):
    kind = "storage"

    class Meta:
        model = Submission
        fields = ["community", "items", "date_from", "date_to", "contact_name", "contact_phone"]
        labels = {
            "community": gettext_lazy("寄存到哪个服务站"),
            "items": gettext_lazy("寄存什么"),
            "date_from": gettext_lazy("哪天送来"),
            "date_to": gettext_lazy("大约哪天取回"),
            "contact_name": gettext_lazy("姓名"),
            "contact_phone": gettext_lazy("手机号"),
        }
        help_texts = {
            "items": gettext_lazy("例如：单板1块、雪鞋1双、头盔1个。"),
            "date_to": gettext_lazy("跨季寄存就填下个雪季来取的日子。"),
            "contact_name": gettext_lazy("寄存时请带身份证，工作人员核对后开寄存单。"),
        }
        widgets = {
            "date_from": forms.DateInput(attrs={"type": "date"}),
            "date_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = CommunityChoiceField(stations)
        self.fields["community"].label = gettext("寄存到哪个服务站")
        for name in self.Meta.fields:
            self.fields[name].required = True
            self.fields[name].error_messages["invalid"] = gettext(
                "请按 年-月-日 填写日期，例如 2026-12-01。"
            )
        self.fields["contact_phone"].validators.append(phone_validator)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        today = timezone.localdate()
        if start and start < today:
            self.add_error("date_from", gettext("送来的日期不能早于今天。"))
        if start and end:
            if end <= start:
                self.add_error("date_to", gettext("取回的日期要晚于送来的日期。"))
            elif end > start + datetime.timedelta(days=400):
                self.add_error("date_to", gettext("最长寄存到下一个雪季（约一年），请改一个日期。"))
        return cleaned


class PageForm(ResidentForm):
    """A form about one of the site's pages (纠错, 这页有用吗): no personal data asked."""

    asks_personal_data = False
    page_types = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = Page.objects.live().public()
        if self.page_types:
            pages = pages.type(*self.page_types)
        self.fields["page"] = forms.ModelChoiceField(
            pages,
            widget=forms.HiddenInput,
            error_messages={
                "required": gettext("不知道您说的是哪个页面，请从页面上的链接进来。"),
                "invalid_choice": gettext("不知道您说的是哪个页面，请从页面上的链接进来。"),
            },
        )


class CorrectionForm(PageForm):
    kind = "correction"

    class Meta:
        model = Submission
        fields = ["page", "text"]
        labels = {"text": gettext_lazy("哪里有误，正确的应该是什么")}
        help_texts = {
            "text": gettext_lazy(
                "例如：电话已经换成 0906-2312345；周六不开门。请不要填写您的姓名和电话。"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True


class FeedbackForm(PageForm):
    kind = "feedback"
    page_types = (ServicePage, GuidePage)
    useful = forms.TypedChoiceField(
        label=gettext_lazy("这页对您有用吗"),
        choices=[("yes", gettext_lazy("有用")), ("no", gettext_lazy("没用"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择“有用”或“没用”。"),
            "invalid_choice": gettext_lazy("请选择“有用”或“没用”。"),
        },
    )

    class Meta:
        model = Submission
        fields = ["page", "useful", "text"]
        labels = {"text": gettext_lazy("原因（可不填）")}
        help_texts = {
            "text": gettext_lazy("例如：没说要带什么材料；电话打不通。请不要填写您的姓名和电话。")
        }


FORMS = {
    form.kind: form for form in (WishForm, ReportForm, StorageForm, CorrectionForm, FeedbackForm)
}

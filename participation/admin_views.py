"""The inbox in the admin (居民来件): a list per scope, one submission with its steps, notes and
photos, a CSV export and each editor's mail preference.

Every view reads submissions through participation.scope: another community's submission, its
photos and its export are a 404, as if they did not exist.
"""

import csv

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from communities.models import VolunteerTeam
from core.downloads import csv_response, spreadsheet_safe
from core.pagination import paginate
from participation.models import (
    ACCEPTED,
    ASSIGNED,
    KINDS,
    NEW,
    STATES,
    MailPreference,
    Note,
)
from participation.scope import communities_in_scope, has_scope, submissions_in_scope
from participation.workflow import StepRefused, advance, record, set_board

PAGE_TITLE = "居民来件"


class InboxFilter(forms.Form):
    state = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *STATES], required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *KINDS], required=False)
    community = forms.TypedChoiceField(label="社区", coerce=int, required=False)


def filtered(request):
    """The user's submissions narrowed by the filter; a community outside the scope is a 404."""
    if not has_scope(request.user):
        raise Http404
    communities = list(communities_in_scope(request.user).values_list("pk", "title"))
    form = InboxFilter(request.GET)
    form.fields["community"].choices = [("", "全部社区"), *communities]
    if not form.is_valid():
        raise Http404("筛选条件无效")
    submissions = submissions_in_scope(request.user).select_related("community")
    for name in ("state", "kind", "community"):
        if form.cleaned_data[name] not in ("", None):
            submissions = submissions.filter(**{name: form.cleaned_data[name]})
    return form, submissions


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    page_title = PAGE_TITLE
    header_icon = "mail"
    template_name = "participation/admin/inbox.html"

    def get_context_data(self, **kwargs):
        form, submissions = filtered(self.request)
        return super().get_context_data(
            filter_form=form,
            submissions=paginate(self.request, submissions, 50),
            export_query=self.request.GET.urlencode(),
            **kwargs,
        )


def export_csv(request):
    """The filtered list as CSV: no names, phones masked (the detail view has them)."""
    _, submissions = filtered(request)
    response = csv_response("resident-submissions.csv")
    writer = csv.writer(response)
    writer.writerow(
        ["编号", "类型", "社区", "内容", "状态", "派给", "提交时间", "办结时间", "评价", "联系电话"]
    )
    for item in submissions.select_related("assigned_team"):
        row = [
            item.pk,
            item.kind_label,
            item.community.title if item.community else "全市",
            item.text or item.items,
            item.state_label,
            item.assignee,
            f"{timezone.localtime(item.created_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(item.closed_at):%Y-%m-%d %H:%M}" if item.closed_at else "",
            item.rating_label,
            item.masked_phone,
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


def scoped_submission(request, submission_id):
    return get_object_or_404(
        submissions_in_scope(request.user).select_related("community", "page", "assigned_team"),
        pk=submission_id,
    )


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(
        label="派给服务队", queryset=VolunteerTeam.objects.none(), required=False
    )
    person = forms.CharField(label="或派给个人", max_length=60, required=False)
    note = forms.CharField(
        label="备注（居民看不到）", max_length=1000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = VolunteerTeam.objects.filter(
            community_id=submission.community_id
        )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("team")) == bool(cleaned.get("person", "").strip()):
            raise forms.ValidationError(
                "请选择一支服务队，或填写一位党员、志愿者的姓名（二选一）。"
            )
        return cleaned


class AcceptForm(forms.Form):
    note = forms.CharField(
        label="备注（居民看不到）", max_length=1000, required=False, widget=forms.Textarea
    )


class CloseForm(forms.Form):
    reply = forms.CharField(
        label="公开答复",
        max_length=1000,
        widget=forms.Textarea,
        help_text="居民凭回执号在办理进度页看到这段话：写清办了什么，不要写任何人的姓名和电话。",
    )
    note = forms.CharField(
        label="备注（居民看不到）", max_length=1000, required=False, widget=forms.Textarea
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="备注（居民看不到）", max_length=1000, widget=forms.Textarea)


class BoardForm(forms.Form):
    on_board = forms.BooleanField(label="放到公开的心愿墙上", required=False)
    board_text = forms.CharField(
        label="心愿墙上的文字",
        max_length=200,
        required=False,
        help_text="隐去姓名、电话、门牌号等能认出人的信息，例如“独居老人想要一个助行器”。",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_board") and not cleaned.get("board_text", "").strip():
            self.add_error("board_text", "放到心愿墙上时，请写好隐去个人信息的文字。")
        return cleaned


STEP_FORMS = {
    NEW: ("assign", AssignForm),
    ASSIGNED: ("accept", AcceptForm),
    ACCEPTED: ("close", CloseForm),
}
STEP_BUTTONS = {"assign": "派单", "accept": "已接单", "close": "办结"}


class DetailView(WagtailAdminTemplateMixin, TemplateView):
    page_title = PAGE_TITLE
    header_icon = "mail"
    template_name = "participation/admin/detail.html"

    def dispatch(self, request, submission_id):
        self.submission = scoped_submission(request, submission_id)
        return super().dispatch(request, submission_id)

    def get_page_subtitle(self):
        return str(self.submission)

    def step_form(self, data=None):
        if self.submission.state not in STEP_FORMS:
            return None, None
        step, form_class = STEP_FORMS[self.submission.state]
        options = {"submission": self.submission} if step == "assign" else {}
        return step, form_class(data, **options)

    def board_form(self, data=None):
        if self.submission.kind != "wish" or self.submission.state not in (NEW, ASSIGNED):
            return None
        return BoardForm(
            data,
            initial={
                "on_board": self.submission.on_board,
                "board_text": self.submission.board_text or self.submission.text[:200],
            },
        )

    def get_context_data(self, **kwargs):
        step, form = kwargs.pop("step_form", None) or self.step_form()
        submission = self.submission
        return super().get_context_data(
            submission=submission,
            step=step,
            step_button=STEP_BUTTONS.get(step),
            step_form=form,
            note_form=kwargs.pop("note_form", None) or NoteForm(),
            board_form=kwargs.pop("board_form", None) or self.board_form(),
            notes=submission.notes.select_related("author"),
            photos=submission.photos.all(),
            history=log_registry.get_logs_for_instance(submission).select_related("user"),
            **kwargs,
        )

    def post(self, request, submission_id):
        action = request.POST.get("action")
        submission = self.submission
        if action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(note_form=form), status=400)
            Note.objects.create(
                submission=submission,
                author=request.user,
                text=form.cleaned_data["text"],
                state=submission.state,
            )
            record(submission, "note", request.user)
            messages.success(request, "备注已保存。")
        elif action == "board":
            form = self.board_form(request.POST)
            if form is None:
                return self.refuse("只有待派单或已派单的微心愿可以放到心愿墙上。")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(board_form=form), status=400)
            set_board(
                submission,
                request.user,
                form.cleaned_data["on_board"],
                form.cleaned_data["board_text"].strip(),
            )
            messages.success(request, "心愿墙已更新。")
        elif action in STEP_BUTTONS:
            step, form = self.step_form(request.POST)
            if step != action:
                return self.refuse(
                    f"这件来件现在是“{submission.state_label}”，不能{STEP_BUTTONS[action]}。"
                )
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(step_form=(step, form)), status=400
                )
            data = form.cleaned_data
            try:
                advance(
                    submission,
                    step,
                    request.user,
                    team=data.get("team"),
                    person=data.get("person", "").strip(),
                    reply=data.get("reply", ""),
                    note=data.get("note", ""),
                )
            except StepRefused as error:
                return self.refuse(str(error))
            messages.success(request, f"已{STEP_BUTTONS[step]}：现在是“{submission.state_label}”。")
        else:
            return self.refuse("未知的操作。")
        return redirect("participation_admin:detail", submission.pk)

    def refuse(self, message):
        messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(), status=409)


def photo(request, submission_id, photo_id):
    """A resident's photo, to an editor whose scope holds the submission; never cached."""
    submission = scoped_submission(request, submission_id)
    item = get_object_or_404(submission.photos, pk=photo_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


class MailPreferenceForm(forms.ModelForm):
    class Meta:
        model = MailPreference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}


def mail_preference(request):
    if not has_scope(request.user):
        raise Http404
    preference = MailPreference.objects.filter(user=request.user).first() or MailPreference(
        user=request.user
    )
    form = MailPreferenceForm(request.POST or None, instance=preference)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "邮件提醒已保存。")
            return redirect("participation_admin:mail")
        status = 400
    return TemplateResponse(
        request,
        "participation/admin/mail.html",
        {
            "page_title": "来件邮件提醒",
            "header_icon": "mail",
            "form": form,
            "has_email": bool(request.user.email),
        },
        status=status,
    )

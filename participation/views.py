"""The residents' side: the forms, the receipt and status page (with the one rating), the wish
board and the page that lists them all.

Form and status pages are never stored in the shared page cache (never_cache: a form carries
the visitor's CSRF token, a status page one resident's receipt code); the board and the index
hold nothing personal and are cached like any page.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from communities.models import CommunityPage, community_path
from core import localization
from participation import photos
from participation.forms import FORMS, new_form_token
from participation.models import (
    CLOSED,
    RATINGS,
    Submission,
    SubmissionPhoto,
    settings_for,
    storage_stations,
)
from participation.workflow import StepRefused, notify_new, rate, record

# Three photos at their limit and the text: anything larger is refused before it is read.
MAX_REQUEST_BYTES = photos.MAX_PHOTOS * photos.MAX_BYTES + 1024 * 1024

TITLES = {
    "wish": gettext_lazy("提交微心愿"),
    "report": gettext_lazy("随手拍：报告身边的问题"),
    "storage": gettext_lazy("雪具寄存预登记"),
    "correction": gettext_lazy("这页信息有误"),
    "feedback": gettext_lazy("这页有用吗"),
}
INTROS = {
    "wish": gettext_lazy(
        "生活里有一件自己办不成的小事？写下来，社区党支部派给党员或志愿者帮您实现。"
    ),
    "report": gettext_lazy(
        "看到井盖破损、路灯不亮、楼道堆物等隐患，用文字说清在哪里，可以附照片。社区派人处理后会在回执页答复。"
    ),
    "storage": gettext_lazy(
        "提前登记要寄存的雪具，到服务站时工作人员核对身份证后开寄存单。寄存免费。"
    ),
    "correction": gettext_lazy(
        "发现页面上的电话、地址、时间或办事要求不对？告诉我们，编辑核实后修改。"
    ),
    "feedback": gettext_lazy("您的回答帮助编辑把说明写得更清楚。"),
}


def page_context(request, title, **context):
    return {
        "seo_title": title,
        "extra_crumb": title,
        "page_title": title,
        # Dates as each language writes them (the Kazakh catalog gives its own format).
        "date_format": gettext("Y年n月j日 H:i"),
        "day_format": gettext("Y年n月j日"),
        **context,
    }


def title_in_language(page):
    """A page's title in the active language: its live translation's, else its own."""
    if page is None or localization.is_default():
        return page.title if page is not None else ""
    translated = localization.translation_of(page, localization.current_language())
    return (translated or page).title


def index(request):
    return TemplateResponse(
        request,
        "participation/index.html",
        page_context(request, gettext("居民参与"), stations=storage_stations(request)),
    )


def _form_for(kind, request, data=None, files=None, initial=None):
    options = {"retention_days": settings_for(request).retention_days}
    if kind == "storage":
        options["stations"] = storage_stations(request)
    return FORMS[kind](data, files, initial=initial, **options)


def _about_page(request, form_class):
    """The page a 纠错 or 这页有用吗 form is about (?page=), or 404."""
    if form_class.kind not in ("correction", "feedback"):
        return None
    value = request.GET.get("page", "")
    if not value.isdigit() or len(value) > 18:
        raise Http404(gettext("没有指定页面"))
    page_id = int(value)
    return get_object_or_404(form_class(retention_days=0).fields["page"].queryset, pk=page_id)


def _initial(request, kind, about):
    initial = {"form_token": new_form_token()}
    if about is not None:
        initial["page"] = about.pk
    if kind == "feedback" and request.GET.get("useful") in ("yes", "no"):
        initial["useful"] = request.GET["useful"]
    community = request.GET.get("community", "")
    if community.isdigit() and len(community) <= 18:
        initial["community"] = int(community)
    return initial


def _render_form(request, kind, form, about, status=200):
    # The specific page links in the active language (/kk/… on a Kazakh form).
    about = about.specific if about is not None else None
    context = page_context(
        request,
        str(TITLES[kind]),
        form=form,
        kind=kind,
        intro=INTROS[kind],
        about=about,
        about_title=title_in_language(about),
        no_stations=kind == "storage" and not form.fields["community"].queryset.exists(),
    )
    response = TemplateResponse(request, "participation/form.html", context, status=status)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request, kind):
    form_class = FORMS[kind]
    if request.method != "POST":
        about = _about_page(request, form_class)
        form = _form_for(kind, request, initial=_initial(request, kind, about))
        return _render_form(request, kind, form, about)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return TemplateResponse(
            request,
            "participation/refused.html",
            page_context(
                request,
                gettext("内容太大"),
                message=gettext(
                    "提交的内容太大：照片每张不能超过 %(megabytes)s MB，最多 %(count)s 张。"
                    "请返回换小一点的照片再提交。"
                )
                % {"megabytes": photos.MAX_BYTES // 1024 // 1024, "count": photos.MAX_PHOTOS},
            ),
            status=413,
        )
    form = _form_for(kind, request, request.POST, request.FILES)
    if not form.is_valid():
        about = form.cleaned_data.get("page") if hasattr(form, "cleaned_data") else None
        return _render_form(request, kind, form, about, status=409 if form.is_replay() else 400)
    try:
        submission = _save(form)
    except IntegrityError:  # the same token sent twice at the same moment
        form.add_error("form_token", gettext("这份表单已经提交过了，不会重复登记。"))
        return _render_form(request, kind, form, None, status=409)
    transaction.on_commit(lambda: notify_new(submission))
    return redirect(reverse("participation:status", args=[submission.receipt_code]) + "?received=1")


@transaction.atomic
def _save(form):
    submission = form.save(commit=False)
    if submission.page_id:
        path = community_path(submission.page)
        submission.community = CommunityPage.objects.filter(path=path).first() if path else None
    submission.save()
    for upload in form.cleaned_data.get("photos") or []:
        content, width, height = photos.clean_copy(upload)
        SubmissionPhoto.objects.create(
            submission=submission, file=content, width=width, height=height
        )
    record(submission, "receive", None, kind=submission.kind)
    return submission


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("您对办理结果满意吗"),
        # The labels are the model's (Chinese, as the inbox shows them), translated on display.
        choices=[(value, gettext_lazy(label)) for value, label in RATINGS],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择一项评价。"),
            "invalid_choice": gettext_lazy("请从五项评价里选择一项。"),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def status_lookup(request):
    code = request.GET.get("code", "").strip().upper()[:20]
    if code:
        if Submission.objects.filter(receipt_code=code).exists():
            return redirect("participation:status", code)
        return TemplateResponse(
            request,
            "participation/status_lookup.html",
            page_context(request, gettext("查询办理进度"), code=code, not_found=True),
            status=404,
        )
    return TemplateResponse(
        request, "participation/status_lookup.html", page_context(request, gettext("查询办理进度"))
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request, code):
    submission = get_object_or_404(
        Submission.objects.select_related("community"), receipt_code=code
    )
    form, status_code = RatingForm(), 200
    if request.method == "POST":
        form = RatingForm(request.POST)
        if submission.state != CLOSED:
            form, status_code = None, 409
        elif form.is_valid():
            try:
                rate(submission, form.cleaned_data["rating"])
            except StepRefused:
                status_code = 409
            else:
                return redirect(reverse("participation:status", args=[code]) + "?rated=1")
        else:
            status_code = 400
    return TemplateResponse(
        request,
        "participation/status.html",
        page_context(
            request,
            gettext("办理进度"),
            submission=submission,
            community_title=title_in_language(submission.community),
            form=form if submission.state == CLOSED else None,
            received="received" in request.GET,
            rated="rated" in request.GET,
            refused=status_code == 409,
            timeline=timeline(submission),
        ),
        status=status_code,
    )


def timeline(submission):
    """The steps and when each was reached: nothing personal, only times."""
    return [
        (gettext("已提交"), submission.created_at),
        (gettext("已派单"), submission.assigned_at),
        (gettext("已接单"), submission.accepted_at),
        (gettext("已办结"), submission.closed_at),
        (gettext("已评价"), submission.rated_at),
    ]


def wish_board(request):
    wishes = (
        Submission.objects.on_board()
        .filter(community__live=True)
        .select_related("community")
        .order_by("-created_at")[:100]
    )
    return TemplateResponse(
        request,
        "participation/wish_board.html",
        page_context(request, gettext("心愿墙"), wishes=wishes),
    )

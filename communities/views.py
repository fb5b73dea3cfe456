"""Admin views for urgent notices (communities.urgent): choose a community, fill in the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from communities.models import CommunityPage
from communities.urgent import (
    UrgentNoticeForm,
    may_publish_urgent_notice,
    notify_reviewers,
    publish_urgent_notice,
    urgent_notice_communities,
)

PAGE_TITLE = "发布紧急通知"


def refused(request, community=None):
    """403 with the reason, in the admin's frame (Wagtail turns a raised PermissionDenied into a
    redirect to the dashboard, which hides from a script or a test that it was refused)."""
    return TemplateResponse(
        request,
        "communities/admin/urgent_notice_refused.html",
        {"page_title": PAGE_TITLE, "header_icon": "warning", "community": community},
        status=403,
    )


class UrgentNoticeCommunitiesView(WagtailAdminTemplateMixin, TemplateView):
    """/admin/urgent-notice/: the communities the user may publish an urgent notice in; straight
    to the form when there is only one."""

    page_title = PAGE_TITLE
    header_icon = "warning"
    template_name = "communities/admin/urgent_notice_communities.html"

    def get(self, request, *args, **kwargs):
        self.communities = urgent_notice_communities(request.user)
        if not self.communities:
            return refused(request)
        if len(self.communities) == 1:
            return redirect("urgent_notice", self.communities[0].pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(communities=self.communities, **kwargs)


class UrgentNoticeView(WagtailAdminTemplateMixin, FormView):
    """/admin/urgent-notice/<community id>/: the urgent notice form; published at once on submit."""

    page_title = PAGE_TITLE
    header_icon = "warning"
    template_name = "communities/admin/urgent_notice_form.html"
    form_class = UrgentNoticeForm

    def dispatch(self, request, community_id):
        self.community = get_object_or_404(CommunityPage, pk=community_id)
        if not self.community.live:
            raise Http404
        if not may_publish_urgent_notice(request.user, self.community):
            return refused(request, self.community)
        return super().dispatch(request, community_id)

    def get_page_subtitle(self):
        return self.community.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "community": self.community}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            community=self.community,
            action_url=reverse("urgent_notice", args=[self.community.pk]),
            submit_button_label="立即发布",
            submit_button_active_label="正在发布…",
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        try:
            notice = publish_urgent_notice(form, self.request.user)
        except ValidationError as error:
            # Only what the tree adds (the form checked the rest): shown on the form, not a 500.
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        sent = notify_reviewers(notice, self.community, self.request.user)
        messages.success(self.request, f"紧急通知“{notice.title}”已发布，居民现在就能看到。")
        if sent:
            messages.info(self.request, f"已发邮件提醒{sent}位街道审核人，他们可以撤下这条通知。")
        elif sent is None:
            messages.warning(
                self.request, "提醒邮件没有发出去，请打电话告诉街道审核人这条紧急通知。"
            )
        else:
            messages.warning(
                self.request,
                "街道审核人都没有登记邮箱，没有人收到邮件提醒，请打电话告诉他们这条紧急通知。",
            )
        return redirect("wagtailadmin_explore", self.community.pk)

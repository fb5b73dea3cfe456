"""Admin wiring for the base layer: the content-check report under 报告 (Reports)."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.forms import sibling_drafts_of
from core.views import ContentCheckReportView


@hooks.register("register_admin_urls")
def content_check_urls():
    return [
        path(
            "reports/content-check/",
            ContentCheckReportView.as_view(),
            name="content_check_report",
        ),
        path(
            "reports/content-check/results/",
            ContentCheckReportView.as_view(results_only=True),
            name="content_check_report_results",
        ),
    ]


class ContentCheckMenuItem(MenuItem):
    # Everyone in the admin: the report lists only what the editor may fix.
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def content_check_menu_item():
    return ContentCheckMenuItem(
        "内容检查",
        reverse("content_check_report"),
        name="content-check",
        icon_name="warning",
        order=650,
    )


@hooks.register("after_create_page")
def point_to_an_abandoned_draft(request, page):
    """A page created beside an unpublished one of the same title (an earlier attempt that autosave
    kept): say where that draft is, so the editor can open it or delete it."""
    drafts = list(sibling_drafts_of(page)[:3])
    for draft in drafts:
        messages.info(
            request,
            format_html(
                "同一栏目下还有一篇同名草稿《{}》（网址名 {}），可能是之前没写完的那次：可以"
                '<a href="{}">打开它</a>，不需要的话把它删除。',
                draft.title,
                draft.slug,
                reverse("wagtailadmin_pages:edit", args=[draft.pk]),
            ),
        )

"""Admin wiring for the base layer: the content-check report under 报告 (Reports)."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

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

"""The admin report 报告 → 内容检查: the content checks' findings (core.content_checks) that the
signed-in editor may fix, each with a link to where to fix it."""

import datetime

from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.reports import ReportView

from core import content_checks


class FixLinkColumn(Column):
    """ "去修改", named for its record so a screen reader's list of links says which is which."""

    cell_template_name = "core/admin/fix_link_cell.html"


class ContentCheckReportView(ReportView):
    page_title = "内容检查"
    header_icon = "warning"
    index_url_name = "content_check_report"
    index_results_url_name = "content_check_report_results"
    paginate_by = 100
    no_results_message = "没有发现问题：您可以编辑的内容都通过了检查。"
    columns = [
        StatusTagColumn("severity_label", label="级别", primary=lambda finding: finding.is_error),
        Column("record", label="记录"),
        Column("field", label="字段"),
        Column("message", label="问题"),
        FixLinkColumn("fix_url", label="修改"),
    ]
    list_export = ["severity_label", "record", "field", "message", "fix_url"]
    export_headings = {
        "severity_label": "级别",
        "record": "记录",
        "field": "字段",
        "message": "问题",
        "fix_url": "修改地址",
    }

    def get_queryset(self):
        return content_checks.visible_to(self.request.user, content_checks.run_rules())

    def get_filename(self):
        return f"内容检查-{datetime.date.today():%Y-%m-%d}"

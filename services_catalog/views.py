"""Open-data downloads of the catalogue and the guides as CSV (UTF-8 with BOM for spreadsheets)."""

import csv

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from services_catalog.importing import SERVICE_COLUMNS, service_row
from services_catalog.models import GuidePage, ServicePage

GUIDE_COLUMNS = [
    ("code", "目录编号"),
    ("item_code", "事项编码"),
    ("title", "事项名称"),
    ("theme", "主题"),
    ("item_type", "事项类型"),
    ("authority", "实施主体"),
    ("audience", "服务对象"),
    ("materials", "申请材料"),
    ("legal_time_limit", "法定办结时限"),
    ("promised_time_limit", "承诺办结时限"),
    ("fee", "收费"),
    ("location", "办理地点"),
    ("hours", "办理时间"),
    ("phone", "咨询电话"),
    ("complaint_phone", "监督投诉电话"),
    ("visits", "到现场次数"),
    ("online_url", "网上办理地址"),
    ("proxy", "社区可帮代办"),
    ("last_checked", "最近核对日期"),
    ("url", "网址"),
]


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read the file as UTF-8
    return response


@require_GET
def services_csv(request):
    response = _csv_response("xuedu-services.csv")
    writer = csv.DictWriter(response, fieldnames=[*SERVICE_COLUMNS, "url"], lineterminator="\n")
    writer.writeheader()
    pages = (
        ServicePage.objects.live()
        .public()
        .select_related("category")
        .prefetch_related("audiences", "tags")
        .order_by("code")
    )
    for page in pages:
        writer.writerow({**service_row(page), "url": page.get_full_url(request)})
    return response


@require_GET
def guides_csv(request):
    response = _csv_response("xuedu-guides.csv")
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([label for _key, label in GUIDE_COLUMNS])
    for page in GuidePage.objects.live().public().order_by("code"):
        row = {
            **{key: getattr(page, key, "") for key, _label in GUIDE_COLUMNS},
            "materials": "；".join(block.value["name"] for block in page.materials),
            "fee": "不收费" if page.is_free else page.fee_standard,
            "proxy": "是" if page.proxy else "否",
            "last_checked": page.last_checked.isoformat(),
            "url": page.get_full_url(request),
        }
        writer.writerow([row[key] for key, _label in GUIDE_COLUMNS])
    return response

"""Open data: the catalogue and the guides as CSV (UTF-8 with BOM for spreadsheets), and the
catalogue as Open Referral HSDS 3.0 JSON (services_catalog.hsds)."""

import csv

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from core import seo
from core.downloads import csv_response, spreadsheet_safe
from core.localization import in_default_language
from pagecache.generation import remember
from services_catalog import hsds
from services_catalog.data_fields import open_data_columns
from services_catalog.importing import SERVICE_COLUMNS, service_row
from services_catalog.models import GuidePage, ServicePage

# As declared on the models: the guides' open-data fields and their address; the services' import
# format, then their address and where and when each is offered.
GUIDE_COLUMNS = open_data_columns(GuidePage)
SERVICE_EXTRA_COLUMNS = open_data_columns(ServicePage)


@require_GET
def services_csv(request):
    response = csv_response("xuedu-services.csv")
    extra = {column.heading: column.cell for column in SERVICE_EXTRA_COLUMNS}
    writer = csv.DictWriter(response, fieldnames=[*SERVICE_COLUMNS, *extra], lineterminator="\n")
    writer.writeheader()
    pages = (
        in_default_language(ServicePage.objects.live())
        .public()
        .select_related("category")
        .prefetch_related("audiences", "tags")
        .order_by("code")
    )
    for page in pages:
        row = {**service_row(page), **{heading: cell(page) for heading, cell in extra.items()}}
        writer.writerow({name: spreadsheet_safe(cell) for name, cell in row.items()})
    return response


@require_GET
def guides_csv(request):
    response = csv_response("xuedu-guides.csv")
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([column.heading for column in GUIDE_COLUMNS])
    pages = (
        in_default_language(GuidePage.objects.live().public())
        .select_related("authority")
        .order_by("code")
    )
    for page in pages:
        writer.writerow([spreadsheet_safe(column.cell(page)) for column in GUIDE_COLUMNS])
    return response


def _hsds_data(request):
    """The HSDS export, kept until the next content change (JSON is not in the page cache)."""
    return remember(f"open-data:hsds:{seo.site_for(request).pk}", lambda: hsds.collections(request))


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def hsds_json(request):
    """The whole catalogue as HSDS 3.0 collections (organization, service, location, …)."""
    response = _json(_hsds_data(request))
    response["Content-Disposition"] = 'inline; filename="xuedu-hsds.json"'
    return response


@require_GET
def hsds_api_root(request):
    """HSDS API `/`: the version and the specification this API follows."""
    return _json(hsds.api_root())


def _positive(request, name, default, maximum=None):
    value = request.GET.get(name, "")
    if value == "":
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ValueError(name)
    return min(int(value), maximum) if maximum else int(value)


@require_GET
def hsds_services(request):
    """HSDS API `/services`: a `Page` of services (`page`, `per_page` up to 200)."""
    try:
        page = _positive(request, "page", 1)
        per_page = _positive(request, "per_page", hsds.PER_PAGE, hsds.MAX_PER_PAGE)
    except ValueError as error:
        return _json({"message": f"{error} 应为正整数"}, status=400)
    result = hsds.service_page(_hsds_data(request), page, per_page)
    if result is None:
        raise Http404("没有这一页")
    return _json(result)


@require_GET
def hsds_service(request, service_id):
    """HSDS API `/services/{id}`: one service with everything about it nested."""
    service = hsds.full_service(_hsds_data(request), str(service_id))
    if service is None:
        raise Http404("没有这项服务")
    return _json(service)

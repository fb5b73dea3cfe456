"""Open-data downloads of the catalogue and the guides as CSV (UTF-8 with BOM for spreadsheets)."""

import csv

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from services_catalog.data_fields import open_data_columns
from services_catalog.importing import SERVICE_COLUMNS, service_row
from services_catalog.models import GuidePage, ServicePage

# (heading, cell) as declared on the model (GuidePage.data_fields), then the page's address.
GUIDE_COLUMNS = open_data_columns(GuidePage)

# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    """A downloaded cell a spreadsheet shows as text: a leading quote before a formula start, and
    carriage returns as line breaks inside the (then quoted) cell, since a bare CR would start a
    new spreadsheet row whose first cell could be a formula. Only the downloads: the import
    format (export_services) keeps cells exactly as written."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


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
        row = {**service_row(page), "url": page.get_full_url(request)}
        writer.writerow({name: _spreadsheet_safe(cell) for name, cell in row.items()})
    return response


@require_GET
def guides_csv(request):
    response = _csv_response("xuedu-guides.csv")
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([*(heading for heading, _cell in GUIDE_COLUMNS), "网址"])
    for page in GuidePage.objects.live().public().order_by("code"):
        row = [*(cell(page) for _heading, cell in GUIDE_COLUMNS), page.get_full_url(request)]
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return response

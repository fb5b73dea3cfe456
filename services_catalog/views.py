"""Open-data downloads of the catalogue and the guides as CSV (UTF-8 with BOM for spreadsheets)."""

import csv

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from services_catalog.data_fields import open_data_columns
from services_catalog.importing import SERVICE_COLUMNS, service_row
from services_catalog.models import GuidePage, ServicePage

# (heading, cell) as declared on the model (GuidePage.data_fields), then the page's address.
GUIDE_COLUMNS = open_data_columns(GuidePage)


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
    writer.writerow([*(heading for heading, _cell in GUIDE_COLUMNS), "网址"])
    for page in GuidePage.objects.live().public().order_by("code"):
        writer.writerow(
            [*(cell(page) for _heading, cell in GUIDE_COLUMNS), page.get_full_url(request)]
        )
    return response

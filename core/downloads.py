"""CSV downloads people open in a spreadsheet: one response shape and one rule against formulas."""

from django.http import HttpResponse

# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A downloaded cell a spreadsheet shows as text: a leading quote before a formula start, and
    carriage returns as line breaks inside the (then quoted) cell, since a bare CR would start a
    new spreadsheet row whose first cell could be a formula. Only downloads: an import format
    (export_services) keeps cells exactly as written."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def csv_response(filename):
    """An attachment response with a byte-order mark: spreadsheet programs then read UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response

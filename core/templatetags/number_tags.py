"""Numbers as residents read them: no trailing ".0" on a decimal field's whole numbers."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    """{{ page.hours_served|plain_number }}: Decimal("48.0") → "48", Decimal("2.50") → "2.5".
    Anything that is not a number is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return format(number.normalize(), "f")

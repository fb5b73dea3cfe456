"""Phone numbers in templates: tel: links in the international form (see core.phones)."""

import re

from django import template
from django.utils.html import format_html, format_html_join

from core import phones

register = template.Library()


@register.filter
def tel_href(number):
    """The tel: URI of one number: {{ facts.hotline|tel_href }} → "tel:12345".

    A number core.phones does not recognise (a hotline typed with spaces, say) still gets a link
    of its digits, as the pages had before, rather than breaking the page it is on."""
    number = str(number or "")
    try:
        return phones.tel_uri(number)
    except ValueError:
        digits = re.sub(r"[^\d+\-]", "", number)
        return f"tel:{digits}" if re.search(r"\d", digits) else ""


@register.simple_tag
def phone_links(value):
    """Each number of a field such as "0906-2123265、12345" as a tel: link, joined by "、":
    {% phone_links page.phone %}."""
    return format_html_join(
        phones.LIST_SEPARATOR,
        "{}",
        ((_link(number),) for number in phones.phone_list(str(value or ""))),
    )


def _link(number):
    href = tel_href(number)
    return format_html('<a href="{}">{}</a>', href, number) if href else number

"""Phone numbers in templates: tel: links in the international form (see core.phones)."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core import phones
from core.validators import LANDLINE_PATTERN

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


# A number inside running text: a landline with its area code, a mobile, or a 123xx government
# hotline. Three-digit (110, 120) and 95xxx numbers are left alone: in prose they are as often an
# amount ("120 人"). Not part of a longer run of digits, a word, a date or an entity ("&#12345;").
TEXT_PHONE = re.compile(
    rf"(?<![0-9A-Za-z#&+\-./:])({LANDLINE_PATTERN}|1[3-9]\d{{9}}|123\d{{2}})(?![0-9A-Za-z\-])"
)
# Tags and text of an HTML fragment; text inside <a> … </a> is already a link.
HTML_PARTS = re.compile(r"(<[^>]*>)")
LINK_TAG = re.compile(r"<(/?)a[\s>]", re.IGNORECASE)


@register.filter
def tel_links(value):
    """Phone numbers in a paragraph as tap-to-call links: {{ block.value|tel_links }} for rich
    text (already safe HTML), {{ page.body|linebreaksbr|tel_links }} or {{ text|tel_links }} for
    plain text, which is escaped first. Only text outside tags and outside links changes; the
    links are built from the matched digits alone."""
    html = value.__html__() if hasattr(value, "__html__") else conditional_escape(str(value or ""))
    parts, in_link = [], 0
    for part in HTML_PARTS.split(str(html)):
        if part.startswith("<"):
            link = LINK_TAG.match(part)
            if link:
                in_link = max(in_link + (-1 if link.group(1) else 1), 0)
            parts.append(part)
        elif in_link or not part:
            parts.append(part)
        else:
            parts.append(TEXT_PHONE.sub(_text_link, part))
    # Safe: each text part was escaped (or came safe), and the links hold only matched digits.
    return mark_safe("".join(parts))


def _text_link(match):
    number = match.group(1)
    try:
        href = phones.tel_uri(number)
    except ValueError:
        return number
    return format_html('<a href="{}">{}</a>', href, number)

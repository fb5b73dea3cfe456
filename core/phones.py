"""Phone numbers as editors write them (0906-2123265, 13812345678, 12345) and the international
form tel: links and structured data need (+86-906-2123265). The formats are core.validators'."""

import re

from core.validators import LANDLINE_PATTERN, MOBILE_PATTERN, SHORT_NUMBER_PATTERN

COUNTRY_CODE = "+86"
LIST_SEPARATOR = "、"  # how the site's fields separate several numbers


def international(number):
    """The E.123 international form with RFC 3966's visual separators: "0906-2123265" →
    "+86-906-2123265" (the trunk 0 goes), "13812345678" → "+86-13812345678". Short service
    numbers (12345, 110, 95xxx) are dialled as they are from any phone in China and stay as they
    are. Anything else raises ValueError."""
    number = number.strip()
    if re.fullmatch(SHORT_NUMBER_PATTERN, number):
        return number
    if re.fullmatch(LANDLINE_PATTERN, number):
        return f"{COUNTRY_CODE}-{number[1:]}"
    if re.fullmatch(MOBILE_PATTERN, number):
        return f"{COUNTRY_CODE}-{number}"
    raise ValueError(f"无法识别的电话号码：{number!r}")


def tel_uri(number):
    """The tel: URI of one number: "tel:+86-906-2123265", "tel:12345"."""
    return f"tel:{international(number)}"


def phone_list(value):
    """The numbers in a field that may hold several ("0906-2123265、12345"), stripped."""
    return [number.strip() for number in value.split(LIST_SEPARATOR) if number.strip()]

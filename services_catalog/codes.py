"""Codes a guide carries: the unified social credit code (统一社会信用代码, GB 32100-2015) of its
authority and the item code (事项编码) built on it.

An item code is the authority's 18-character credit code, then the item type (2 digits), the main
item (5), the sub-item (3) and the business item (3): 31 characters in all.
"""

import re

from django.core.exceptions import ValidationError

# GB 32100-2015: 31 characters (no I, O, S, V, Z) and the weights of positions 1–17.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_PATTERN = re.compile(rf"^[{CREDIT_CHARSET}]{{18}}$")
# GB 11714-1997 organisation code inside it (positions 9–17): 8 characters and a check character.
ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ITEM_CODE_PATTERN = re.compile(
    r"^(?P<credit>[0-9A-Z]{18})(?P<type>\d{2})(?P<item>\d{5})(?P<sub>\d{3})(?P<business>\d{3})$"
)
# The item type digits of the national catalogue.
ITEM_TYPE_CODES = {
    "行政许可": "01",
    "行政给付": "05",
    "行政确认": "07",
    "其他": "10",
    "公共服务": "20",
}


def credit_check_character(first17):
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def organisation_check_character(first8):
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(first8, ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_problem(code):
    """Why `code` is not a valid unified social credit code, or ""."""
    if not CREDIT_PATTERN.match(code or ""):
        return "应为18位，由数字和大写字母组成（不含 I、O、S、V、Z）"
    organisation = code[8:17]
    if not re.match(r"^[0-9A-Z]{8}[0-9X]$", organisation) or organisation[8] != (
        organisation_check_character(organisation[:8])
    ):
        return f"第9–17位的组织机构代码“{organisation}”校验位不对"
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        return f"第18位校验码应为“{expected}”，不是“{code[17]}”"
    return ""


def validate_credit_code(code):
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(f"统一社会信用代码{problem}。", code="credit_code")


def item_code_problem(code, credit_code=None, item_type=None):
    """Why `code` is not a valid item code (for this authority and item type, when given), or ""."""
    match = ITEM_CODE_PATTERN.match(code or "")
    if not match:
        return "应为31位：实施主体的18位统一社会信用代码，加2位事项类型、5位主项、3位子项和3位业务项编码"
    problem = credit_code_problem(match["credit"])
    if problem:
        return f"前18位不是有效的统一社会信用代码：{problem}"
    if credit_code and match["credit"] != credit_code:
        return f"前18位应为实施主体的统一社会信用代码“{credit_code}”"
    expected = ITEM_TYPE_CODES.get(item_type)
    if expected and match["type"] != expected:
        return f"第19–20位应为事项类型“{item_type}”的代码 {expected}，不是 {match['type']}"
    return ""


def validate_item_code(code):
    problem = item_code_problem(code)
    if problem:
        raise ValidationError(f"事项编码{problem}。", code="item_code")


def make_credit_code(first16_without_checks):
    """A valid credit code from 8 leading characters and an 8-character organisation body
    (16 characters): both check characters computed. For building sample data and tests."""
    head, body = first16_without_checks[:8], first16_without_checks[8:]
    organisation = body + organisation_check_character(body)
    first17 = head + organisation
    return first17 + credit_check_character(first17)

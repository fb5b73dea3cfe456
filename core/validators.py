"""Validators shared by several apps' fields, so a rule is written once."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator

# The parts of a phone number editors may enter; core.phones turns the same parts into +86 form.
LANDLINE_PATTERN = r"0\d{2,3}-\d{7,8}"  # area code with its trunk 0, a hyphen, the local number
MOBILE_PATTERN = r"1\d{10}"
HOTLINE_PATTERN = r"12345"
PHONE_PATTERN = rf"({LANDLINE_PATTERN}|{MOBILE_PATTERN}|{HOTLINE_PATTERN})"
PHONE_LIST_PATTERN = rf"^{PHONE_PATTERN}(、{PHONE_PATTERN})*$"
phone_list_validator = RegexValidator(
    PHONE_LIST_PATTERN, "电话格式应为 0906-2312345、手机号或 12345，多个号码用“、”分隔。"
)

# Short service numbers: 110, 119, 120, 122, the 123xx government hotlines (12345, 12315, 12333…)
# and the 95xxx national service numbers. core.phones accepts them; phone_list_validator does not
# yet, since widening it changes the field definitions (and so the migrations) of the apps using it.
SHORT_NUMBER_PATTERN = r"11[09]|12[02]|123\d{2}|95\d{3}"

# 公安机关备案号, e.g. "新公网安备 65430102000001号": the footer links its record code (the digits)
# to the public-security filing lookup, so the code must be there.
police_record_validator = RegexValidator(
    r"\d{10,}", "请填写完整的公安机关备案号，包括其中的数字编号，例如 新公网安备 65430102000001号。"
)
# 网站标识码: the 10 letters or digits a government website is given, e.g. 6543010001.
site_code_validator = RegexValidator(
    r"^[0-9A-Za-z]{10}$", "网站标识码是 10 位数字或字母，例如 6543010001。"
)


def correction_contact_validator(value):
    """An email address or one phone number that core.phones can dial: the footer's 纠错 link
    is a mailto: or tel: link."""
    value = value.strip()
    if "@" in value:
        EmailValidator("请填写正确的电子邮箱，例如 jiucuo@example.gov.cn。")(value)
    elif not re.fullmatch(rf"{LANDLINE_PATTERN}|{MOBILE_PATTERN}|{SHORT_NUMBER_PATTERN}", value):
        raise ValidationError(
            "请填写一个电子邮箱，或一个电话号码（0906-2312345、手机号或 12345）。"
        )

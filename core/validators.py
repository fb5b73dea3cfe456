"""Validators shared by several apps' fields, so a rule is written once."""

from django.core.validators import RegexValidator

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

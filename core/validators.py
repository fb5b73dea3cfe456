"""Validators shared by several apps' fields, so a rule is written once."""

from django.core.validators import RegexValidator

PHONE_PATTERN = r"(0\d{2,3}-\d{7,8}|1\d{10}|12345)"
PHONE_LIST_PATTERN = rf"^{PHONE_PATTERN}(、{PHONE_PATTERN})*$"
phone_list_validator = RegexValidator(
    PHONE_LIST_PATTERN, "电话格式应为 0906-2312345、手机号或 12345，多个号码用“、”分隔。"
)

"""Formatting filters: phone numbers in running text as tel: links (phone_tags.tel_links) and
numbers without a trailing ".0" (number_tags.plain_number)."""

from decimal import Decimal

import pytest

from django.utils.safestring import mark_safe

from core.templatetags.number_tags import plain_number
from core.templatetags.phone_tags import tel_links


def test_numbers_in_plain_text_become_tel_links_in_international_form():
    html = tel_links("咨询电话0906-2123607，手机13812345678，或拨打12345。")
    assert html == (
        '咨询电话<a href="tel:+86-906-2123607">0906-2123607</a>，'
        '手机<a href="tel:+86-13812345678">13812345678</a>，'
        '或拨打<a href="tel:12345">12345</a>。'
    )


def test_plain_text_is_escaped_before_any_link_is_added():
    html = tel_links('<script>alert(1)</script><a href="x">0906-2123607</a>')
    assert "<script>" not in html and '<a href="x">' not in html
    assert "&lt;script&gt;" in html
    assert '<a href="tel:+86-906-2123607">0906-2123607</a>' in html


def test_rich_text_keeps_its_markup_and_its_own_links():
    rich = mark_safe(
        '<p>电话 <b>0906-2123607</b>；<a href="tel:12345">12345</a>；'
        '<a href="/x/0906-2126093/">0906-2126093 的页面</a></p>'
    )
    html = tel_links(rich)
    assert '<b><a href="tel:+86-906-2123607">0906-2123607</a></b>' in html
    assert html.count("tel:12345") == 1  # the existing link, not a link inside it
    assert '<a href="/x/0906-2126093/">0906-2126093 的页面</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "服务群众120人次，累计124小时",
        "投入资金95000元",
        "身份证号65430119900101123X",
        "&#12345;",
        "2026-12345678",
        "编号FW-0906-2123607",
    ],
)
def test_amounts_codes_and_entities_stay_text(text):
    assert "<a " not in tel_links(mark_safe(text))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("48.0"), "48"),
        (Decimal("2.5"), "2.5"),
        (Decimal("2.50"), "2.5"),
        (Decimal("100"), "100"),
        (Decimal("0.0"), "0"),
        (10, "10"),
        (None, ""),
        ("约两小时", "约两小时"),
    ],
)
def test_plain_number_drops_only_trailing_zeros(value, shown):
    assert plain_number(value) == shown

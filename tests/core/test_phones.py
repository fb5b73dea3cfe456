"""Phone numbers in +86 form (core.phones) and their template tags (core/templatetags/phone_tags.py)."""

import pytest

from django.core.exceptions import ValidationError
from django.template import Context, Template

from core.phones import international, phone_list, tel_uri
from core.validators import phone_list_validator


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("0906-2123265", "+86-906-2123265"),  # four-digit area code, seven digits
        ("0991-12345678", "+86-991-12345678"),  # eight digits
        ("010-12345678", "+86-10-12345678"),  # three-digit area code
        ("13812345678", "+86-13812345678"),
        (" 0906-2123265 ", "+86-906-2123265"),
    ],
)
def test_landlines_and_mobiles_lose_the_trunk_zero_and_gain_the_country_code(number, expected):
    assert international(number) == expected
    assert tel_uri(number) == f"tel:{expected}"


@pytest.mark.parametrize("number", ["12345", "110", "119", "120", "122", "12315", "12333", "95598"])
def test_short_service_numbers_stay_as_they_are(number):
    assert international(number) == number
    assert tel_uri(number) == f"tel:{number}"


@pytest.mark.parametrize(
    "number",
    [
        "",
        "电话",
        "0906 2123265",  # a space, not the hyphen
        "09062123265",  # no hyphen
        "906-2123265",  # no trunk 0
        "0906-212326",  # six digits
        "0906-212326512",  # nine digits
        "+86-906-2123265",  # already international
        "1381234567",  # ten digits
        "138123456789",  # twelve digits
        "23812345678",  # not a mobile prefix
        "114",
        "9559",
        "955988",
        "12345、110",  # a list, not a number
    ],
)
def test_anything_else_is_refused(number):
    with pytest.raises(ValueError, match="无法识别的电话号码"):
        international(number)
    with pytest.raises(ValueError):
        tel_uri(number)


@pytest.mark.parametrize(
    "value", ["0906-2123265", "13812345678", "12345", "0906-2123265、13812345678、12345"]
)
def test_every_number_the_fields_accept_has_an_international_form(value):
    phone_list_validator(value)  # accepted by the fields' validator…
    assert all(international(number) for number in phone_list(value))  # …and converted


def test_short_numbers_beyond_12345_are_converted_but_not_yet_accepted_by_the_fields():
    assert international("12315") == "12315"
    with pytest.raises(ValidationError):
        phone_list_validator("12315")


def test_phone_list_splits_on_the_list_separator_and_strips():
    assert phone_list("0906-2123265、 13812345678 、12345") == [
        "0906-2123265",
        "13812345678",
        "12345",
    ]
    assert phone_list("12345") == ["12345"]
    assert phone_list("") == []
    assert phone_list("12345、") == ["12345"]


def render(source, **context):
    return Template("{% load phone_tags %}" + source).render(Context(context))


def test_tel_href_filter():
    assert render("{{ number|tel_href }}", number="0906-2123265") == "tel:+86-906-2123265"
    assert render("{{ number|tel_href }}", number="12345") == "tel:12345"


def test_tel_href_of_an_unrecognised_number_still_dials_its_digits():
    assert render("{{ number|tel_href }}", number="0906 2123265") == "tel:09062123265"
    assert render("{{ number|tel_href }}", number="电话") == ""
    assert render("{{ number|tel_href }}", number=None) == ""


def test_phone_links_links_each_number_and_joins_them_with_the_list_separator():
    html = render("{% phone_links phone %}", phone="0906-2123265、13812345678、12345")
    assert html == (
        '<a href="tel:+86-906-2123265">0906-2123265</a>、'
        '<a href="tel:+86-13812345678">13812345678</a>、'
        '<a href="tel:12345">12345</a>'
    )


def test_phone_links_escapes_and_does_not_link_what_has_no_digits():
    assert render("{% phone_links phone %}", phone="<b>电话</b>") == "&lt;b&gt;电话&lt;/b&gt;"
    assert render("{% phone_links phone %}", phone="") == ""
    assert render("{% phone_links phone %}", phone="12345") == '<a href="tel:12345">12345</a>'

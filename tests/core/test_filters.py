"""Listing filters (core/filters.py): a bad value is a 404 naming the filter, never a 500."""

import pytest

from django import forms
from django.http import Http404
from django.test import RequestFactory

from core.filters import SlugChoiceField, bind_filters
from news.models import NewsIndexPage
from services_catalog.models import ServiceCategory
from tests.factories import ServiceCategoryFactory

pytestmark = pytest.mark.django_db


class CategoryFilterForm(forms.Form):
    category = SlugChoiceField(ServiceCategory.objects.all(), label="类别")
    free = forms.BooleanField(label="免费", required=False)


def bind(**params):
    return bind_filters(CategoryFilterForm, RequestFactory().get("/", params))


def test_no_or_empty_filters_mean_no_filter():
    assert bind() == {"category": None, "free": False}
    assert bind(category="")["category"] is None


def test_a_known_slug_is_its_object():
    category = ServiceCategoryFactory()
    assert bind(category=category.slug)["category"] == category


@pytest.mark.parametrize("value", ["no-such-category", "../etc/passwd", "x" * 300, "a\x00b"])
def test_an_unknown_or_malformed_value_is_a_404_naming_the_filter(value):
    with pytest.raises(Http404) as refused:
        bind(category=value)
    assert str(refused.value).startswith("筛选条件“类别”无效：")


def test_objects_already_loaded_are_chosen_without_a_query(django_assert_num_queries):
    category = ServiceCategoryFactory()
    form = CategoryFilterForm({"category": category.slug})
    form.fields["category"].use_loaded([category])
    with django_assert_num_queries(0):
        assert form.is_valid()
    assert form.cleaned_data["category"] is category


def test_a_bad_filter_on_a_listing_page_is_the_friendly_404(client):
    response = client.get(
        NewsIndexPage.objects.get(locale__language_code="zh-hans").url,
        {"community": "no-such-community"},
    )
    assert response.status_code == 404
    assert "页面没有找到" in response.content.decode()

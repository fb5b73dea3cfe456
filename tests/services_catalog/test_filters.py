"""The catalogue's and the guide index's filters: each good value filters, each bad one is a 404."""

import re

import pytest

from django.core.cache import caches
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.filters import bind_filters
from core.localization import in_default_language
from services_catalog.forms import GuideFilterForm, ServiceFilterForm
from services_catalog.models import (
    GUIDE_THEMES,
    ITEM_TYPES,
    Audience,
    GuidePage,
    ServiceCategory,
    ServicePage,
)
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Unknown, malformed, very long: each alone must be a 404, never a 500. Control characters are
# dropped by site_config.security's middleware before any view reads the query ("a\x00b" is "ab").
BAD_SLUGS = ["nothing", "a b", "a\x00b", "<script>", "x" * 10_000, "寄存" * 3000]
SERVICE_FILTERS = {
    "audience": ("elderly", {"audiences__slug": "elderly"}),
    "category": ("elderly-care", {"category__slug": "elderly-care"}),
    "community": ("lanjing", {"offered_at__community__slug": "lanjing"}),
}
GUIDE_FILTERS = {
    "theme": ("社会保障", {"theme": "社会保障"}),
    "type": ("行政给付", {"item_type": "行政给付"}),
    "proxy": ("1", {"handled_by__isnull": False}),
}


def service_slugs(html):
    return set(re.findall(r'<h3><a href="/services/([a-z0-9-]+)/">', html))


def guide_slugs(html):
    return set(re.findall(r'<h3><a href="/guides/([a-z0-9-]+)/">', html))


@pytest.mark.parametrize("name", SERVICE_FILTERS)
def test_each_service_filter_filters_with_a_good_value(client, name):
    value, lookup = SERVICE_FILTERS[name]
    html = html_of(client.get("/services/", {name: value}))
    expected = set(
        in_default_language(ServicePage.objects)
        .live()
        .filter(**lookup)
        .values_list("slug", flat=True)
    )
    assert service_slugs(html) == expected
    assert 0 < len(expected) < 112


@pytest.mark.parametrize("value", BAD_SLUGS)
@pytest.mark.parametrize("name", SERVICE_FILTERS)
def test_each_service_filter_is_404_with_a_bad_value(client, name, value):
    assert client.get("/services/", {name: value}).status_code == 404


def test_empty_service_filters_mean_no_filter(client):
    html = html_of(client.get("/services/?audience=&category=&community="))
    assert "共 112 项服务" in html


def test_category_page_is_chosen_by_its_path_not_the_query_string(client):
    html = html_of(client.get("/services/category/elderly-care/?category=nothing"))
    assert "<h1>养老服务</h1>" in html
    expected = in_default_language(ServicePage.objects).live().filter(category__slug="elderly-care")
    assert service_slugs(html) == set(expected.values_list("slug", flat=True))


def queries_for(client, url):
    client.get(url)  # warm per-process caches, as the query budgets do
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_audience_and_category_filters_cost_no_query_and_community_one(client):
    unfiltered = queries_for(client, "/services/")
    assert queries_for(client, "/services/?audience=elderly&category=elderly-care") == unfiltered
    assert queries_for(client, "/services/?community=lanjing") == unfiltered + 1


@pytest.mark.parametrize(
    "query, message",
    [
        ({"audience": "martians"}, "筛选条件“服务对象”无效：没有这个服务对象"),
        ({"category": "nothing"}, "筛选条件“服务类别”无效：没有这个服务类别"),
        ({"community": "atlantis"}, "筛选条件“社区”无效：没有这个社区"),
    ],
)
def test_a_bad_service_filter_says_which_and_why(query, message):
    request = RequestFactory().get("/services/", query)
    with pytest.raises(Http404, match=message):
        bind_filters(
            ServiceFilterForm,
            request,
            audiences=list(Audience.objects.all()),
            categories=list(ServiceCategory.objects.all()),
        )


def test_a_malformed_community_is_refused_without_a_query(django_assert_num_queries):
    request = RequestFactory().get("/services/", {"community": "a\x00b"})
    with django_assert_num_queries(0), pytest.raises(Http404):
        bind_filters(ServiceFilterForm, request, audiences=[], categories=[])


@pytest.mark.parametrize("name", GUIDE_FILTERS)
def test_each_guide_filter_filters_with_a_good_value(client, name):
    value, lookup = GUIDE_FILTERS[name]
    html = html_of(client.get("/guides/", {name: value}))
    expected = set(
        in_default_language(GuidePage.objects)
        .live()
        .filter(**lookup)
        .values_list("slug", flat=True)
    )
    assert guide_slugs(html) == expected
    assert 0 < len(expected) < 32


@pytest.mark.parametrize(
    "name, value",
    [
        *(("theme", v) for v in ["火星", "社会", "社会\x00", "x" * 10_000]),
        *(("type", v) for v in ["bogus", "行政", "行政给付 ", "寄存" * 3000]),
        *(("proxy", v) for v in ["yes", "0", "true", "1 ", "1\x001", "1" * 10_000]),
    ],
)
def test_each_guide_filter_is_404_with_a_bad_value(client, name, value):
    assert client.get("/guides/", {name: value}).status_code == 404


def test_empty_guide_filters_mean_no_filter(client):
    assert len(guide_slugs(html_of(client.get("/guides/?theme=&type=&proxy=&group=")))) == 32
    assert len(guide_slugs(html_of(client.get("/guides/", {"proxy": "\x00"})))) == 32


@pytest.mark.parametrize("value", ["", "theme", "nonsense", "\x00", "x" * 10_000])
def test_grouping_falls_back_to_themes_for_any_other_value(client, value):
    html = html_of(client.get("/guides/", {"group": value}))
    headings = re.findall(r'<h2 id="group-\d+">([^<]+) <span', html)
    assert headings and set(headings) <= set(GUIDE_THEMES)


def test_grouping_by_type(client):
    html = html_of(client.get("/guides/", {"group": "type"}))
    headings = re.findall(r'<h2 id="group-\d+">([^<]+) <span', html)
    assert headings and set(headings) <= set(ITEM_TYPES)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"theme": "火星"}, "筛选条件“主题”无效：没有这个主题"),
        ({"type": "bogus"}, "筛选条件“事项类型”无效：没有这个事项类型"),
        ({"proxy": "yes"}, "筛选条件“社区可帮代办”无效：帮代办筛选只接受 proxy=1"),
    ],
)
def test_a_bad_guide_filter_says_which_and_why(query, message):
    request = RequestFactory().get("/guides/", query)
    with pytest.raises(Http404, match=message):
        bind_filters(GuideFilterForm, request, themes=GUIDE_THEMES, item_types=ITEM_TYPES)

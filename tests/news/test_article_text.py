"""What residents read on news and story pages and in the newsroom's filter: tap-to-call numbers
in the body, service hours without ".0", months named in Chinese."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from tests.conftest import html_of
from tests.factories import CommunityPageFactory, NewsPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(street):
    return CommunityPageFactory(parent=street)


def test_story_hours_read_without_a_trailing_zero(client, community):
    whole = StoryPageFactory(parent=community, hours_served=Decimal("48.0"))
    half = StoryPageFactory(parent=community, hours_served=Decimal("2.5"))
    assert "<dd>48 小时</dd>" in html_of(client.get(whole.url))
    assert "<dd>2.5 小时</dd>" in html_of(client.get(half.url))


def test_phone_numbers_in_the_body_are_tel_links(client, community):
    news = NewsPageFactory(
        parent=community,
        body=[("paragraph", "<p>报名请拨打0906-2123607，或<b>13812345678</b>。</p>")],
    )
    body = BeautifulSoup(html_of(client.get(news.url)), "html.parser").find(class_="article-body")
    links = [(a["href"], a.get_text()) for a in body.find_all("a")]
    assert links == [
        ("tel:+86-906-2123607", "0906-2123607"),
        ("tel:+86-13812345678", "13812345678"),
    ]
    assert body.find("b").find("a")  # the paragraph's own markup stays


def month_options(html):
    select = BeautifulSoup(html, "html.parser").find("select", id="f-month")
    return [(o["value"], o.get_text(), o.has_attr("selected")) for o in select.find_all("option")]


def test_month_filter_names_the_months_that_have_news(client, community):
    NewsPageFactory(parent=community, date=datetime.date(2019, 3, 5))
    StoryPageFactory(parent=community, date=datetime.date(2018, 11, 20))
    options = month_options(html_of(client.get("/news/")))
    assert options[0] == ("", "全部月份", False)
    assert ("2019-03", "2019年3月", False) in options
    assert ("2018-11", "2018年11月", False) in options
    values = [value for value, _label, _selected in options[1:]]
    assert values == sorted(values, reverse=True)  # newest first
    assert not any("-" * 4 in label for _value, label, _selected in options)


def test_month_filter_keeps_the_chosen_month_even_without_news(client, community):
    NewsPageFactory(parent=community, date=datetime.date(2019, 3, 5))
    options = month_options(html_of(client.get("/news/", {"month": "2017-01"})))
    assert ("2017-01", "2017年1月", True) in options
    assert [selected for _value, _label, selected in options].count(True) == 1

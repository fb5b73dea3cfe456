"""The main navigation marks where the resident is: "page" on a section page, "true" below it,
and an entry with a query (志愿服务, /news/?kind=story) on that listing's further pages."""

import pytest
from bs4 import BeautifulSoup

from news.models import NewsIndexPage
from tests.conftest import html_of

pytestmark = pytest.mark.django_db


def marked(html):
    nav = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "主导航"})
    return [
        (a.get_text(), a["aria-current"]) for a in nav.find_all("a") if a.has_attr("aria-current")
    ]


def test_newsroom_entries_follow_the_kind_filter(client):
    newsroom = NewsIndexPage.objects.get(locale__language_code="zh-hans")
    assert marked(html_of(client.get(newsroom.url))) == [(newsroom.title, "page")]
    assert marked(html_of(client.get(newsroom.url, {"kind": "story"}))) == [("志愿服务", "page")]
    filtered = html_of(client.get(newsroom.url, {"kind": "story", "month": "2026-01"}))
    assert marked(filtered) == [("志愿服务", "true")]
    assert marked(html_of(client.get(newsroom.url, {"kind": "news"}))) == [(newsroom.title, "true")]


def test_search_and_home_are_no_section(client, home_page):
    assert marked(html_of(client.get("/"))) == []
    assert marked(html_of(client.get("/search/", {"q": "寄存"}))) == []

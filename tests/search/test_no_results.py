"""Help when a search finds little: a did-you-mean by sound, related services, and the hotline
from the site settings."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def help_section(client, query):
    soup = BeautifulSoup(html_of(client.get("/search/", {"q": query})), "html.parser")
    return soup, soup.find("section", class_="no-results")


def test_the_nothing_found_hint_gives_the_hotline_from_the_settings(client, edit_site_settings):
    edit_site_settings(hotline="0906-2777777")
    _soup, hint = help_section(client, "qzxjvkw")
    assert "0906-2777777" in hint.get_text()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("低宝", "低保"), ("以剪", "义剪"), ("dibao", "低保"), ("残急证", "残疾证")],
)
def test_a_word_that_sounds_like_one_the_site_uses_gets_a_did_you_mean(client, typed, meant):
    soup, hint = help_section(client, typed)
    suggestion = soup.find("a", href=f"?q={meant}") or soup.find(
        "a", string=meant, href=re.compile(r"^\?q=")
    )
    assert suggestion is not None and suggestion.get_text() == meant
    assert hint is not None and hint.find("h3", string="相关服务")


def test_no_did_you_mean_for_words_the_site_knows(client):
    soup, _hint = help_section(client, "低保")
    assert "您是不是要找" not in soup.get_text()


def test_nothing_found_offers_services_sharing_words_and_the_catalogue(client):
    _soup, hint = help_section(client, "宠物托管疫苗接种点")  # no page has all of it
    text = hint.get_text() if hint else ""
    assert hint is not None
    assert "相关服务" in text or "便民服务目录" in text
    assert "12345" in text


def test_few_results_offer_related_services_of_the_same_kind(client):
    soup, hint = help_section(client, "冬不拉")
    results = soup.select("ol.search-results > li")
    assert 0 < len(results) < 3
    assert hint.find("h2").get_text() == "没找到想要的？"
    related = [a.get_text() for a in hint.select("ul a")]
    assert related and "冬不拉弹唱兴趣班" not in related
    assert "12345" in hint.get_text()

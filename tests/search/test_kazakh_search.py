"""Kazakh search on /kk/search/: the translations' words, however a resident types them (tatweel,
the hamza marker alone or pre-composed, Arabic or Persian letter variants), results at /kk/
addresses, a Chinese query falling back to the Chinese pages, and the page's labels in Kazakh."""

import re
from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Site

from core.segmentation import fold, query_words
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

DISABILITY_GUIDE = "/kk/guides/disability-certificate/"
GUIDES = "/kk/guides/"


@pytest.fixture(autouse=True)
def kazakh(db, django_capture_on_commit_callbacks):
    """The shipped translations, seeded by the real command (published when the test's
    transaction would commit; their search documents are written as they are published)."""
    Site.clear_site_root_paths_cache()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_kazakh", stdout=StringIO())
    yield
    Site.clear_site_root_paths_cache()


def result_links(html):
    return re.findall(r'<h2 class="card__title"><a href="([^"]+)">', html)


def search(client, query, prefix="/kk"):
    return html_of(client.get(f"{prefix}/search/", {"q": query}))


def test_a_kazakh_word_finds_the_translated_guide_at_its_kazakh_address(client):
    html = search(client, "مۇگەدەكتىك")
    assert result_links(html)[0] == DISABILITY_GUIDE
    assert "مۇگەدەكتىك كۋالىگىن الۋ" in re.sub(r"</?mark>", "", html)  # the translation's title
    assert "<mark>مۇگەدەكتىك</mark>" in html
    assert "<h1>ىزدەۋ</h1>" in html  # the page's own labels in Kazakh
    assert "ءىس بىتىرۋ نۇسقاۋى" in html  # the result's kind
    assert "找到" not in html


@pytest.mark.parametrize(
    "typed",
    [
        "مۇگـەدەكـتىك",  # tatweel
        "مۇگەدەكتيك",  # Arabic yeh ي for ى
        "مۇگەدەکتیک",  # Persian kaf ک and yeh ی
        "مۇگهدهكتىك",  # Arabic heh ه for ە
        "مُۇگَەدەكتىك",  # vowel marks
        "مۇگەدەكتىك، كۋالىگىن؟",  # Arabic comma and question mark
    ],
)
def test_the_same_word_typed_another_way_finds_it_too(client, typed):
    assert DISABILITY_GUIDE in result_links(search(client, typed))


@pytest.mark.parametrize(
    "typed",
    [
        "ءىس بىتىرۋ",  # as seeded: the Arabic hamza
        "ٴىس بىتىرۋ",  # the Kazakh hamza marker, then the letter
        "ٸس بىتىرۋ",  # pre-composed (high hamza yeh)
        "ىس بىتىرۋ",  # left out
    ],
)
def test_the_hamza_typed_alone_precomposed_or_left_out_finds_the_same_pages(client, typed):
    assert GUIDES in result_links(search(client, typed))


def test_precomposed_and_decomposed_hamza_letters_are_one_spelling():
    assert fold("\u0675") == fold("\u0627\u0674") == fold("\u0627")
    assert fold("\u0676") == fold("\u0648\u0674") == "\u0648"
    assert fold("\u0677") == fold("\u06c7\u0674") == "\u06c7"
    assert fold("\u0678") == fold("\u064a\u0674") == "\u0649"
    assert fold("٢٠٢٦ ۲۰۲۶") == "2026 2026"
    # Chinese is untouched, and still cut by jieba.
    assert fold("残疾人证 2026") == "残疾人证 2026"
    assert query_words("残疾证 مۇگەدەكتىك") == ["残疾证", "مۇگەدەكتىك"]


def test_a_chinese_query_on_the_kazakh_page_searches_the_chinese_pages(client):
    html = search(client, "残疾证")
    assert DISABILITY_GUIDE in result_links(html)
    assert "<h1>ىزدەۋ</h1>" in html


def test_chinese_search_keeps_its_own_documents(client):
    chinese = search(client, "残疾证", prefix="")
    assert "/guides/disability-certificate/" in result_links(chinese)
    assert "<h1>搜索</h1>" in chinese
    # Kazakh words are not in the Chinese documents, nor Kazakh titles in Chinese results.
    assert result_links(search(client, "مۇگەدەكتىك", prefix="")) == []
    assert "مۇگەدەكتىك" not in re.sub(r"<input[^>]*>|<title>.*?</title>", "", chinese)


def test_an_unpublished_translation_leaves_the_kazakh_search(client):
    from services_catalog.models import GuidePage

    translation = GuidePage.objects.get(
        slug="disability-certificate", locale__language_code="kk-arab"
    )
    assert DISABILITY_GUIDE in result_links(search(client, "مۇگەدەكتىك"))
    translation.unpublish()
    assert DISABILITY_GUIDE not in result_links(search(client, "مۇگەدەكتىك"))

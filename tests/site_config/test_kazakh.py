"""Kazakh (Arabic script) under /kk/: every page type right to left, translations and the Chinese
fallback, hreflang both ways, the switcher, the address alone deciding the language, the seeded
translations awaiting review, and the chrome's catalog."""

import gettext
import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation

from communities.models import CommunityPage, NoticePage, StreetPage
from core import localization
from news.models import NewsPage, StoryPage
from operations.kazakh import REVIEW_TOOL, load, seed_kazakh
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.slow]


CATALOG = Path(settings.BASE_DIR) / "locale" / "kk_Arab" / "LC_MESSAGES"


def chinese(model):
    return model.objects.filter(locale__language_code="zh-hans").live().order_by("pk")


def url(page):
    """The page's Chinese address (a Kazakh request leaves Kazakh active in the thread)."""
    with translation.override(settings.LANGUAGE_CODE):
        return page.url


def kazakh_url(page):
    return "/kk" + url(page)


def untranslated(model):
    translated = localization.translations(settings.KAZAKH)
    return next(p for p in chinese(model) if str(p.translation_key) not in translated)


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def alternates(html):
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    return dict(links)


def test_the_seeded_translations_render_in_kazakh_right_to_left(client):
    html = html_of(client.get("/kk/"))
    assert html_tag(html) == '<html lang="kk-Arab" dir="rtl">'
    assert "<title>باس بەت - قار استاناسى ماحاللا قىزمەتى تورابى</title>" in html
    assert "نەگىزگى مازمۇنعا ٶتۋ" in html  # the skip link, from the catalog
    assert '<a href="/kk/services/">ىڭعايلى قىزمەتتەر</a>' in html  # navigation stays in Kazakh
    assert "untranslated-note" not in html
    # Control: the Chinese home page is unchanged.
    chinese_html = html_of(client.get("/"))
    assert html_tag(chinese_html) == '<html lang="zh-Hans" dir="ltr">'
    assert "跳到主要内容" in chinese_html and "نەگىزگى" not in chinese_html


def test_every_page_type_renders_under_kk_right_to_left(client):
    guide = chinese(GuidePage).first()
    urls = [
        "/kk/",
        "/kk/services/",
        kazakh_url(chinese(ServicePage).first()),
        "/kk/guides/",
        kazakh_url(guide),
        kazakh_url(guide) + "print/",
        "/kk/communities/",
        kazakh_url(chinese(StreetPage).first()),
        kazakh_url(chinese(CommunityPage).first()),
        kazakh_url(chinese(NoticePage).first()),
        "/kk/notices/",
        "/kk/news/",
        kazakh_url(chinese(NewsPage).first()),
        kazakh_url(chinese(StoryPage).first()),
        "/kk/open-data/",
        "/kk/search/?q=" + "شاڭعى",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_tag(html_of(response)) == '<html lang="kk-Arab" dir="rtl">', url


def test_an_untranslated_page_falls_back_to_chinese_with_a_note_in_kazakh(client):
    community = untranslated(CommunityPage)
    html = html_of(client.get(kazakh_url(community)))
    assert "本页还没有翻译成哈萨克文" not in html
    assert "بۇل بەت ٴالى قازاقشاعا اۋدارىلماعان" in html
    # The Chinese content is marked as Chinese, left to right; search engines index the original.
    assert '<main id="main" class="container" tabindex="-1" lang="zh-Hans" dir="ltr">' in html
    assert community.title in html
    assert f'<link rel="canonical" href="http://testserver{url(community)}">' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert alternates(html) == {}
    # Links on it stay in Kazakh.
    assert 'href="/kk/communities/"' in html


def test_hreflang_pairs_point_at_each_other_both_ways(client):
    service = ServicePage.objects.get(
        slug="ski-snowboard-free-storage", locale__language_code="zh-hans"
    )
    chinese_links = alternates(html_of(client.get(url(service))))
    kazakh_links = alternates(html_of(client.get(kazakh_url(service))))
    assert (
        chinese_links
        == kazakh_links
        == {
            "zh-Hans": f"http://testserver{url(service)}",
            "kk-Arab": f"http://testserver/kk{url(service)}",
            "x-default": f"http://testserver{url(service)}",
        }
    )
    # A page only in Chinese names no alternate.
    assert alternates(html_of(client.get(url(untranslated(ServicePage))))) == {}


def test_the_switcher_lands_on_the_same_page_in_the_other_language(client):
    service = untranslated(ServicePage)
    html = html_of(client.get(url(service) + "?from=x"))
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'href="/kk{url(service)}?from=x" hreflang="kk-Arab"' in switcher
    html = html_of(client.get(kazakh_url(service)))
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'href="{url(service)}" hreflang="zh-Hans"' in switcher


def test_only_the_address_decides_the_language_so_cached_pages_never_mix(client):
    first = client.get("/kk/services/")
    assert 'lang="kk-Arab"' in html_of(first)
    # A Kazakh cookie and browser language get Chinese at a Chinese address, cached or not.
    for _ in range(2):
        response = client.get(
            "/services/",
            HTTP_ACCEPT_LANGUAGE="kk",
            HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}={settings.KAZAKH}",
        )
        assert html_tag(html_of(response)) == '<html lang="zh-Hans" dir="ltr">'
    assert response["X-Cache"] == "HIT"
    again = client.get("/kk/services/")
    assert again["X-Cache"] == "HIT" and 'lang="kk-Arab"' in html_of(again)
    # Search under /kk/ is never stored, like search at its Chinese address.
    assert "X-Cache" not in client.get("/kk/search/?q=x")


def test_seeding_is_idempotent_marks_drafts_and_keeps_a_translators_work(
    home_page, django_capture_on_commit_callbacks
):
    site = home_page.get_site()
    kazakh = Locale.objects.get(language_code=settings.KAZAKH)
    assert seed_kazakh(site, log=lambda _m: None) == []
    # The tree as seeded (and committed) is whole: each translated parent counts its children.
    kazakh_home = Page.objects.get(locale=kazakh, depth=2)
    assert kazakh_home.numchild == kazakh_home.get_children().count() > 0
    assert kazakh_home.numchild == Page.objects.filter(locale=kazakh, depth=3).count()
    assert all(problems == [] for problems in Page.find_problems())
    data = load()
    assert len(data["pages"]) == Page.objects.filter(locale=kazakh).count()
    strings = StringTranslation.objects.filter(locale=kazakh)
    assert strings.exists() and set(strings.values_list("tool_name", flat=True)) == {REVIEW_TOOL}
    # A native speaker corrects one title: seeding again leaves it alone.
    service = ServicePage.objects.get(slug="tuesday-free-haircut", locale=kazakh)
    edited = strings.get(context__object_id=service.translation_key, context__path="title")
    edited.data, edited.tool_name, edited.translation_type = (
        "سەيسەنبىدە تەگىن شاش الۋ",
        "",
        "manual",
    )
    edited.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_kazakh(site, log=lambda _m: None) == []
    edited.refresh_from_db()
    assert edited.data == "سەيسەنبىدە تەگىن شاش الۋ"


def test_codes_stay_unique_among_chinese_pages_while_a_translation_shares_its_pages(home_page):
    original = ServicePage.objects.get(slug="tuesday-free-haircut", locale__language_code="zh-hans")
    translation = ServicePage.objects.get(
        slug="tuesday-free-haircut", locale__language_code=settings.KAZAKH
    )
    assert translation.code == original.code
    clash = chinese(ServicePage).exclude(pk=original.pk).first()
    clash.code = original.code
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "code" in error.value.message_dict
    # Control: its own code passes.
    clash.refresh_from_db()
    clash.full_clean()


def test_the_kazakh_catalog_is_compiled_from_its_source():
    with open(CATALOG / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    source = (CATALOG / "django.po").read_text(encoding="utf-8")
    expected = {}
    for msgid, msgstr in re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', source, re.M):
        if msgid:
            expected[msgid.replace('\\"', '"')] = msgstr.replace('\\"', '"')
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected and len(expected) > 30


def test_the_admin_stays_chinese():
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["zh-hans"]
    assert settings.LANGUAGE_CODE == "zh-hans"

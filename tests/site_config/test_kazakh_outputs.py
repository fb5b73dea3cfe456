"""What machines read, per language: JSON-LD's inLanguage, the sitemap's hreflang alternates
(both ways, the same pairs as the pages' <head>), the newsroom's feeds under /kk/, and the API
listing each page once (translations only with ?locale=)."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from django.conf import settings

from wagtail.models import Locale, Page

from communities.models import CommunityPage, StreetPage
from core import localization
from core.content_checks import run_rules
from news.models import NewsPage, StoryPage
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import html_of
from tests.site_config.test_kazakh import alternates, chinese, kazakh_url, untranslated, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.slow]

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def translated(model):
    keys = localization.translations(settings.KAZAKH)
    return next(p for p in chinese(model) if str(p.translation_key) in keys)


def languages_in_json_ld(client, address):
    blocks = [json.loads(s) for s in LD_JSON.findall(html_of(client.get(address)))]
    assert blocks, address  # the control: the page emits JSON-LD at all
    return {block.get("inLanguage") for block in blocks}


def test_json_ld_names_the_language_of_the_text_on_every_page_type(client):
    pages = [
        *(translated(model) for model in (ServicePage, GuidePage)),
        *(chinese(model).first() for model in (StreetPage, CommunityPage)),
        *(chinese(model).first() for model in (NewsPage, StoryPage)),
    ]
    addresses = ["/", "/services/", "/guides/", "/news/", "/communities/", "/notices/"]
    addresses += [url(page) for page in pages]
    for address in addresses:
        assert languages_in_json_ld(client, address) == {"zh-Hans"}, address
        kazakh = "/kk" + address
        response = client.get(kazakh)
        # A translated page is in Kazakh; a fallback shows (and describes) the Chinese text.
        expected = "zh-Hans" if b"untranslated-note" in response.content else "kk-Arab"
        assert languages_in_json_ld(client, kazakh) == {expected}, kazakh
    # Both cases occur: the seeded service in Kazakh, an untranslated community in Chinese.
    assert languages_in_json_ld(client, kazakh_url(translated(ServicePage))) == {"kk-Arab"}
    assert languages_in_json_ld(client, kazakh_url(untranslated(CommunityPage))) == {"zh-Hans"}


def sitemap_entries(client):
    """{loc: {hreflang: href}} of every sitemap file /sitemap.xml indexes."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        path = loc.text.removeprefix("http://testserver")
        root = ET.fromstring(client.get(path).content)
        for entry in root.iter(f"{SITEMAP}url"):
            links = entry.findall(f"{XHTML}link")
            assert all(link.get("rel") == "alternate" for link in links)
            entries[entry.find(f"{SITEMAP}loc").text] = {
                link.get("hreflang"): link.get("href") for link in links
            }
    return entries


def test_the_sitemap_lists_kazakh_pages_only_when_translated_with_hreflang_both_ways(client):
    entries = sitemap_entries(client)
    kazakh = {loc for loc in entries if loc.startswith("http://testserver/kk/")}
    service, other = translated(ServicePage), untranslated(ServicePage)
    assert f"http://testserver{kazakh_url(service)}" in kazakh
    assert f"http://testserver{url(other)}" in entries
    assert f"http://testserver{kazakh_url(other)}" not in entries
    assert f"http://testserver{kazakh_url(untranslated(CommunityPage))}" not in entries
    # Every Kazakh page that has a translation is listed (with the catalogue's categories).
    keys = localization.translations(settings.KAZAKH)
    for page in [*chinese(ServicePage), *chinese(GuidePage)]:
        listed = f"http://testserver{kazakh_url(page)}" in kazakh
        assert listed == (str(page.translation_key) in keys), page.title
    for loc in kazakh:
        links = entries[loc]
        # Two-way: each listed alternate is itself listed, naming the same alternates.
        assert links["kk-Arab"] == loc
        assert links["x-default"] == links["zh-Hans"] == loc.replace("/kk/", "/", 1)
        assert entries[links["zh-Hans"]] == links
    # An untranslated page's entry names no alternates.
    assert entries[f"http://testserver{url(other)}"] == {}
    # The same pairs as the page's <head>, on both addresses.
    head = alternates(html_of(client.get(kazakh_url(service))))
    assert head == entries[f"http://testserver{url(service)}"]
    assert head == alternates(html_of(client.get(url(service))))


def translate(page, title):
    """A live Kazakh translation of `page` (same translation key, Kazakh locale), placed under the
    Kazakh newsroom: routing and feeds find a translation by its key, wherever it sits."""
    locale = Locale.objects.get(language_code=settings.KAZAKH)
    newsroom = Page.objects.get(locale=locale, slug="news")
    return page.copy(
        to=newsroom,
        update_attrs={
            "title": title,
            "locale": locale,
            "translation_key": page.translation_key,
            "slug": page.slug,
        },
        keep_live=True,
    )


def rss(client, address):
    channel = ET.fromstring(client.get(address).content).find("channel")
    items = [(item.findtext("title"), item.findtext("link")) for item in channel.iter("item")]
    return channel.findtext("language"), items


def test_the_kazakh_feeds_list_kazakh_entries_in_kazakh(client, django_capture_on_commit_callbacks):
    article = chinese(NewsPage).order_by("-date", "-pk").first()  # in the Chinese feed's 30
    with django_capture_on_commit_callbacks(execute=True):
        translate(article, "ماحاللادا قىسقى جيىن")
    link = f"http://testserver{kazakh_url(article)}"
    language, items = rss(client, "/kk/news/feed/rss/")
    assert language == "kk-Arab"
    assert items == [("ماحاللادا قىسقى جيىن", link)]
    atom = ET.fromstring(client.get("/kk/news/feed/atom/").content)
    assert atom.get(XML_LANG) == "kk-Arab"
    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["ماحاللادا قىسقى جيىن"]
    assert entries[0].find(f"{ATOM}link").get("href") == link
    # A community's Kazakh feed: its translated article; another community's has none.
    community = CommunityPage.objects.ancestor_of(article).get()
    _language, items = rss(client, f"/kk/news/feed/rss/?community={community.slug}")
    assert items == [("ماحاللادا قىسقى جيىن", link)]
    other = chinese(CommunityPage).exclude(pk=community.pk).first()
    assert rss(client, f"/kk/news/feed/rss/?community={other.slug}")[1] == []
    # The Chinese feed: Chinese, the article once, in Chinese.
    language, items = rss(client, "/news/feed/rss/")
    assert language == "zh-Hans"
    titles = [title for title, _link in items]
    assert article.title in titles and "ماحاللادا قىسقى جيىن" not in titles
    assert len({link for _title, link in items}) == len(items)


def test_the_api_lists_each_page_once_and_translations_with_locale(client):
    listing = client.get("/api/v2/pages/?type=services_catalog.ServicePage&fields=code&limit=200")
    assert listing.status_code == 200
    items = listing.json()["items"]
    codes = [item["code"] for item in items]
    assert len(codes) == len(set(codes)) == chinese(ServicePage).count()
    assert {item["meta"]["locale"] for item in items} == {"zh-hans"}
    kazakh = client.get(
        "/api/v2/pages/?type=services_catalog.ServicePage&fields=code&locale=kk-arab&limit=200"
    ).json()["items"]
    service = translated(ServicePage)
    assert {item["meta"]["locale"] for item in kazakh} == {settings.KAZAKH}
    assert len(kazakh) == ServicePage.objects.filter(locale__language_code=settings.KAZAKH).count()
    mine = next(item for item in kazakh if item["code"] == service.code)
    assert mine["title"] == localization.translation_of(service, settings.KAZAKH).title
    assert mine["title"] != service.title
    unknown = client.get("/api/v2/pages/?locale=xx")
    assert unknown.status_code == 400
    assert "zh-hans" in unknown.json()["message"]


def test_the_content_checks_read_the_translations_as_an_editors_input():
    def translation_findings():
        return [f for f in run_rules() if f.rule.startswith("translation-")]

    # The shipped translations pass.
    assert translation_findings() == []
    page = ServicePage.objects.get(
        slug="ski-snowboard-free-storage", locale__language_code=settings.KAZAKH
    )
    page.title = "雪具免费寄存"
    page.save(update_fields=["title"])
    other = GuidePage.objects.filter(locale__language_code=settings.KAZAKH).first()
    GuidePage.objects.filter(pk=other.pk).update(title="")  # required, as in the form
    found = {(f.rule, f.severity, f.page_id) for f in translation_findings()}
    assert found == {
        ("translation-han", "warning", page.pk),
        ("translation-invalid", "error", other.pk),
    }

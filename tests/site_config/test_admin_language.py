"""The admin in Chinese: what a community editor of 览景社区 sees, from the sign-in page to the
account settings, has no English interface text.

Wagtail's own zh_Hans catalogs lack its newer strings; the project's catalogs in locale/zh_Hans
(LOCALE_PATHS) add them, and four small template overrides translate what Wagtail hard-codes.
"""

import gettext
import io
import json
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.utils import translation

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from communities.models import CommunityPage
from core.models import SiteImage
from news.models import NewsPage
from tests.conftest import login
from tests.factories import NewsPageFactory

CATALOGS = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
EDITOR = "lanjing-editor"

# Latin words an editor may see: product and format names, units, keys on the keyboard.
ALLOWED_WORDS = {
    "Wagtail",
    "URL",
    "ID",
    "API",
    "CSV",
    "XLSX",
    "HTML",
    "Markdown",
    "JPEG",
    "JPG",
    "PNG",
    "GIF",
    "WEBP",
    "SVG",
    "KB",
    "MB",
    "px",
    "Ctrl",
    "Alt",
    "Shift",
    "Esc",
    "JavaScript",
}
# Attributes whose values a browser shows or reads out.
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Web and e-mail addresses (an example in a help text is not English prose), file names, and
# slugs (lower-case words joined by hyphens: a page's address, often pinyin).
ADDRESSES = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|[\w.-]+\.(png|jpe?g|gif|webp|svg|pdf|docx|xlsx|csv)\b"
    r"|(?<![\w-])[a-z0-9]+(-[a-z0-9]+)+(?![\w-])"
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
TIME_ZONES = zoneinfo.available_timezones() | {"localtime"}


class InterfaceText(HTMLParser):
    """The text a page shows or reads out: text outside <script> and <style>, the shown
    attributes, and the labels of submit buttons. Time zone names (the account's time zone list)
    are data, and so is the side panel's error counter, which JavaScript fills before showing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.skipping = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style") or "data-side-panel-toggle-counter" in attributes:
            self.skipping.append(tag)
        for name in SHOWN_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        attributes = dict(attrs)
        for name in SHOWN_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip() not in TIME_ZONES:
            self.texts.append(data)


def interface_text(html):
    parser = InterfaceText()
    parser.feed(html)
    parser.close()
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


def english_in(texts, data=()):
    """Each text that still holds an English word, with the words: `data` are strings of the
    site's own (a user name) that may contain Latin letters."""
    found = []
    for text in texts:
        plain = ADDRESSES.sub(" ", text)
        for value in data:
            plain = plain.replace(value, " ")
        words = [word for word in LATIN_WORD.findall(plain) if word not in ALLOWED_WORDS]
        if words:
            found.append(f"{text[:120]!r}: {', '.join(words)}")
    return found


def assert_chinese(response, data=(EDITOR,)):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        html = json.loads(html)["html"]
    english = english_in(interface_text(html), data)
    assert english == [], "English left in the admin:\n" + "\n".join(english)


def test_the_scanner_finds_what_the_issue_reported():
    html = """<title>Exploring: 览景社区 - Wagtail</title>
        <input type="submit" value="Search"><input placeholder="Search all pages…">
        <p>1-2 of 2 None</p><label>Password</label><span>登录Wagtail</span>
        <script>var untranslated = "Autosave";</script><p>Ctrl + s 雪季 JPG、PNG</p>
        <p>lanjing-editor 见 https://example.com/work/ 或 editor@example.com</p>
        <p>例如“金山小区停水通知”→ jinshan-xiaoqu-tingshuitongzhi</p>
        <select><option>Asia/Shanghai</option></select>"""
    assert [line.split(":")[-1].strip() for line in english_in(interface_text(html), [EDITOR])] == [
        "Exploring",
        "Search",
        "Search, all, pages",
        "of, None",
        "Password",
    ]


# The editor's walk through the admin, on the shipped site.


@pytest.fixture
def lanjing(db):
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def news(lanjing):
    return NewsPage.objects.child_of(lanjing).live().first()


@pytest.fixture
def editor(client, make_user):
    return login(client, make_user(EDITOR, "览景社区 编辑"))


def news_form(title, action=None, date="2026-11-20"):
    data = {
        "title": title,
        "slug": "admin-language-news" if title else "",
        "summary": "周二上午在社区一楼为老人免费理发。",
        "date": date,
        "image": "",
        "body": streamfield([("paragraph", rich_text("<p>理发师志愿者每周二都来。</p>"))]),
        "tags": "义剪",
        "event_start": "",
        "event_place": "",
        "seo_title": "",
        "search_description": "",
    }
    if action:
        data[action] = "1"
    return nested_form_data(data)


def upload_image(client, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(buffer, "PNG")
    file = SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")
    response = client.post(
        "/admin/images/add/",
        {
            "title": "社区活动照片",
            "description": "志愿者为老人理发",
            "file": file,
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return SiteImage.objects.get(title="社区活动照片")


@pytest.mark.e2e
def test_the_sign_in_page_is_chinese(client, db):
    response = client.get("/admin/login/")
    assert_chinese(response)
    html = response.content.decode()
    assert "登录管理后台" in html and "密码" in html


@pytest.mark.e2e
def test_the_dashboard_is_chinese(editor):
    response = editor.get("/admin/")
    assert_chinese(response)
    assert "搜索所有页面…" in response.content.decode()


@pytest.mark.e2e
def test_the_page_explorer_is_chinese(editor, lanjing):
    response = editor.get(f"/admin/pages/{lanjing.pk}/")
    assert_chinese(response)
    assert "浏览: 览景社区" in response.content.decode()


@pytest.mark.e2e
def test_a_filtered_listing_counts_in_chinese(editor, lanjing):
    response = editor.get(f"/admin/pages/{lanjing.pk}/?q=雪季")
    assert_chinese(response)
    assert "中共 2 项，当前第 1–2 项" in response.content.decode()


@pytest.mark.e2e
def test_page_search_and_its_pagination_are_chinese(editor, lanjing):
    first = editor.get("/admin/pages/search/?q=雪季")
    assert_chinese(first)
    assert "共 2 项，当前第 1–2 项" in first.content.decode()  # Wagtail: "1-2 of 2 None"
    for number in range(21):  # one more than a page of results
        NewsPageFactory(parent=lanjing, title=f"义剪通知第{number}期")
    second = editor.get("/admin/pages/search/?q=义剪&p=2")
    assert_chinese(second)
    assert "第 2 页，共 2 页" in second.content.decode()


@pytest.mark.e2e
def test_editing_a_news_page_is_chinese(editor, news):
    response = editor.get(f"/admin/pages/{news.pk}/edit/")
    assert_chinese(response)
    assert "自动保存已暂停" in response.content.decode()


@pytest.mark.e2e
def test_adding_a_news_page_is_chinese(editor, lanjing):
    assert_chinese(editor.get(f"/admin/pages/add/news/newspage/{lanjing.pk}/"))


@pytest.mark.e2e
def test_validation_errors_are_chinese(editor, lanjing):
    response = editor.post(f"/admin/pages/add/news/newspage/{lanjing.pk}/", news_form(""))
    assert_chinese(response)
    assert "校验有错误，页面未能创建。" in response.content.decode()


@pytest.mark.e2e
def test_the_preview_is_chinese(editor, news):
    url = f"/admin/pages/{news.pk}/edit/preview/"
    invalid = editor.post(url, news_form("周二义剪通知", date="2026-13-45"))
    assert invalid.json() == {"is_valid": False, "is_available": False}
    assert_chinese(editor.get(url))  # 预览不可用
    assert editor.post(url, news_form("周二义剪通知")).json()["is_valid"]
    response = editor.get(url)
    assert_chinese(response)
    assert "周二义剪通知" in response.content.decode()


@pytest.mark.e2e
def test_submitting_for_moderation_is_chinese(editor, news):
    response = editor.post(
        f"/admin/pages/{news.pk}/edit/", news_form("周二义剪通知", "action-submit"), follow=True
    )
    assert_chinese(response)
    assert WorkflowState.objects.filter(
        object_id=str(news.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    assert "已经提交进行审核" in response.content.decode()


@pytest.mark.e2e
def test_the_image_library_is_chinese(editor, lanjing):
    assert_chinese(editor.get("/admin/images/add/"))
    assert_chinese(editor.get("/admin/images/multiple/add/"))
    image = upload_image(editor, lanjing.collection)
    assert_chinese(editor.get("/admin/images/"))
    assert_chinese(editor.get(f"/admin/images/{image.pk}/"))
    assert_chinese(editor.get("/admin/images/chooser/"))


@pytest.mark.e2e
def test_account_settings_are_chinese(editor):
    assert_chinese(editor.get("/admin/account/"))


# The catalogs themselves.


PO_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def po_entries(path):
    """(msgctxt, msgid, msgid_plural, msgstr) of each entry of a .po file, fuzzy ones left out; a
    plural's msgstr is its first form (Chinese has only one)."""
    entries = []
    for block in Path(path).read_text().split("\n\n"):
        fields, field = {}, None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fields["fuzzy"] = ""
            elif match := PO_LINE.match(line):
                field = match[1]
                fields[field] = json.loads(match[2])
            elif line.startswith('"') and field:
                fields[field] += json.loads(line)
        if fields.get("msgid") and "fuzzy" not in fields:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]"))
            entries.append(
                (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), msgstr)
            )
    return entries


def wagtail_msgids(domain):
    """Every msgid of the installed Wagtail apps' source (English) catalogs of `domain`."""
    for config in apps.get_app_configs():
        source = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if config.name.startswith("wagtail") and source.exists():
            yield from po_entries(source)


def catalog(domain):
    with open(CATALOGS / f"{domain}.mo", "rb") as compiled:
        return gettext.GNUTranslations(compiled)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogs_match_their_sources(domain):
    """The .mo files are committed: each must hold exactly its .po (run compilemessages)."""
    compiled = catalog(domain)._catalog
    expected = {}
    for context, msgid, plural, msgstr in po_entries(CATALOGS / f"{domain}.po"):
        key = f"{context}\x04{msgid}" if context else msgid
        expected[(key, 0) if plural else key] = msgstr
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected, "the .mo is out of date: run compilemessages (see the README)"


# Strings that read the same in Chinese, or name only a product.
SAME_IN_CHINESE = {
    "URL",
    "ID",
    "Wagtail API v2",
    "Wagtail API v3",
    "%(range_start)s - %(range_end)s",
}


def test_every_wagtail_admin_string_has_chinese():
    """A Wagtail upgrade that brings new strings fails here, listing them for locale/zh_Hans."""
    with translation.override("zh-hans"):
        missing = [
            msgid
            for context, msgid, plural, _ in wagtail_msgids("django")
            if msgid not in SAME_IN_CHINESE
            and (
                translation.npgettext(context, msgid, plural, 2)
                if plural and context
                else translation.ngettext(msgid, plural, 2)
                if plural
                else translation.pgettext(context, msgid)
                if context
                else translation.gettext(msgid)
            )
            in (msgid, plural)
        ]
    assert missing == []


def test_every_wagtail_javascript_string_has_chinese(client):
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    served = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)[1]
    )
    missing = [
        msgid
        for context, msgid, plural, _ in wagtail_msgids("djangojs")
        if (f"{context}\x04{msgid}" if context else msgid) not in served
    ]
    assert missing == []
    assert served["Autosave in progress…"] == "正在自动保存…"
    assert served["%(num)s error"] == ["%(num)s 处错误"]


# Template overrides: Wagtail's files with only the hard-coded English made translatable.

SEARCH_BUTTON = (
    '<input type="submit" value="Search" class="button" />',
    '<input type="submit" value="{% trans \'Search\' %}" class="button" />',
)
OVERRIDES = {
    "wagtailadmin/login.html": [
        (
            "{% formattedfield form.password %}",
            '{% formattedfield form.password label_text=_("Password") %}',
        )
    ],
    "wagtailadmin/home.html": [SEARCH_BUTTON],
    "wagtailadmin/shared/header.html": [SEARCH_BUTTON],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}\n{# Actions divider #}"),
        ('<nav aria-label="Actions"', "<nav aria-label=\"{% trans 'Actions' %}\""),
    ],
}


@pytest.mark.parametrize("name", OVERRIDES)
def test_template_overrides_change_only_the_english(name):
    """After a Wagtail upgrade, copy its template again and redo these replacements."""
    ours = Path(get_template(name).origin.name)
    assert ours.is_relative_to(Path(settings.BASE_DIR) / "site_config" / "templates")
    wagtail = Path(apps.get_app_config("wagtailadmin").path) / "templates" / name
    expected = wagtail.read_text()
    for english, translated in OVERRIDES[name]:
        assert expected.count(english) == 1, f"Wagtail's {name} changed: {english!r}"
        expected = expected.replace(english, translated)
    first_line, rest = ours.read_text().split("\n", 1)
    assert first_line.startswith("{# ") and rest == expected

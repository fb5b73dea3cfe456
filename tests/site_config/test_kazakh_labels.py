"""The page types' own labels under /kk/: a translated guide's and service's headings and field
labels in Kazakh (the same pages in Chinese as the control), and every label these templates
pass through gettext with a Kazakh translation in the catalog."""

import ast
import gettext
import re
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from core import localization
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import html_of

CATALOG = Path(settings.BASE_DIR) / "locale" / "kk_Arab" / "LC_MESSAGES"

# The public page types' templates (the admin's panels stay Chinese, as the admin does).
TEMPLATE_DIRS = ["services_catalog", "home", "communities", "news"]

GETTEXT_CALL = re.compile(
    r"""(?<![\w.])(?:gettext\(u?('(?:[^'\\]|\\.)*')\)|_\(("(?:[^"\\]|\\.)*")\))"""
)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# The community finder matches the Chinese names on the estates' gates: its example keeps them.
KEEPS_CHINESE = {"例如：览景小区、金山路"}


def public_templates():
    for app in TEMPLATE_DIRS:
        for path in sorted((Path(settings.BASE_DIR) / app / "templates").rglob("*.html")):
            if "admin" not in path.parts:
                yield path


def msgids(path):
    """The msgids of a template, found as makemessages finds them (Django's templatize)."""
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    return [ast.literal_eval(m[1] or m[2]) for m in GETTEXT_CALL.finditer(source)]


def translated(model):
    """A live Chinese page of `model` with a live Kazakh translation (the seeded ones)."""
    translation_keys = localization.translations(settings.KAZAKH)
    pages = model.objects.filter(locale__language_code="zh-hans").live().order_by("pk")
    return next(p for p in pages if str(p.translation_key) in translation_keys)


def url(page):
    with translation.override(settings.LANGUAGE_CODE):
        return page.url


# What a resident sees: the Chinese label and its Kazakh, as the catalog has them.
GUIDE_LABELS = {
    "<h2>受理条件</h2>": "<h2>قابىلداۋ شارتتارى</h2>",
    "<h2>申请材料</h2>": "<h2>كەرەكتى قاعازدار</h2>",
    "<h2>办理流程</h2>": "<h2>ٴبىتىرۋ ٴتارتىبى</h2>",
    "<h2>办理地点和办理时间</h2>": "<h2>ٴبىتىرۋ ورنى مەن ۋاقىتى</h2>",
    "<dt>事项编码</dt>": "<dt>ٴىستىڭ كودى</dt>",
    "<dt>咨询电话</dt>": "<dt>انىقتاما تەلەفونى</dt>",
    '<th scope="col" role="columnheader">份数</th>': (
        '<th scope="col" role="columnheader">دانا سانى</th>'
    ),
}
SERVICE_LABELS = {
    "<dt>服务编号</dt>": "<dt>قىزمەت نٶمىرى</dt>",
    "<dt>服务对象</dt>": "<dt>كىمگە ارنالعان</dt>",
    "<h2>服务内容</h2>": "<h2>قىزمەت مازمۇنى</h2>",
    "<h2>怎么办理</h2>": "<h2>قالاي ٴبىتىرۋ كەرەك</h2>",
    "<h2>哪些社区提供</h2>": "<h2>قاي ماحاللالاردا بار</h2>",
}


@pytest.mark.e2e
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "labels"), [(GuidePage, GUIDE_LABELS), (ServicePage, SERVICE_LABELS)]
)
def test_a_translated_page_shows_its_template_labels_in_kazakh(client, model, labels):
    page = translated(model)
    kazakh = html_of(client.get("/kk" + url(page)))
    chinese = html_of(client.get(url(page)))
    for chinese_label, kazakh_label in labels.items():
        assert kazakh_label in kazakh, kazakh_label
        assert chinese_label not in kazakh, chinese_label
        # Control: the Chinese page keeps its Chinese labels.
        assert chinese_label in chinese, chinese_label
        assert kazakh_label not in chinese, kazakh_label


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_kazakh_guide_counts_copies_and_visits_in_kazakh(client):
    page = translated(GuidePage)
    kazakh = html_of(client.get("/kk" + url(page)))
    chinese = html_of(client.get(url(page)))
    copies = page.materials[0].value["copies"]
    assert f'data-label="دانا سانى">{copies} دانا</td>' in kazakh
    assert f'data-label="份数">{copies} 份</td>' in chinese
    assert f"{page.visits} رەت" in kazakh and f"{page.visits} 次" in chinese


def test_the_templates_pass_their_labels_through_gettext():
    """The guide and service templates' labels are found (a template that stops using
    {% translate %} would leave the catalog check below with nothing to check)."""
    found = {m for path in public_templates() for m in msgids(path)}
    assert {"受理条件", "申请材料", "办理流程", "服务内容", "常用服务", "本社区的通知"} <= found
    assert len(found) > 150


def test_every_template_label_has_a_kazakh_translation():
    entries = {entry.msgid: entry for entry in polib.pofile(str(CATALOG / "django.po"))}
    with open(CATALOG / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    problems = []
    for path in public_templates():
        for msgid in msgids(path):
            entry = entries.get(msgid)
            name = f"{path.relative_to(settings.BASE_DIR)}: {msgid!r}"
            if entry is None or not entry.msgstr.strip():
                problems.append(f"{name} has no Kazakh")
            elif entry.fuzzy or entry.obsolete:
                problems.append(f"{name} is fuzzy or obsolete")
            elif set(PLACEHOLDER.findall(entry.msgstr)) != set(PLACEHOLDER.findall(msgid)):
                problems.append(f"{name}: the Kazakh names other placeholders")
            elif CHINESE.search(entry.msgstr) and msgid not in KEEPS_CHINESE:
                problems.append(f"{name}: Chinese left in the Kazakh")
            elif compiled.gettext(msgid) != entry.msgstr:
                problems.append(f"{name}: the .mo is out of date")
    assert problems == []


def untranslated(model):
    """A live Chinese page of `model` without a Kazakh translation (shown in Chinese under /kk/)."""
    translation_keys = localization.translations(settings.KAZAKH)
    pages = model.objects.filter(locale__language_code="zh-hans").live().order_by("pk")
    return next(p for p in pages if str(p.translation_key) not in translation_keys)


@pytest.mark.django_db
def test_a_page_without_a_translation_keeps_its_labels_chinese_and_its_links_kazakh(client):
    """Its content is Chinese, in a <main lang="zh-Hans">: the labels in it are Chinese too (one
    language per part, as the lang attribute says), while its links stay under /kk/ and the
    page's chrome (header, note, actions) is Kazakh."""
    from bs4 import BeautifulSoup

    guide = untranslated(GuidePage)
    soup = BeautifulSoup(html_of(client.get("/kk" + url(guide))), "html.parser")
    main = soup.find("main")
    assert main["lang"] == "zh-Hans" and main["dir"] == "ltr"
    text = str(main)
    for chinese, kazakh in GUIDE_LABELS.items():
        if chinese.startswith("<h2>"):
            assert chinese in text and kazakh not in text
    links = [a["href"] for a in main.find_all("a", href=True) if a["href"].startswith("/")]
    pages = [href for href in links if not href.startswith(("/media/", "/static/", "/documents/"))]
    assert pages and all(href.startswith("/kk/") for href in pages), pages
    # Control: the same guide's Kazakh chrome outside <main>, and a translated guide's labels.
    assert soup.find("html")["lang"] == "kk-Arab"
    translated_text = html_of(client.get("/kk" + url(translated(GuidePage))))
    assert "<h2>كەرەكتى قاعازدار</h2>" in translated_text

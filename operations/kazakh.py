"""The shipped Kazakh translations (operations/data/kazakh.json): the home page, the sections
and the ten most-used services and guides, written for the site by a non-native writer.

They are made through wagtail-localize, as an editor's would be, and every string is recorded as
a draft awaiting a native speaker's review: the translation editor shows “Translated with
种子译文（待母语审校）” beside it until a translator changes it. Loading is idempotent and never
undoes a translator's work: a page whose strings someone has edited is left alone, and a page
whose strings are all as shipped is not published again.

Besides a title and a summary, an entry may carry `texts`: the Kazakh of its page's long texts
(what to bring, conditions, steps, answers), keyed by the Chinese text, one line each. Only the
texts the Kazakh page shows are filled (core.localization.is_prose: long texts, laid over the
Chinese page); codes, phones, hours and fees stay the Chinese page's. A text whose Chinese has
changed since the file was written no longer matches and is reported, never forced.
"""

import html
import json
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from core.localization import is_prose

DATA = Path(__file__).resolve().parent / "data" / "kazakh.json"
REVIEW_TOOL = "种子译文（待母语审校）"
FIELDS = ("title", "summary")
# wagtail-localize gives a TextField's lines as one string joined by <br/>.
LINE_BREAK = "<br/>"

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The letters of the Arabic-based Kazakh alphabet used officially in Xinjiang (ۆ is В, ۋ У, ع Ғ),
# with the hamza marker ٴ and ء; another Arabic-script letter (Arabic's ث ص ط غ, Uyghur's ې ۈ)
# means another language.
KAZAKH_LETTERS = frozenset("اٵبۆگعدەجزيكقلمنڭوٶپرستۋۇٷفحھچشىٸءٴ")


class KazakhDataError(ValueError):
    pass


def kazakh_problem(text):
    """Why `text` is not Kazakh in the Arabic script (a sentence in Chinese), or None."""
    if not isinstance(text, str) or not text.strip():
        return "不能为空"
    if HAN.search(text):
        return "含有汉字（还没有翻译完）"
    letters = {char for char in text if unicodedata.category(char).startswith("L")}
    arabic = {char for char in letters if unicodedata.name(char, "").startswith("ARABIC")}
    if letters - arabic:
        return f"含有其他文字的字母 {''.join(sorted(letters - arabic))}（应为阿拉伯字母哈萨克文）"
    if not letters:
        return "不是阿拉伯字母哈萨克文"
    foreign = "".join(sorted(arabic - KAZAKH_LETTERS))
    if foreign:
        return f"含有哈萨克文不用的字母 {foreign}"
    return None


def load(path=DATA):
    """The file, checked like an editor's input; a KazakhDataError names the first bad entry."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KazakhDataError(f"{path}：无法读取（{error}）") from error
    if not isinstance(data, dict):
        raise KazakhDataError(f"{path}：需要一个对象，含 version（整数）和 pages（列表）")
    if not isinstance(data.get("version"), int) or not isinstance(data.get("pages"), list):
        raise KazakhDataError(f"{path}：需要 version（整数）和 pages（列表）")
    seen = set()
    for number, entry in enumerate(data["pages"], start=1):
        if not isinstance(entry, dict) or not str(entry.get("path", "")).startswith("/"):
            raise KazakhDataError(f"{path} 第 {number} 项：path 必须以 / 开头")
        name = f"{path} 第 {number} 项（{entry['path']}）"
        if entry["path"] in seen:
            raise KazakhDataError(f"{name}：这个页面前面已经有了")
        seen.add(entry["path"])
        for field in FIELDS:
            problem = kazakh_problem(entry.get(field))
            if problem:
                raise KazakhDataError(f"{name}：{field} {problem}")
        texts = entry.get("texts", {})
        if not isinstance(texts, dict):
            raise KazakhDataError(f"{name}：texts 应为“中文原文: 哈萨克文”的对象")
        for chinese, kazakh in texts.items():
            if not HAN.search(chinese) or LINE_BREAK in chinese or "\n" in chinese:
                raise KazakhDataError(f"{name}：texts 的键“{chinese}”应为一行中文原文")
            problem = kazakh_problem(kazakh)
            if problem:
                raise KazakhDataError(f"{name}：“{chinese}”的译文{problem}")
    return data


def page_at(site, path):
    url_path = site.root_page.url_path + path.lstrip("/")
    page = Page.objects.filter(url_path=url_path, locale_id=site.root_page.locale_id).first()
    if page is None:
        raise KazakhDataError(f"{path}：网站上没有这个页面")
    return page.specific


def prose_fields(page):
    return {field.name for field in type(page)._meta.concrete_fields if is_prose(field)}


def wanted_texts(entry, page, po):
    """{msgctxt: Kazakh} for the page's segments the entry translates, and the entry's texts
    that matched no segment (their Chinese has changed since)."""
    texts = entry.get("texts", {})
    # The SEO title, where the page has one, is the translated title.
    own = {"seo_title": entry["title"], **{name: entry[name] for name in FIELDS}}
    prose = prose_fields(page)
    wanted, used = {}, set()
    for item in po:
        if item.msgctxt in own:
            wanted[item.msgctxt] = own[item.msgctxt]
            continue
        if item.msgctxt.split(".", 1)[0] not in prose:
            continue  # a fact or a short field: the Chinese page's, never translated here
        lines = [html.unescape(line).strip() for line in item.msgid.split(LINE_BREAK)]
        if all(line in texts for line in lines if line):
            wanted[item.msgctxt] = LINE_BREAK.join(texts[line] if line else "" for line in lines)
            used.update(lines)
    return wanted, sorted(set(texts) - used)


def stale_texts(site, path=DATA):
    """{page path: [Chinese texts the page no longer has]} of the file against the site."""
    data = load(path)
    kazakh = Locale.objects.get(language_code=settings.KAZAKH)
    stale = {}
    for entry in data["pages"]:
        page = page_at(site, entry["path"])
        source, _created = TranslationSource.get_or_create_from_instance(page)
        po = Translation(source=source, target_locale=kazakh).export_po()
        unused = wanted_texts(entry, page, po)[1]
        if unused:
            stale[entry["path"]] = unused
    return stale


@transaction.atomic
def seed_kazakh(site, log=print, path=DATA):
    """Translate the file's pages into Kazakh (parents first, as the file lists them). Returns the
    paths of the pages published."""
    data = load(path)
    kazakh = Locale.objects.get(language_code=settings.KAZAKH)
    pages = [(entry, page_at(site, entry["path"])) for entry in data["pages"]]
    published = []
    for entry, page in pages:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=kazakh, defaults={"enabled": True}
        )
        edited = StringTranslation.objects.filter(
            context__object=source.object, locale=kazakh
        ).exclude(tool_name=REVIEW_TOOL)
        if edited.exists():
            continue  # a translator has worked on it: theirs now
        po = translation.export_po()
        wanted, stale = wanted_texts(entry, page, po)
        if stale:
            log(f"{entry['path']}：{len(stale)} 条译文的中文原文已改，未使用：{stale[0]}…")
        changed = False
        for item in po:
            if item.msgctxt in wanted and item.msgstr != wanted[item.msgctxt]:
                item.msgstr = wanted[item.msgctxt]
                changed = True
        target = page.get_translation_or_none(kazakh)
        if not changed and target is not None and target.live:
            continue
        translation.import_po(po, translation_type="machine", tool_name=REVIEW_TOOL)
        translation.save_target(publish=True)
        published.append(entry["path"])
    fix_child_counts(kazakh)
    # wagtail-localize publishes each translation when the transaction commits, from the page as
    # it was when its revision was saved: a parent saved before its children were added is
    # published with a child count of 0. Count again after those publishes.
    transaction.on_commit(lambda: fix_child_counts(kazakh))
    if published:
        log(f"哈萨克文译文（待母语审校）：发布 {len(published)} 个页面。")
    return published


def fix_child_counts(locale):
    """Translations made parent first leave the tree's child counts of the translated parents at 0
    (treebeard's numchild, which Page.find_problems() reports and the admin explorer reads)."""
    for parent in Page.objects.filter(locale=locale):
        # By path: get_children() trusts numchild and answers nothing for a "leaf".
        count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        if parent.numchild != count:
            Page.objects.filter(pk=parent.pk).update(numchild=count)

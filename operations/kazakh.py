"""The shipped Kazakh translations (operations/data/kazakh.json): the home page, the sections
and the most-used services and guides, written for the site by a non-native writer.

They are made through wagtail-localize, as an editor's would be, and every string is recorded as
a draft awaiting a native speaker's review: the translation editor shows “Translated with
种子译文（待母语审校）” beside it until a translator changes it. Loading is idempotent and never
undoes a translator's work: a string someone has edited is left alone, and a page whose strings
are all as shipped is not published again.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

DATA = Path(__file__).resolve().parent / "data" / "kazakh.json"
REVIEW_TOOL = "种子译文（待母语审校）"
FIELDS = ("title", "summary")


class KazakhDataError(ValueError):
    pass


def load(path=DATA):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data.get("version"), int) or not isinstance(data.get("pages"), list):
        raise KazakhDataError(f"{path}: 需要 version（整数）和 pages（列表）")
    for number, entry in enumerate(data["pages"], start=1):
        if not str(entry.get("path", "")).startswith("/"):
            raise KazakhDataError(f"{path} 第 {number} 项：path 必须以 / 开头")
        if not all(str(entry.get(name, "")).strip() for name in FIELDS):
            raise KazakhDataError(f"{entry['path']}：title 和 summary 都不能为空")
    return data


def page_at(site, path):
    url_path = site.root_page.url_path + path.lstrip("/")
    page = Page.objects.filter(url_path=url_path, locale_id=site.root_page.locale_id).first()
    if page is None:
        raise KazakhDataError(f"{path}：网站上没有这个页面")
    return page.specific


def count_children(locale):
    """Set the child counts of the locale's pages from the tree itself."""
    for parent in Page.objects.filter(locale=locale):
        # By path: get_children() trusts numchild and answers nothing for a "leaf".
        count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        if parent.numchild != count:
            Page.objects.filter(pk=parent.pk).update(numchild=count)


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
        changed = False
        # The SEO title, where the page has one, is the translated title.
        texts = {**dict.fromkeys(("seo_title",), entry["title"]), **entry}
        for item in po:
            wanted = texts.get(item.msgctxt) if item.msgctxt in (*FIELDS, "seo_title") else None
            if wanted and item.msgstr != wanted:
                item.msgstr = wanted
                changed = True
        target = page.get_translation_or_none(kazakh)
        if not changed and target is not None and target.live:
            continue
        translation.import_po(po, translation_type="machine", tool_name=REVIEW_TOOL)
        translation.save_target(publish=True)
        published.append(entry["path"])
    # Translations made parent first leave the tree's child counts of the translated parents at 0
    # (treebeard's numchild, which Page.find_problems() reports and the admin explorer reads):
    # wagtail-localize publishes each translation when the transaction commits, saving the parent
    # as it was before its children were added. So the counts are set after those publications.
    transaction.on_commit(lambda: count_children(kazakh))
    if published:
        log(f"哈萨克文译文（待母语审校）：发布 {len(published)} 个页面。")
    return published

"""Content checks of the translations (core.localization): each live translated page passes the
checks its form gives an editor (full_clean: lengths, required texts, codes unique in its
language), belongs to a live Chinese page, and has a title in its own language."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.models import Page

from core import localization
from core.content_checks import ERROR, WARNING, Finding

HAN = re.compile(r"[\u4e00-\u9fff]")


def translation_rules():
    default = localization.locale_id(localization.default_language())
    pages = Page.objects.live().exclude(locale_id=default).exclude(depth=1).specific()
    sources = {
        str(key): live
        for key, live in Page.objects.filter(locale_id=default).values_list(
            "translation_key", "live"
        )
    }
    names = dict(settings.LANGUAGES)
    for page in pages.order_by("path"):
        language = names.get(page.locale.language_code, page.locale.language_code)
        record = f"{language} · {page.title}"

        def finding(severity, field, message, rule, page=page, record=record):
            return Finding(
                rule=rule,
                severity=severity,
                record=record,
                field=field,
                message=message,
                page_id=page.pk,
            )

        if not sources.get(str(page.translation_key)):
            yield finding(
                WARNING,
                "",
                "译文对应的中文页面不存在或未发布，译文不会显示。",
                "translation-orphan",
            )
        try:
            page.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = type(page)._meta.get_field(name) if name != "__all__" else None
                for message in messages:
                    yield finding(
                        ERROR,
                        str(field.verbose_name) if field else "",
                        message,
                        "translation-invalid",
                    )
        if HAN.search(page.title):
            yield finding(WARNING, "标题", "译文标题含有汉字，可能还没有翻译。", "translation-han")

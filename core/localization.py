"""The site's second language (Kazakh in the Arabic script): addresses, translations and fallback.

The Chinese page tree is the site: its structure, facts (codes, phones, addresses, hours) and
relations (which community offers which service) exist once, there. A Kazakh page is a translation
of a Chinese page, made and reviewed in the admin with wagtail-localize (it lives in the Kazakh
locale's own tree, under the translated home page). A request under /kk/ is routed through the
Chinese tree, and the page found is shown with its translation's texts laid over it (`overlay`):
the title, summary, SEO texts and every long text (TextField, RichTextField, StreamField). Short
fields (codes, phone numbers, place names) stay the Chinese page's, so a translator can never
change a fact. A page without a live translation is shown in Chinese under /kk/, with a note in
Kazakh saying so (the fallback), and its address stays /kk/… so the resident's links stay Kazakh.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from wagtail.fields import StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from pagecache import registry
from pagecache.generation import remember

OWN_TEXTS = ("title", "seo_title", "search_description")


def default_language():
    return settings.LANGUAGE_CODE


def current_language():
    return translation.get_language() or settings.LANGUAGE_CODE


# The language of the addresses links take: the page's, even while a part of it is written in
# another (a Kazakh address of a page without a translation: its content, labels too, in Chinese).
_address_language = contextvars.ContextVar("address_language", default=None)


def address_language():
    """The language whose addresses links take (/kk/…): the page's, else the active one."""
    return _address_language.get() or current_language()


@contextlib.contextmanager
def texts_in(language):
    """Write texts (template labels, translated records) in `language` while links keep the
    page's addresses (core.templatetags.language_tags.texts_in)."""
    token = _address_language.set(address_language())
    try:
        with translation.override(language):
            yield
    finally:
        _address_language.reset(token)


def is_default(language=None):
    return (language or current_language()) == settings.LANGUAGE_CODE


def bcp47(code):
    """A Django language code as HTML and hreflang want it: zh-hans → zh-Hans, kk-arab → kk-Arab
    (a four-letter subtag is a script, title case; a two-letter one a region, upper case)."""
    first, *rest = code.split("-")
    parts = [first.lower()]
    for part in rest:
        parts.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(parts)


def url_prefix(language):
    """ "/kk" for Kazakh, "" for Chinese (its addresses are unchanged)."""
    if is_default(language):
        return ""
    return "/" + settings.LANGUAGE_URL_PREFIXES.get(language, language)


def split_path(path):
    """(language, the path as it would be in Chinese) of a site path: /kk/services/ →
    ("kk-arab", "/services/")."""
    for language, prefix in settings.LANGUAGE_URL_PREFIXES.items():
        if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
            return language, path[len(prefix) + 1 :] or "/"
    return settings.LANGUAGE_CODE, path


def path_in(path, language):
    """The same site path in another language: /services/ ↔ /kk/services/ (query kept)."""
    _language, chinese = split_path(path)
    return url_prefix(language) + chinese


def other_languages(language=None):
    language = language or current_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != language]


@functools.cache
def locale_id(language):
    """The Locale's id for a language code; locales are made once (core's migration) and never
    renumbered, so each process asks once."""
    return Locale.objects.values_list("pk", flat=True).get(language_code=language)


def translations(language):
    """{translation key: page id} of the live pages in `language`, kept per page-cache
    generation (publishing or unpublishing a translation starts a new one)."""

    def lookup():
        pages = Page.objects.filter(locale_id=locale_id(language), live=True)
        return {str(key): pk for key, pk in pages.values_list("translation_key", "pk")}

    return remember(f"translations:{language}", lookup)


def has_translation(page, language):
    return str(page.translation_key) in translations(language)


def translation_of(page, language):
    """The live translation of a Chinese page in `language` (a specific page), or None."""
    pk = translations(language).get(str(page.translation_key))
    if pk is None:
        return None
    return Page.objects.get(pk=pk).specific


def source_of(page):
    """The Chinese page a translation was made from (a specific page), or None."""
    return (
        Page.objects.filter(
            translation_key=page.translation_key, locale_id=locale_id(default_language())
        )
        .specific()
        .first()
    )


def retired_with_source(page):
    """A translation is shown through its Chinese page (the tree /kk/ requests are routed
    through): its change retires what a change of that page retires (pagecache.registry)."""
    if page.locale_id == locale_id(default_language()):
        return set()
    source = source_of(page)
    return registry.retired_by(source) if source is not None else set()


def is_prose(field):
    """A text a translator writes: Wagtail's own text fields (url_path is a TextField) are the
    tree's, never laid over."""
    if field.name in OWN_TEXTS:
        return True
    return field.model is not Page and isinstance(field, models.TextField | StreamField)


def overlay(page, translated):
    """Show `page` (Chinese) with the texts of its translation: the title, SEO texts and long
    texts; the snippets it chooses (a category) in their translation where there is one."""
    for field in type(page)._meta.concrete_fields:
        if is_prose(field) and hasattr(translated, field.attname):
            setattr(page, field.attname, getattr(translated, field.attname))
    localize_snippets(page)
    page.translated_from = translated
    return page


def translated_field_names(model):
    """The texts a translator writes in a translatable record (wagtail-localize's
    TranslatableFields of the model); its other fields (slugs, codes, phones, order) are facts
    and stay the Chinese record's."""
    return [
        field.field_name
        for field in get_translatable_fields(model)
        if isinstance(field, TranslatableField)
        and not isinstance(model._meta.get_field(field.field_name), models.ForeignKey)
    ]


def localize_records(records, language=None):
    """Lay each Chinese record's translation (in `language`, the active one by default) over it:
    its translated texts, in place, with one query per model. Records without a translation stay
    Chinese. Returns the records as a list."""
    records = list(records)
    language = language or current_language()
    if is_default(language):
        return records
    by_model = {}
    for record in records:
        if isinstance(record, TranslatableMixin) and not isinstance(record, Page):
            by_model.setdefault(type(record), []).append(record)
    for model, chinese in by_model.items():
        names = translated_field_names(model)
        translated = {
            row["translation_key"]: row
            for row in model._default_manager.filter(
                translation_key__in={record.translation_key for record in chinese},
                locale_id=locale_id(language),
            ).values("translation_key", *names)
        }
        for record in chinese:
            row = translated.get(record.translation_key)
            if row is not None and record.locale_id != locale_id(language):
                for name in names:
                    setattr(record, name, row[name])
    return records


def localize_snippets(obj):
    """Show the translatable snippets `obj` points to (a page's category) in the active language:
    their Chinese record with its translation's texts, when there is one."""
    for field in type(obj)._meta.concrete_fields:
        related = field.related_model
        if (
            field.many_to_one
            and related is not None
            and issubclass(related, TranslatableMixin)
            and not issubclass(related, Page)
        ):
            value = getattr(obj, field.name)
            if value is not None:
                localize_records([value])


class LocalizedUrlMixin:
    """A Chinese page's address in the active language: /kk/… while a Kazakh page is being
    rendered (the translation, or the Chinese page as its fallback), unchanged otherwise."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        language = address_language()
        if parts is None or is_default(language):
            return parts
        if self.locale_id != locale_id(default_language()):
            return parts  # a translation, already under its language's prefix
        site_id, root_url, page_path = parts
        return site_id, root_url, url_prefix(language) + page_path


def in_default_language(pages):
    """Only the Chinese pages of a page queryset: the site itself, without the translations
    (exports, imports, content checks, counts)."""
    return pages.filter(locale_id=locale_id(default_language()))


class UniqueInLanguageMixin:
    """Fields unique among the pages (or translatable records) of one language (a service's
    目录编号, a category's name): a translation carries its page's code, so the database cannot
    hold them unique, and the check is made here, with the message the database's unique check
    gave."""

    unique_in_language = ()

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        errors = {}
        model = type(self)
        for name in self.unique_in_language:
            if exclude and name in exclude:
                continue
            value = getattr(self, name)
            if value in (None, ""):
                continue
            # A new record's locale is set when it is saved (Wagtail): the default language's.
            locale = self.locale_id or locale_id(default_language())
            clash = model.objects.filter(**{name: value}, locale_id=locale)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                field = model._meta.get_field(name)
                errors[name] = (
                    f"具有{field.verbose_name}“{value}”的{model._meta.verbose_name}已存在。"
                )
        if errors:
            raise ValidationError(errors)

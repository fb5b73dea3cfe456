"""The page's language: lang and dir of <html>, the language switcher, hreflang alternates, and
whether a Kazakh address shows a page that has no translation yet (core.localization)."""

from django import template
from django.utils.translation import get_language_bidi

from wagtail.models import Page

from core import localization
from core.seo import site_root

register = template.Library()


def untranslated(request):
    return getattr(request, "untranslated_page", None) is not None


@register.simple_tag(takes_context=True)
def language_status(context):
    """{"code": "kk-Arab", "dir": "rtl", "switch": [links to this page in the other languages],
    "alternates": [(hreflang, absolute URL)], "untranslated": bool} for the page being rendered.

    The switcher keeps the path and query (/kk/services/?category=x ↔ /services/?category=x):
    under /kk/ every Chinese page exists, translated or in Chinese with a note. hreflang pairs
    are given only for pages translated for real (a fallback is not a page in Kazakh)."""
    request = context.get("request")
    language = localization.current_language()
    status = {
        "code": localization.bcp47(language),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "switch": [],
        "alternates": [],
        "untranslated": bool(request and untranslated(request)),
        "default_code": localization.bcp47(localization.default_language()),
        # The language the page's own content is written in: Chinese on a fallback page.
        "text_language": localization.default_language()
        if bool(request and untranslated(request))
        else language,
    }
    if request is None:
        return status
    full_path = request.get_full_path()
    status["switch"] = [
        {
            "code": localization.bcp47(code),
            "name": name,
            "url": localization.path_in(full_path, code),
            "rtl": not localization.is_default(code),
        }
        for code, name in localization.other_languages(language)
    ]
    page = context.get("page")
    if isinstance(page, Page) and not status["untranslated"]:
        status["alternates"] = alternates(request, page)
    return status


def alternates(request, page):
    """(hreflang, URL) of this address in each language the page is translated into, and
    x-default (Chinese); [] for a page only in Chinese."""
    languages = [
        code
        for code, _name in localization.other_languages(localization.default_language())
        if localization.has_translation(page, code)
    ]
    if not languages:
        return []
    root = site_root(request)
    links = [
        (localization.bcp47(code), root + localization.path_in(request.path, code))
        for code in [localization.default_language(), *languages]
    ]
    return [*links, ("x-default", links[0][1])]


@register.tag
def texts_in(parser, token):
    """{% texts_in language %}…{% endtexts_in %}: the enclosed labels and records written in that
    language (a Django code), links still to the page's own addresses. A Kazakh address of a page
    without a translation shows its content in Chinese, its labels too (one language per part of
    the page, as its lang attribute says)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("texts_in takes one language")
    nodelist = parser.parse(("endtexts_in",))
    parser.delete_first_token()
    return TextsInNode(parser.compile_filter(bits[1]), nodelist)


class TextsInNode(template.Node):
    def __init__(self, language, nodelist):
        self.language, self.nodelist = language, nodelist

    def render(self, context):
        with localization.texts_in(self.language.resolve(context)):
            return self.nodelist.render(context)

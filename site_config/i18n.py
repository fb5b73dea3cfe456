"""Language in the address: Chinese pages keep their addresses, Kazakh ones start with /kk/.

Only the path decides the language (Django's LocaleMiddleware with prefix_default_language off
ignores cookies and Accept-Language for unprefixed paths), so the page cache, which keys pages by
path, can never hand one language's page to a visitor of the other.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language

from wagtail import hooks
from wagtail.models import Site

from core import localization


class LanguagePrefixPattern(LocalePrefixPattern):
    """Django's prefix pattern with the site's own prefixes: /kk/ for "kk-arab" (a language code
    of our own, see settings), nothing for Chinese."""

    @property
    def language_prefix(self):
        language = get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return ""
        return settings.LANGUAGE_URL_PREFIXES.get(language, language) + "/"


def language_patterns(*urls):
    return [URLResolver(LanguagePrefixPattern(prefix_default_language=False), list(urls))]


def serve(request, path):
    """Wagtail's page view, routed through the Chinese tree in every language: in Kazakh the page
    found shows its translation's texts, or its Chinese texts with a note when it has none."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page, args, kwargs = site.root_page.specific.route(request, components)
    language = localization.current_language()
    if not localization.is_default(language):
        translated = localization.translation_of(page, language)
        if translated is None:
            request.untranslated_page = page
            localization.localize_snippets(page)  # its category's name, where translated
        else:
            localization.overlay(page, translated)
    request._wagtail_route_for_request = (page, args, kwargs)

    def chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for hook in reversed(hooks.get_hooks("on_serve_page")):
        chain = hook(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)

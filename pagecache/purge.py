"""The frontend cache (a CDN, Varnish) gets the same URLs the page cache retires.

With `WAGTAILFRONTENDCACHE` configured, every targeted change purges the URLs of the pages whose
tags it retired (each with its routes, as Wagtail's `get_cached_paths` lists them): the page, its
subtree, its ancestors, the pages referencing it and the pages listing it. A site-wide change
(settings, navigation) purges nothing: a CDN cannot be told "every URL" through Wagtail's backends,
so those pages refresh at the end of their `s-maxage`. Each page is purged at its address in every
language (settings.LANGUAGES): a page served under another language's prefix (/kk/…) is the same
page, with the same tags, and its address there is what the page gives while that language is
active. Wagtail's own handlers, which purge only the
published page, are not installed (wagtail.contrib.frontend_cache is not in INSTALLED_APPS).
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import translation

from pagecache import tags


def pages_for(retired):
    """The live pages whose responses carry any of the `retired` tags."""
    from wagtail.models import Page

    condition = Q()
    for tag in retired:
        kind, _, value = tag.partition(":")
        if kind == "at":
            condition |= Q(path=value)
        elif kind == "below":
            condition |= Q(path__startswith=value, depth__gt=len(value) // Page.steplen)
    page_types = [model for model in apps.get_models() if issubclass(model, Page)]
    for model in page_types:
        shown = set(getattr(model, "page_cache_tags", (tags.PAGES,)))
        if shown & set(retired) and not model._meta.abstract:
            condition |= Q(content_type__app_label=model._meta.app_label) & Q(
                content_type__model=model._meta.model_name
            )
    if not condition:
        return Page.objects.none()
    return Page.objects.live().filter(condition).specific(defer=True)


def purge_retired(retired):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or tags.SITE in retired:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    pages = list(pages_for(retired))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            batch.add_pages(pages)
    batch.purge()

"""The page-cache generation, and answers kept for the current content (`remember`).

A site-wide change (settings, navigation, a snippet shown on many pages, a view restriction)
starts a new *generation*: every stored page and remembered answer is retired at once. Other
changes retire only the pages that show them (cache tags, pagecache.tags and pagecache.registry).
Pages are kept at most PAGE_CACHE_SECONDS, and never past the next scheduled change an app
reported.
"""

import logging

from django.conf import settings
from django.core.cache import caches

from pagecache import tags

logger = logging.getLogger(__name__)

GENERATION_KEY = tags.GENERATION_KEY


def page_cache():
    return caches["pages"]


def new_generation(**_kwargs):
    """Retire every cached page and remembered answer (site-wide changes)."""
    retire_tags({tags.SITE})


def retire_tags(retired):
    try:
        tags.retire(page_cache(), retired)
    except Exception:  # a cache outage must not stop an editor from publishing
        logger.exception("Could not invalidate the page cache")


def current_generation(cache):
    """The version of the site's content as remembered answers see it: it changes with every
    site-wide change and every page published, unpublished, moved or deleted."""
    versions = tags.versions_to_store(cache, (tags.SITE, tags.PAGES))
    return f"{versions[tags.SITE]}.{versions[tags.PAGES]}"


def remember(name, compute):
    """compute()'s answer, kept in the page cache until the next change of any page or a site-wide
    change, so it is never older than the last change. Computed afresh (and not kept) when the
    cache is down. Pages that show it say what they show themselves (pagecache.tags)."""
    try:
        cache = page_cache()
        key = f"{name}:{current_generation(cache)}"
        value = cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            if value is not None:  # None (nothing found) is not kept: junk URLs fill no cache
                cache.set(key, value, max(settings.PAGE_CACHE_SECONDS, 300))
        except Exception:
            logger.warning("Page cache unavailable; %s not kept", name, exc_info=True)
    return value

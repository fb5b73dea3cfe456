"""The page-cache generation, and answers kept for the current content (`remember`).

A site-wide change (settings, navigation, a snippet shown on many pages, a view restriction)
starts a new *generation*: every stored page and remembered answer is retired at once. Other
changes retire only the pages that show them (cache tags, pagecache.tags and pagecache.registry).
Pages are kept at most PAGE_CACHE_SECONDS, and never past the next scheduled change an app
reported.
"""

import contextvars
import logging

from django.conf import settings
from django.core.cache import caches

from pagecache import tags

logger = logging.getLogger(__name__)

GENERATION_KEY = tags.GENERATION_KEY

# The generation read once per response rendered through the page-cache middleware: a page asks
# for a dozen remembered answers, and each would read the same two versions again.
_response_generation = contextvars.ContextVar("pagecache_response_generation", default=None)


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
    site-wide change and every page published, unpublished, moved or deleted. Read once per
    response (a change while it renders is caught by the middleware, which then keeps nothing)."""
    memo = _response_generation.get()
    if memo:
        return memo[0]
    versions = tags.versions_to_store(cache, (tags.SITE, tags.PAGES))
    generation = f"{versions[tags.SITE]}.{versions[tags.PAGES]}"
    if memo is not None:
        memo.append(generation)
    return generation


def start_response():
    """Read the generation at most once until end_response (the middleware calls both)."""
    return _response_generation.set([])


def end_response(token):
    _response_generation.reset(token)


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

"""The page-cache generation, and answers kept for the current generation (`remember`).

Every stored page and remembered answer carries the cache *generation*; publishing, unpublishing,
moving or deleting a page, or changing a model an app registered (see `pagecache.registry`),
starts a new generation, so no visitor sees anything older than the last change. Pages are kept
at most PAGE_CACHE_SECONDS, and never past the next scheduled change an app reported.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache-generation"


def page_cache():
    return caches["pages"]


def new_generation(**_kwargs):
    """Invalidate every cached page (connected to the content-change signals)."""
    try:
        page_cache().set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must not stop an editor from publishing
        logger.exception("Could not invalidate the page cache")


def current_generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def remember(name, compute):
    """compute()'s answer, kept in the page cache for the current generation: any content change
    starts a new generation, so it is never older than the last change. Computed afresh (and not
    kept) when the cache is down."""
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

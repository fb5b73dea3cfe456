"""A page cache for anonymous visitors: a hit is served without touching the database.

Every stored page carries the cache *generation*; publishing, unpublishing, moving or deleting a
page, or changing a snippet that pages show (categories, audiences, synonyms), starts a new
generation, so no visitor sees a page older than the last change. Pages are kept at most
PAGE_CACHE_SECONDS, and never past the next moment a notice starts or ends.

Editors (anyone with a session), previews (under /admin/), search results and preference
switches are never served from or stored in the cache.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache-generation"
UNCACHED_PREFIXES = ("/admin/", "/search/", "/preferences", "/documents/", "/django-admin/")
STORED_CONTENT_TYPES = ("text/html", "application/xml", "text/xml", "text/plain", "text/csv")


def page_cache():
    return caches["pages"]


def new_generation(**_kwargs):
    """Invalidate every cached page (connected to the content-change signals)."""
    try:
        page_cache().set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must not stop an editor from publishing
        logger.exception("Could not invalidate the page cache")


def _generation(cache):
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
        key = f"{name}:{_generation(cache)}"
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


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").startswith(STORED_CONTENT_TYPES)
    )


def next_notice_change(now):
    """When the next notice starts or ends (a banner appears or goes), or None."""
    from communities.models import NoticePage

    moments = [
        moment
        for pair in NoticePage.objects.live()
        .filter(ends_at__gt=now)
        .values_list("starts_at", "ends_at")
        for moment in pair
        if moment > now
    ]
    return min(moments, default=None)


def seconds_to_keep(cache=None, generation=None):
    """PAGE_CACHE_SECONDS, or less when a notice starts or ends sooner (its banner must appear).

    The next change is looked up once per cache generation (publishing a notice starts one)."""
    now = timezone.now()
    key = f"next-notice-change:{generation}"
    change = cache.get(key) if cache is not None else None
    if change is None or (change and change <= now):
        change = next_notice_change(now) or False  # False: no notice ahead
        if cache is not None:
            cache.set(key, change, settings.PAGE_CACHE_SECONDS)
    limit = settings.PAGE_CACHE_SECONDS
    if change:
        limit = min(limit, int((change - now).total_seconds()) + 1)
    return max(limit, 1)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        # Outside the try: a forged Host header must end in Django's 400, not look like an outage.
        digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        try:
            generation = _generation(cache)
            key = f"page:{generation}:{digest}"
            stored = cache.get(key)
        except Exception:  # cache server down: serve from the database
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            seconds = seconds_to_keep(cache, generation)
            response["Cache-Control"] = f"public, max-age=60, s-maxage={seconds}"
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            try:
                cache.set(key, (response.status_code, headers, response.content), seconds)
            except Exception:
                logger.warning("Page cache unavailable; response not stored", exc_info=True)
            response["X-Cache"] = "MISS"
        return response

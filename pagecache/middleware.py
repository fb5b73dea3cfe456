"""The anonymous page cache: a hit is served without touching the database.

Editors (anyone with a session), previews (under /admin/), search results and preference
switches are never served from or stored in the cache.
"""

import hashlib
import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import urlencode

from pagecache import registry
from pagecache.generation import current_generation, page_cache

logger = logging.getLogger(__name__)
UNCACHED_PREFIXES = ("/admin/", "/search/", "/preferences", "/documents/", "/django-admin/")
STORED_CONTENT_TYPES = ("text/html", "application/xml", "text/xml", "text/plain", "text/csv")


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and registry.known_query(request.GET.keys())
    )


def cache_key(request, generation):
    """The page's key: host, path and the query in a fixed order (?b=2&a=1 is ?a=1&b=2)."""
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in values)
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


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


def seconds_to_keep(cache=None, generation=None):
    """PAGE_CACHE_SECONDS, or less when scheduled content (a notice) appears or goes sooner.

    The next change is looked up once per cache generation (publishing a notice starts one)."""
    now = timezone.now()
    key = f"next-notice-change:{generation}"
    change = cache.get(key) if cache is not None else None
    if change is None or (change and change <= now):
        change = registry.next_change(now) or False  # False: nothing scheduled ahead
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
        request.get_host()
        try:
            generation = current_generation(cache)
            key = cache_key(request, generation)
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

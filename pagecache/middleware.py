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

from pagecache import registry, tags
from pagecache.generation import current_generation, page_cache

logger = logging.getLogger(__name__)
UNCACHED_PREFIXES = ("/admin/", "/search/", "/preferences", "/documents/", "/django-admin/")
STORED_CONTENT_TYPES = (
    "text/html",
    "application/xml",
    "text/xml",
    "text/plain",
    "text/csv",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
)


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and registry.known_query(request.GET.keys())
    )


def cache_key(request):
    """The page's key: host, path and the query in a fixed order (?b=2&a=1 is ?a=1&b=2)."""
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in values)
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


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


def seconds_to_keep(cache=None):
    """PAGE_CACHE_SECONDS, or less when scheduled content (a notice) appears or goes sooner.

    The next change is looked up again after any page changed (publishing a notice is one)."""
    now = timezone.now()
    key = f"next-notice-change:{current_generation(cache)}" if cache is not None else None
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
    """A stored page is (status, headers, content, {tag: version}); it is served while no tag it
    carries has been retired (pagecache.tags): the page itself, the pages and lists it shows, and
    the generation for site-wide changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        # Outside the try: a forged Host header must end in Django's 400, not look like an outage.
        key = cache_key(request)
        try:
            stored = cache.get(key)
            if stored is not None and tags.still_valid(cache, stored[3]):
                return self.hit(stored)
            changes_before = tags.versions_to_store(cache, [tags.CHANGES])[tags.CHANGES]
        except Exception:  # cache server down: serve from the database
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        token = tags.start_collecting()
        try:
            response = self.get_response(request)
        finally:
            shown = tags.stop_collecting(token)
        if is_cacheable_response(response):
            self.store(cache, key, response, shown, changes_before)
        return response

    @staticmethod
    def hit(stored):
        status, headers, content, _versions = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response

    @staticmethod
    def store(cache, key, response, shown, changes_before):
        # A response that says nothing of what it shows (not a Wagtail page: a sitemap, the API)
        # depends on every page.
        shown = {*(shown or {tags.PAGES}), tags.SITE, tags.CHANGES}
        try:
            seconds = seconds_to_keep(cache)
            response["Cache-Control"] = f"public, max-age=60, s-maxage={seconds}"
            versions = tags.versions_to_store(cache, shown)
            # Something changed while this was rendered: it may show the old rows; not kept.
            if versions.pop(tags.CHANGES) == changes_before:
                headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
                cache.set(key, (response.status_code, headers, response.content, versions), seconds)
        except Exception:
            logger.warning("Page cache unavailable; response not stored", exc_info=True)
        response["X-Cache"] = "MISS"

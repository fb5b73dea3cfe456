"""The anonymous page cache: a hit is served without touching the database.

Editors (anyone with a session), previews (under /admin/), search results and preference
switches are never served from or stored in the cache.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import urlencode

from pagecache import registry, tags
from pagecache.generation import current_generation, end_response, page_cache, start_response

logger = logging.getLogger(__name__)
# When a popular page is retired, every worker asked for it in that moment would render it at once
# (home, after each publish). One renders it; the others wait for its result — never for an older
# copy — and render it themselves if it does not come (an error page, a 404, a slow render).
RENDER_WAIT_SECONDS = 2.0
RENDER_POLL_SECONDS = 0.01
RENDER_LOCK_SECONDS = 10  # if the renderer dies, the next request renders after this
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
        lock = f"{key}:rendering"
        try:
            stored = self.valid(cache, key)
            if stored is not None:
                return self.hit(stored)
            rendering = cache.add(lock, 1, RENDER_LOCK_SECONDS)
            if not rendering:
                stored = self.wait_for(cache, key, lock)
                if stored is not None:
                    return self.hit(stored)
            changes_before = tags.versions_to_store(cache, [tags.CHANGES])[tags.CHANGES]
        except Exception:  # cache server down: serve from the database
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        token, generation_token = tags.start_collecting(), start_response()
        try:
            try:
                response = self.get_response(request)
            finally:
                shown = tags.stop_collecting(token)
                end_response(generation_token)
            if is_cacheable_response(response):
                self.store(cache, key, response, shown, changes_before)
            return response
        finally:
            # Released even when the render failed: the others then render, not wait 2 s each.
            if rendering:
                self.release(cache, lock)

    @staticmethod
    def release(cache, lock):
        try:
            cache.delete(lock)
        except Exception:
            logger.warning("Page cache unavailable; render lock left to expire", exc_info=True)

    @staticmethod
    def valid(cache, key):
        """The stored response for `key` if no tag it carries was retired since, else None."""
        stored = cache.get(key)
        return stored if stored is not None and tags.still_valid(cache, stored[3]) else None

    @classmethod
    def wait_for(cls, cache, key, lock):
        """Another worker is rendering `key`: its response once stored, or None when it gave up
        (released the lock without storing) or took longer than RENDER_WAIT_SECONDS."""
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
            stored = cls.valid(cache, key)
            if stored is not None:
                return stored
            if not cache.has_key(lock):
                return cls.valid(cache, key)
        return None

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

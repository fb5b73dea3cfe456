"""Per-address rate limits on search, the admin login and residents' submissions, counted in the
default cache.

A fixed one-minute window per client address (site_config.client: behind trusted proxies, the
visitor's, not the proxy's) and path prefix (settings.RATE_LIMITS). A key may name a method
("POST /take-part/"): it counts only those requests, besides the path's own limit. It works
with the local-memory cache of the embedded set-up (counting per process, so a little more
lenient) and with Redis (shared by every server). If the cache is down, requests are let through.
Paths are matched without their language prefix: /kk/take-part/ counts as /take-part/, in the
same window, so a second language is not a second allowance.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from core.localization import split_path
from site_config.client import client_address


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, per_minute in self.matching(settings.RATE_LIMITS, request):
            address = client_address(request) or "unknown"
            if self.exceeded(key, per_minute, address):
                return self.too_many(request)
        return self.get_response(request)

    @staticmethod
    def matching(limits, request):
        """The limits that count this request: the longest matching path prefix (so
        /search/suggest/ is not counted as /search/), and the longest for its method."""
        found = {}
        _language, path = split_path(request.path)
        for key, per_minute in sorted(limits.items(), key=lambda item: -len(item[0])):
            method, _, prefix = key.rpartition(" ")
            if method and method != request.method:
                continue
            if path.startswith(prefix) and method not in found:
                found[method] = (key, per_minute)
        return list(found.values())

    @staticmethod
    def exceeded(prefix, per_minute, address):
        window = int(time.time() // 60)
        # No spaces in keys ("POST /take-part/"): memcached-style backends refuse them.
        key = f"ratelimit:{prefix.replace(' ', '_')}:{address}:{window}"
        cache.add(key, 0, 90)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            count = 1
        return count is not None and count > per_minute

    @staticmethod
    def too_many(request):
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(60 - int(time.time()) % 60)
        response["Cache-Control"] = "no-store"
        return response

"""Per-address rate limits on search and the admin login, counted in the default cache.

A fixed one-minute window per client address (site_config.client: behind trusted proxies, the
visitor's, not the proxy's) and path prefix (settings.RATE_LIMITS). It works
with the local-memory cache of the embedded set-up (counting per process, so a little more
lenient) and with Redis (shared by every server). If the cache is down, requests are let through.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from site_config.client import client_address


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Longest prefix first, so /search/suggest/ is not counted as /search/.
        limits = sorted(settings.RATE_LIMITS.items(), key=lambda item: -len(item[0]))
        for prefix, per_minute in limits:
            if request.path.startswith(prefix):
                address = client_address(request) or "unknown"
                if self.exceeded(prefix, per_minute, address):
                    return self.too_many(request)
                break
        return self.get_response(request)

    @staticmethod
    def exceeded(prefix, per_minute, address):
        window = int(time.time() // 60)
        key = f"ratelimit:{prefix}:{address}:{window}"
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

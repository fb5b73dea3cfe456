"""Which Wagtail Site serves a request, remembered per host name for a minute in each process.

Wagtail looks the Site up with a query on every request that needs it; the answer changes only
when an administrator edits the sites, so a short-lived in-process memory saves that query (and
its compilation) on every page view. Saving or deleting a Site clears this process's memory.

The lookup is left to the first code that asks (Wagtail's `Site.find_for_request`), and what it
found is remembered afterwards: a request that needs no Site, such as the display preferences,
touches no database and keeps working while the database is down.
"""

import itertools
import time

REMEMBER_SECONDS = 60
_remembered = {}
_forgotten = itertools.count(1)
_generation = 0  # moves on at every forget(), so a lookup begun before an edit is not kept


def forget(**_kwargs):
    global _generation
    _remembered.clear()
    _generation = next(_forgotten)


class SiteForRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()
        entry = _remembered.get(host)
        if entry is not None and entry[0] >= time.monotonic():
            request._wagtail_site = entry[1]  # Wagtail's own per-request cache attribute
            return self.get_response(request)
        generation = _generation
        response = self.get_response(request)
        # Looked up while answering (by Wagtail's Site.find_for_request): remember it.
        if hasattr(request, "_wagtail_site") and generation == _generation:
            _remembered[host] = (time.monotonic() + REMEMBER_SECONDS, request._wagtail_site)
        return response

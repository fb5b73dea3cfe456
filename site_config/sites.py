"""Which Wagtail Site serves a request, remembered per host name for a minute in each process.

Wagtail looks the Site up with a query on every request; the answer changes only when an
administrator edits the sites, so a short-lived in-process memory saves that query (and its
compilation) on every page view. Saving or deleting a Site clears this process's memory.
"""

import time

from wagtail.models import Site

REMEMBER_SECONDS = 60
_remembered = {}


def forget(**_kwargs):
    _remembered.clear()


class SiteForRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()
        entry = _remembered.get(host)
        if entry is None or entry[0] < time.monotonic():
            site = Site.find_for_request(request)
            _remembered[host] = (time.monotonic() + REMEMBER_SECONDS, site)
        else:
            request._wagtail_site = entry[1]  # Wagtail's own per-request cache attribute
        return self.get_response(request)

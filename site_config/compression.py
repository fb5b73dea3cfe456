"""Compress HTML, XML, CSV and JSON responses, except those that carry a CSRF token.

BREACH recovers a secret from a compressed response's length when an attacker can also reflect
text into it; a page that rendered a CSRF token (any form that POSTs, the whole admin) is sent
uncompressed, everything else (pages, feeds, sitemaps, the API, open data) gzipped. Static files
are compressed ahead of time by whitenoise (gzip and brotli).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class SafeGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        # A rendered token makes CsrfViewMiddleware (inside this one) set the CSRF cookie.
        carries_token = settings.CSRF_COOKIE_NAME in response.cookies
        if carries_token or request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)

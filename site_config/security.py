"""Security headers on every response, and control characters kept out of query parameters."""

import unicodedata

from django.http import QueryDict

# Public pages: nothing inline, nothing from another host. (JSON-LD blocks are data, not script.)
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The Wagtail admin: the strictest policy under which it still fully works (checked in the
# browser tests). Wagtail 8's date and snippet chooser widgets start with small inline scripts
# whose text varies per field (so hashes cannot list them) and its widgets set style attributes;
# previews are framed and images may be blobs. Still nothing from another host.
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "browsing-topics=(), interest-cohort=()"
)
# Public pages may ask for the visitor's position from our own scripts only: /communities/ sorts
# the stations by distance in the browser (static/js/nearest_stations.js) after a click, and the
# browser asks the visitor first. Frames and other origins still may not; the admin never may.
PUBLIC_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy; Django's SecurityMiddleware adds the rest
    (nosniff, Referrer-Policy, HSTS in production) and XFrameOptionsMiddleware frame protection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else PUBLIC_POLICY)
        response.setdefault(
            "Permissions-Policy", PERMISSIONS_POLICY if admin else PUBLIC_PERMISSIONS_POLICY
        )
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class QueryControlCharactersMiddleware:
    """Drop NUL and other control characters from query parameters before any view sees them.

    They are never meaningful in this site's URLs, and PostgreSQL refuses NUL in a query
    parameter, which would otherwise turn `?community=%00` into a server error on any page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(_has_control(key) or _has_control(value) for key, value in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(_strip_control(key), [_strip_control(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


def _has_control(value):
    if isinstance(value, list):
        return any(_has_control(item) for item in value)
    return any(unicodedata.category(ch) == "Cc" for ch in value)


def _strip_control(value):
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc")

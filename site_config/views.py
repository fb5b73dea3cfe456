"""Views of the site shell: display preferences, robots.txt and the server-error pages."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from core.seo import site_root
from site_config import preferences
from site_config.sitemaps import PagesSitemap

logger = logging.getLogger(__name__)


def _safe_next(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_GET
def set_preferences(request):
    """Switch text size, contrast or elder mode with a plain link, then go back to the page."""
    choices = {}
    if "mode" in request.GET:
        current_text, _ = preferences.read(request.COOKIES)
        choices = preferences.mode_choices(request.GET["mode"], current_text)
        if choices is None:
            return HttpResponseBadRequest(
                "未知的显示模式。", content_type="text/plain; charset=utf-8"
            )
    if "text" in request.GET:
        if request.GET["text"] not in preferences.TEXT_SIZES:
            return HttpResponseBadRequest("未知的字号。", content_type="text/plain; charset=utf-8")
        choices = {**choices, "text": request.GET["text"]}
    if "contrast" in request.GET:
        if request.GET["contrast"] not in preferences.CONTRASTS:
            return HttpResponseBadRequest(
                "未知的对比度。", content_type="text/plain; charset=utf-8"
            )
        choices = {**choices, "contrast": request.GET["contrast"]}

    response = HttpResponseRedirect(_safe_next(request), status=303)
    response["Cache-Control"] = "no-store"
    cookies = {"text": preferences.TEXT_COOKIE, "contrast": preferences.CONTRAST_COOKIE}
    for key, value in choices.items():
        response.set_cookie(
            cookies[key],
            value,
            max_age=preferences.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


@require_GET
def preferences_css(request):
    """The visitor's display preferences as CSS, so page HTML is identical (and cacheable) for all."""
    text, contrast = preferences.read(request.COOKIES)
    response = HttpResponse(preferences.stylesheet(text, contrast), content_type="text/css")
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


@require_GET
def robots_txt(request):
    """Crawlers may index the public site, not the admin, search results or preference links.

    The Disallow lines come first: some crawlers (Baidu's, by its documentation) take the first
    rule that matches, where `Allow: /` would match everything."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /preferences/",
        "Disallow: /documents/",
        "Allow: /",
        f"Sitemap: {site_root(request)}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    """/sitemap.xml: the sitemap files of the site's pages, with the site's own hostname."""
    files = PagesSitemap(request).paginator.num_pages
    location = site_root(request) + reverse("sitemap_pages")
    locations = [
        location + (f"?p={number}" if number > 1 else "") for number in range(1, files + 1)
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"locations": locations}, content_type="application/xml"
    )


# OperationalError also stands for mistakes in a query (SQLite reports a bad full-text query so);
# those are bugs to fix, not outages to wait out.
NOT_AN_OUTAGE = ("syntax error", "fts5", "no such column", "no such table")


def is_outage(error):
    return isinstance(error, (OperationalError, InterfaceError)) and not any(
        words in str(error).lower() for words in NOT_AN_OUTAGE
    )


def server_error(request):
    """500, or a static 503 when the database cannot be reached (nothing here touches it)."""
    error = sys.exc_info()[1]
    if is_outage(error):
        logger.error("Database unavailable: %s", error.__class__.__name__)
        response = HttpResponse(
            render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
        )
        response["Retry-After"] = "60"
    else:
        response = HttpResponse(
            render_to_string("500.html"), status=500, content_type="text/html; charset=utf-8"
        )
    response["Cache-Control"] = "no-store"
    return response

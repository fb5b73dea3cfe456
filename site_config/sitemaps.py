"""The sitemaps: /sitemap.xml indexes the files of /sitemap-pages.xml (5,000 pages each).

A file is built from rows of the page table (address, dates), not from page objects: at 100,000
pages, making 5,000 specific pages and rendering them through a template took about a second a
file. A page type that lists more than its own address (the catalogue: each category's listing)
overrides get_sitemap_urls, and only its pages are loaded as objects; a page type with
`in_sitemap = False` (notices: short-lived, listed at /notices/ and in the feeds) is left out.

The rows are the Chinese pages (the site's one tree of facts). A page with a live translation is
listed once per language (its /kk/ address too), each entry naming every language's address and
x-default as `<xhtml:link rel="alternate" hreflang>`, the same pairs the page's <head> gives; a
Kazakh address without a translation (the Chinese page shown with a note) is not listed. A
translation's entry carries the date it was last published.
"""

from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from wagtail.models import Page, PageViewRestriction, get_page_models

from core import localization
from core.models import subtree
from core.seo import site_for, site_root

URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    ' xmlns:mobile="http://www.baidu.com/schemas/sitemap-mobile/1/">\n'
)
# Baidu's mobile sitemap extension: every page is the same responsive page on phones and desktops.
URL_END = '<mobile:mobile type="pc,mobile"/></url>\n'


class PagesSitemap:
    """Every live, public page of the request's site (and each catalogue category), in tree order,
    `limit` pages to a file. The protocol allows 50,000; smaller files are quick to build and to
    fetch again when one page changes."""

    limit = 5000

    def __init__(self, request):
        self.request = request
        self.site = site_for(request)

    def rows(self):
        unlisted = content_types(
            model for model in get_page_models() if not getattr(model, "in_sitemap", True)
        )
        rows = Page.objects.filter(subtree(self.site.root_page.path)).live()
        # View restrictions are few: each excludes a range of paths, read from the index.
        for path in PageViewRestriction.objects.values_list("page__path", flat=True):
            rows = rows.exclude(subtree(path))
        return (
            rows.exclude(content_type__in=unlisted)
            .order_by("path")
            # A page's date as Wagtail's sitemap gives it: last published, else last revised.
            .values_list(
                "pk",
                "url_path",
                "content_type_id",
                "translation_key",
                Coalesce("last_published_at", "latest_revision_created_at"),
            )
        )

    @property
    def paginator(self):
        return Paginator(self.rows(), self.limit)

    def urls(self, number):
        """[(location, lastmod, alternates)] of file `number` (Http404 when there is no such
        file); alternates are (hreflang, address) pairs, empty for an untranslated page."""
        try:
            rows = list(self.paginator.page(number).object_list)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404("没有这个站点地图文件") from error
        # A page's address is the site's root URL and its path below the site's root page, as
        # Wagtail's page URLs are (get_full_url), served under the page view's prefix.
        prefix = site_root(self.request) + reverse("wagtail_serve", args=("",))
        root_path = len(self.site.root_page.url_path)
        own_entries = types_listing_more()
        languages = Translations([key for _pk, _path, _type, key, _date in rows])
        urls = []
        for pk, url_path, content_type, key, lastmod in rows:
            if content_type in own_entries:
                page = Page.objects.get(pk=pk).specific
                for entry in page.get_sitemap_urls(self.request):
                    urls.extend(languages.entries(key, entry["location"], entry.get("lastmod")))
            else:
                urls.extend(languages.entries(key, prefix + url_path[root_path:], lastmod))
        return urls


class Translations:
    """The live translations of a file's pages, and each address's entries in every language."""

    def __init__(self, keys):
        self.default = localization.default_language()
        self.published = {
            code: dict(
                Page.objects.filter(
                    locale_id=localization.locale_id(code), live=True, translation_key__in=keys
                ).values_list("translation_key", "last_published_at")
            )
            for code, _name in localization.other_languages(self.default)
        }

    def entries(self, key, location, lastmod):
        translated = [code for code, pages in self.published.items() if key in pages]
        if not translated:
            return [(location, lastmod, ())]
        parts = urlsplit(location)
        root = f"{parts.scheme}://{parts.netloc}"
        entries = [(self.default, location, lastmod)]
        for code in translated:
            address = root + localization.path_in(parts.path, code)
            entries.append((code, address, self.published[code][key] or lastmod))
        alternates = (
            *((localization.bcp47(code), address) for code, address, _date in entries),
            ("x-default", location),
        )
        return [(address, date, alternates) for _code, address, date in entries]


def content_types(models):
    """Content type ids of page models."""
    found = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return {content_type.pk for content_type in found.values()}


def types_listing_more():
    """Content type ids of the page types whose get_sitemap_urls lists more than their address."""
    return content_types(
        model for model in get_page_models() if model.get_sitemap_urls is not Page.get_sitemap_urls
    )


def urlset(urls):
    """The XML of a sitemap file (built as text: a template took most of the time at 5,000)."""
    local = timezone.get_current_timezone()  # dates in Beijing time, as on the pages
    parts = [URLSET_START]
    for location, lastmod, alternates in urls:
        parts.append(f"<url><loc>{escape(location)}</loc>")
        if lastmod:
            parts.append(f"<lastmod>{lastmod.astimezone(local).isoformat()}</lastmod>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{escape(address)}"/>'
            for hreflang, address in alternates
        )
        parts.append(URL_END)
    parts.append("</urlset>\n")
    return "".join(parts)


@require_GET
def sitemap_index(request):
    """/sitemap.xml: the sitemap files of the site's pages, with the site's own hostname."""
    files = PagesSitemap(request).paginator.num_pages
    location = site_root(request) + reverse("sitemap_pages")
    locations = [
        location + (f"?p={number}" if number > 1 else "") for number in range(1, files + 1)
    ]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"locations": locations}, content_type="application/xml"
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
def sitemap_file(request):
    """/sitemap-pages.xml?p=N: one file of the pages sitemap."""
    urls = PagesSitemap(request).urls(request.GET.get("p", "1"))
    response = HttpResponse(urlset(urls), content_type="application/xml")
    dates = [lastmod for _location, lastmod, _alternates in urls]
    if dates and None not in dates:
        # Lets ConditionalGetMiddleware answer a crawler's If-Modified-Since with 304.
        response["Last-Modified"] = http_date(max(dates).timestamp())
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response

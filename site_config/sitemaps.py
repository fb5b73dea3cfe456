"""The pages sitemap, split into files that /sitemap.xml indexes."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from core import localization


class PagesSitemap(Sitemap):
    """Every live, public page (and each catalogue category), 5,000 pages to a file. The protocol
    allows 50,000, but a file that size takes seconds to build; /sitemap.xml indexes the files.

    The items are the Chinese pages (the site's one tree of facts). A page with a live translation
    is listed once per language (its /kk/ address too), each entry naming every language's address
    and x-default as `<xhtml:link rel="alternate" hreflang>`, the same pairs the page's <head>
    gives; a Kazakh address without a translation (the Chinese page shown with a note) is not
    listed. A translation's entry carries the date it was last published."""

    limit = 5000

    def _urls(self, page, protocol, domain):
        default = localization.default_language()
        others = [code for code, _name in localization.other_languages(default)]
        published = {
            code: dict(
                Page.objects.filter(locale_id=localization.locale_id(code), live=True).values_list(
                    "translation_key", "last_published_at"
                )
            )
            for code in others
        }
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            translated = [code for code in others if item.translation_key in published[code]]
            for info in item.get_sitemap_urls(self.request):
                last_mods.add(info.get("lastmod"))
                if not translated:
                    urls.append(info)
                    continue
                parts = urlsplit(info["location"])
                root = f"{parts.scheme}://{parts.netloc}"
                entries = [(default, info["location"], info.get("lastmod"))]
                for code in translated:
                    lastmod = published[code][item.translation_key] or info.get("lastmod")
                    entries.append((code, root + localization.path_in(parts.path, code), lastmod))
                    last_mods.add(lastmod)
                links = [(localization.bcp47(code), href) for code, href, _lastmod in entries]
                alternates = [*links, ("x-default", info["location"])]
                urls.extend(
                    {**info, "location": href, "lastmod": lastmod, "alternates": alternates}
                    for _code, href, lastmod in entries
                )
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

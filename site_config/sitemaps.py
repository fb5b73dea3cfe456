"""The pages sitemap, split into files that /sitemap.xml indexes."""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap


class PagesSitemap(Sitemap):
    """Every live, public page (and each catalogue category), 5,000 pages to a file. The protocol
    allows 50,000, but a file that size takes seconds to build; /sitemap.xml indexes the files."""

    limit = 5000

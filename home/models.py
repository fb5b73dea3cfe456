"""The home page: the site's front door."""

import re

from django.db import models
from django.urls import reverse

from wagtail.admin.panels import FieldPanel

from core import seo
from core.models import BasePage
from pagecache.generation import remember

# What a section's slug can be: anything else goes to Wagtail's own routing (a 404) without a
# cache lookup, so junk paths make no cache keys.
SECTION_SLUG = re.compile(r"[-\w]{1,255}")


class HomePage(BasePage):
    """The site's front page: a search box and the ways into the catalogue, guides, news and communities."""

    hero_title = models.CharField(
        "主标题", max_length=60, blank=True, help_text="留空时显示站点信息中的网站名称。"
    )
    hero_text = models.TextField("引导语", max_length=300, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("hero_title"), FieldPanel("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # The sections below home (a handful of index pages) are looked up once per page-cache
        # generation, with their own fields deferred: serving a page deeper down never reads them.
        if path_components and SECTION_SLUG.fullmatch(path_components[0]):
            child = remember(
                f"section:{self.pk}:{path_components[0]}",
                lambda: self.get_children().filter(slug=path_components[0]).first(),
            )
            if child is None:
                return super().route(request, path_components)
            child = child.specific_deferred
            child._cached_parent_obj = self
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    class Meta:
        verbose_name = "首页"

    def structured_data(self, request):
        root = seo.site_root(request)
        return [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": seo.site_facts(request)["site_name"],
                "url": root + "/",
                "inLanguage": "zh-Hans",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": root + reverse("search") + "?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            }
        ]

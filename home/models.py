"""The home page: the site's front door."""

import datetime
import re

from django.db import models
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Orderable

from communities.models import NoticePage, attach_community_titles
from core import seo
from core.localization import in_default_language
from core.models import BasePage, under_view_restriction
from news.models import NewsPage, StoryPage
from pagecache.generation import remember
from services_catalog.models import ServicePage

# What a section's slug can be: anything else goes to Wagtail's own routing (a 404) without a
# cache lookup, so junk paths make no cache keys.
SECTION_SLUG = re.compile(r"[-\w]{1,255}")
# How much of each list the front door shows.
HOME_NOTICES, HOME_EVENTS, HOME_NEWS, HOME_STORIES, HOME_SERVICES = 6, 4, 4, 3, 6
# The search statistics the most-used services fall back to.
POPULAR_SINCE = datetime.timedelta(days=30)


class HomePage(BasePage):
    """The site's front page: a search box and the ways into the catalogue, guides, news and communities."""

    # Every page is below it: any change of a page retires it (pagecache.registry).
    page_cache_tags = ()

    hero_title = models.CharField(
        "主标题", max_length=60, blank=True, help_text="留空时显示站点信息中的网站名称。"
    )
    hero_text = models.TextField("引导语", max_length=300, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        InlinePanel(
            "featured_services",
            heading="常用服务",
            label="服务",
            help_text="首页“常用服务”按这里的顺序显示；一项也不选时，按最近30天居民搜索最多的词自动挑选。",
        ),
    ]

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        notices = [n for n in NoticePage.unexpired() if now < n.ends_at]
        notices.sort(key=lambda notice: (notice.level != "urgent", notice.starts_at))
        notices = notices[:HOME_NOTICES]
        events = list(
            NewsPage.objects.live()
            .exclude(under_view_restriction())
            .filter(event_start__gte=now)
            .order_by("event_start")
            .only("title", "url_path", "path", "depth", "event_start", "event_place")[:HOME_EVENTS]
        )
        news = list(
            NewsPage.objects.live()
            .exclude(under_view_restriction())
            .order_by("-date", "-pk")
            .only("title", "url_path", "path", "depth", "date", "summary")[:HOME_NEWS]
        )
        stories = list(
            StoryPage.objects.live()
            .exclude(under_view_restriction())
            .order_by("-date", "-pk")
            .only("title", "url_path", "path", "depth", "date", "summary")[:HOME_STORIES]
        )
        attach_community_titles([*notices, *events, *news, *stories])
        context.update(
            notices=notices,
            events=events,
            latest_news=news,
            latest_stories=stories,
            popular_services=self.popular_services(),
        )
        return context

    def popular_services(self):
        """The editors' list of most-used services; without one, services named by the words
        residents searched most in the last 30 days, then the catalogue's first ones."""
        chosen = [
            link.service
            for link in self.featured_services.filter(service__live=True)
            .exclude(under_view_restriction("service__path"))
            .select_related("service")
            .order_by("sort_order", "pk")
        ]
        if chosen:
            return chosen[:HOME_SERVICES]
        words = [
            query.query_string
            for query in Query.get_most_popular(date_since=timezone.localdate() - POPULAR_SINCE)[
                :20
            ]
        ]
        services = list(
            in_default_language(ServicePage.objects.live())
            .exclude(under_view_restriction())
            .only("title", "url_path", "code")
            .order_by("code")
        )
        found = [s for s in services if any(word and word in s.title for word in words)]
        found += [s for s in services if s not in found]
        return found[:HOME_SERVICES]

    def structured_data(self, request):
        root = seo.site_root(request)
        return [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": seo.site_facts(request)["site_name"],
                "url": root + "/",
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


class HomeFeaturedService(Orderable):
    """A service the editors put on the front door's "常用服务" list."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_services")
    service = models.ForeignKey(
        "services_catalog.ServicePage",
        verbose_name="服务",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("service")]

    class Meta(Orderable.Meta):
        verbose_name = "常用服务"

"""Activity news and volunteer stories, published under their community, and the city newsroom."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from communities.models import (
    COMMUNITIES,
    NOTICES,
    CommunityPage,
    NoticePage,
    StreetPage,
    attach_community_titles,
    community_path,
)
from core import localization, seo
from core.filters import bind_filters
from core.models import BasePage, under_view_restriction
from core.pagination import paginate_newest_first
from core.segmentation import SegmentedSearchField
from news.admin_forms import ArticlePageForm
from news.blocks import ArticleBodyBlock
from news.feeds import NewsFeed
from news.forms import NewsFilterForm
from pagecache import tags

# An activity with no end time given is taken to last this long (structured data's endDate).
EVENT_DEFAULT_LENGTH = datetime.timedelta(hours=2)
# The cache tag (pagecache.tags) of the lists that show news and stories.
ARTICLES = tags.listing("articles")


class ArticlePage(BasePage):
    """What news items and stories share: a date, a body of blocks and the community they belong to."""

    page_cache_tags = ()

    date = models.DateField("发布日期", default=datetime.date.today)
    image = models.ForeignKey(
        "core.SiteImage",
        verbose_name="题图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="正文")

    parent_page_types = ["communities.CommunityPage"]
    subpage_types = []
    base_form_class = ArticlePageForm

    class Meta:
        abstract = True

    def og_image_url(self, request):
        if not self.image:
            return ""
        return seo.absolute(request, self.image.get_rendition("fill-1200x630|format-jpeg").url)

    def published_at(self):
        """When the article came out: its first publication, or 9:00 on its date (Beijing)."""
        if self.first_published_at:
            return timezone.localtime(self.first_published_at)
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9)))

    def structured_data(self, request):
        community = self.get_parent()
        article = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            # Date-times with the site's offset (+08:00), as schema.org and crawlers expect.
            "datePublished": self.published_at().isoformat(),
            "dateModified": timezone.localtime(
                self.last_published_at or self.latest_revision_created_at or self.published_at()
            ).isoformat(),
            "image": self.og_image_url(request) or seo.default_image(request),
            "author": {
                "@type": "Organization",
                "name": community.title,
                "url": community.get_full_url(request),
            },
            "publisher": seo.publisher(request),
        }
        if self.image:
            article["image"] = self.og_image_url(request)
        return [article]

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(ArticlePage):
    """Activity news; an upcoming activity (义剪, 义诊, …) also carries its time and place."""

    kind = "news"
    kind_label = "社区动态"

    tags = ClusterTaggableManager("标签", through=NewsPageTag, blank=True)
    event_start = models.DateTimeField("活动时间", null=True, blank=True)
    event_end = models.DateTimeField(
        "活动结束时间",
        null=True,
        blank=True,
        help_text="不填时按开始后2小时计。",
    )
    event_place = models.CharField("活动地点", max_length=200, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("event_start"), FieldPanel("event_end"), FieldPanel("event_place")],
            heading="即将举办的活动（可选）",
        ),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("body"),
        APIField("tag_names"),
        APIField("event_start"),
        APIField("event_end"),
        APIField("event_place"),
    ]
    search_fields = [
        *BasePage.search_fields,
        SegmentedSearchField("body"),
        index.RelatedFields("tags", [SegmentedSearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "社区动态"
        verbose_name_plural = "社区动态"
        # The newsroom reads each kind newest first, a page at a time (core.pagination).
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="%(class)s_newest")]

    @property
    def is_upcoming(self):
        return self.event_start is not None and self.event_start >= timezone.now()

    def clean(self):
        super().clean()
        if self.event_end and not self.event_start:
            raise ValidationError({"event_start": "填写了结束时间，请同时填写活动开始时间。"})
        if self.event_end and self.event_start and self.event_end <= self.event_start:
            raise ValidationError({"event_end": "活动结束时间必须晚于开始时间。"})

    @property
    def event_end_or_default(self):
        """When the activity ends: as entered, or EVENT_DEFAULT_LENGTH after it starts."""
        if not self.event_start:
            return None
        return self.event_end or self.event_start + EVENT_DEFAULT_LENGTH

    def structured_data(self, request):
        data = super().structured_data(request)
        # An Event only while it is ahead or under way: a past one is news, not an invitation.
        if self.event_start and self.event_end_or_default > timezone.now():
            community = self.get_parent().specific
            facts = seo.site_facts(request)
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "Event",
                    "name": self.title,
                    "description": self.summary,
                    "url": self.get_full_url(request),
                    "image": self.og_image_url(request) or seo.default_image(request),
                    "startDate": timezone.localtime(self.event_start).isoformat(),
                    "endDate": timezone.localtime(self.event_end_or_default).isoformat(),
                    "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                    "eventStatus": "https://schema.org/EventScheduled",
                    "location": {
                        "@type": "Place",
                        "name": self.event_place or community.station_name,
                        "address": {
                            "@type": "PostalAddress",
                            "streetAddress": community.address,
                            "addressLocality": facts["city"],
                            "addressRegion": facts["region"],
                            "addressCountry": "CN",
                        },
                    },
                    "organizer": {
                        "@type": "Organization",
                        "name": community.title,
                        "url": community.get_full_url(request),
                    },
                    "isAccessibleForFree": True,
                }
            )
        return data


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(ArticlePage):
    """A volunteer story: which team, what was done and what it achieved."""

    kind = "story"
    kind_label = "志愿服务"

    tags = ClusterTaggableManager("标签", through=StoryPageTag, blank=True)
    team = models.ForeignKey(
        "communities.VolunteerTeam",
        verbose_name="志愿服务队",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    activity = models.CharField("服务内容", max_length=200)
    volunteers = models.PositiveIntegerField("参与志愿者（人）", default=0)
    hours_served = models.DecimalField(
        "服务时长（小时）", max_digits=7, decimal_places=1, default=0
    )
    people_helped = models.PositiveIntegerField("服务群众（人次）", default=0)
    wishes_fulfilled = models.PositiveIntegerField("实现微心愿（个）", default=0)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        MultiFieldPanel(
            [
                FieldPanel("team"),
                FieldPanel("activity"),
                FieldPanel("volunteers"),
                FieldPanel("hours_served"),
                FieldPanel("people_helped"),
                FieldPanel("wishes_fulfilled"),
            ],
            heading="服务记录",
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("team_name"),
        APIField("activity"),
        APIField("volunteers"),
        APIField("hours_served"),
        APIField("people_helped"),
        APIField("wishes_fulfilled"),
        APIField("body"),
        APIField("tag_names"),
    ]
    search_fields = [
        *BasePage.search_fields,
        SegmentedSearchField("activity"),
        SegmentedSearchField("body"),
        index.RelatedFields("tags", [SegmentedSearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "志愿服务故事"
        verbose_name_plural = "志愿服务故事"
        # The newsroom reads each kind newest first, a page at a time (core.pagination).
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="%(class)s_newest")]

    @property
    def team_name(self):
        return self.team.name if self.team else ""


class NewsIndexPage(RoutablePageMixin, BasePage):
    """/news/: the city-wide newsroom of every community's news and stories, newest first."""

    page_cache_tags = (ARTICLES, NOTICES, COMMUNITIES)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 12
    # Counted up to this many items; past it the newsroom says "more than" (core.pagination).
    count_bound = 1200

    class Meta:
        verbose_name = "社区动态总览"

    def get_cached_paths(self):
        """The newsroom and its feeds, for the frontend cache's purge (pagecache.purge)."""
        return ["/", self.reverse_subpage("rss"), self.reverse_subpage("atom")]

    @staticmethod
    def menu_entries(title, url):
        """The newsroom and its volunteer stories, as two entries of the main navigation."""
        return [(title, url), (gettext("志愿服务"), f"{url}?kind=story")]

    def filtered(self, request, translated_into=None):
        """News and stories matching the GET filters: (filters, [(date, pk, kind) querysets]),
        one per kind asked for; each is read newest first only as far as a page needs. The
        Chinese pages (a translation is shown over its page, never listed beside it); with
        `translated_into` a language, only those with a live translation in it."""
        filters = bind_filters(NewsFilterForm, request)
        # One SQL condition for view restrictions: public() would read them all, twice.
        news = localization.in_default_language(
            NewsPage.objects.live().exclude(under_view_restriction())
        )
        stories = localization.in_default_language(
            StoryPage.objects.live().exclude(under_view_restriction())
        )
        if translated_into:
            keys = list(localization.translations(translated_into))
            news = news.filter(translation_key__in=keys)
            stories = stories.filter(translation_key__in=keys)
        community, street = filters["community"], filters["street"]
        tag, month, kind = filters["tag"], filters["month"], filters["kind"]
        if community:
            news, stories = community.content(news), community.content(stories)
        if street:
            news, stories = news.descendant_of(street), stories.descendant_of(street)
        if tag:
            news, stories = news.filter(tags__name=tag), stories.filter(tags__name=tag)
        if month:
            news = news.filter(date__year=month.year, date__month=month.month)
            stories = stories.filter(date__year=month.year, date__month=month.month)
        parts = []
        if kind in ("", "news"):
            parts.append(news.values_list("date", "pk", Value("NewsPage")))
        if kind in ("", "story"):
            parts.append(stories.values_list("date", "pk", Value("StoryPage")))
        return filters, parts

    @staticmethod
    def newest(parts, count):
        """The newest `count` (date, pk) rows of the parts, without sorting all of them."""
        return sorted(
            (row for part in parts for row in part.order_by("-date", "-pk")[:count]),
            reverse=True,
        )[:count]

    @staticmethod
    def load(rows):
        """The pages for (date, pk, kind) rows, in the rows' order, with their communities: one
        query per kind the rows hold, without the articles' bodies."""
        models = {model.__name__: model for model in (NewsPage, StoryPage)}
        wanted = {}
        for _date, pk, kind in rows:
            wanted.setdefault(kind, []).append(pk)
        pages = {}
        for kind, pks in wanted.items():
            pages.update(models[kind].objects.filter(pk__in=pks).defer("body").in_bulk())
        items = [pages[pk] for _date, pk, _kind in rows if pk in pages]
        paths = {community_path(item) for item in items}
        communities = CommunityPage.objects.filter(path__in=paths).only("path", "title")
        by_path = {community.path: community for community in communities}
        for item in items:
            item.community_page = by_path.get(community_path(item))
        return items

    @path("")
    def newsroom(self, request):
        filters, parts = self.filtered(request)
        page = paginate_newest_first(request, parts, self.per_page, bound=self.count_bound)
        query = request.GET.copy()
        query.pop("page", None)
        place = filters.get("community") or filters.get("street")
        heading = "志愿服务" if filters["kind"] == "story" else self.title
        heading = f"{place.title}{heading}" if place else heading
        return self.render(
            request,
            context_overrides={
                "heading": heading,
                "seo_title": heading if page.number == 1 else f"{heading}（第{page.number}页）",
                "items": self.load(page.object_list),
                "page_obj": page,
                "filters": filters,
                "query_string": query.urlencode(),
                "notices": self.current_notices(filters),
                # 志愿服务 (kind=story) is a list of its own in the navigation: its own canonical.
                "canonical_query": {"kind": "story"} if filters["kind"] == "story" else {},
                "communities": localization.in_default_language(
                    CommunityPage.objects.live().exclude(under_view_restriction())
                ).order_by("path"),
                "streets": localization.in_default_language(
                    StreetPage.objects.live().exclude(under_view_restriction())
                ).order_by("path"),
            },
        )

    @staticmethod
    def current_notices(filters):
        """Current and upcoming notices for the page's place (all, a street's, a community's),
        with the city-wide ones; none on the stories-only view."""
        if filters["kind"] == "story":
            return []
        place = filters.get("community") or filters.get("street")
        now = timezone.now()
        notices = [
            notice
            for notice in NoticePage.unexpired()
            if now < notice.ends_at
            and (
                place is None
                or community_path(notice) is None
                or notice.path.startswith(place.path)
            )
        ]
        return attach_community_titles(notices)

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self, request, atom=False)(request)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return NewsFeed(self, request, atom=True)(request)

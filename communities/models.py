"""Streets, communities and their service stations, offerings, volunteer teams and notices."""

from rest_framework import serializers

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Collection, Orderable, Page

from communities.blocks import OpeningHoursBlock
from communities.forms import CommunityPageForm
from communities.hours import describe, describe_text, opening_hours_specification, rows_of
from core import seo
from core.models import BasePage, under_view_restriction
from core.phones import international, phone_list
from core.segmentation import SegmentedSearchField
from core.validators import phone_list_validator
from pagecache.generation import remember

NOTICE_LEVELS = [("info", "提示"), ("warning", "注意"), ("urgent", "紧急")]
# The page-type rules fix the depths: root 1, home 2, /communities/ 3, a street 4, a community 5.
COMMUNITY_DEPTH = 5


def community_path(page):
    """The tree path of the community `page` belongs to, or None.

    The one rule for what belongs to a community: its own page and everything below it (news,
    stories, notices). Only community pages and their children are deeper than a street.
    """
    if page is None or page.depth < COMMUNITY_DEPTH:
        return None
    return page.path[: COMMUNITY_DEPTH * Page.steplen]


def check_unique_title(page, group_name, own_group_id, label):
    """A street or community title must name one place only: its editor group is named after it,
    and group names are unique. Checked when the page is saved, draft or not, so the editor gets a
    form error instead of a failure at publishing."""
    if not page.title:
        return
    same = type(page).objects.filter(models.Q(title=page.title) | models.Q(draft_title=page.title))
    if page.pk:
        same = same.exclude(pk=page.pk)
    taken = Group.objects.filter(name=group_name).exclude(pk=own_group_id).exists()
    if same.exists() or taken:
        raise ValidationError({"title": f"已有名为“{page.title}”的{label}或用户组，请换一个名称。"})


class CommunityIndexPage(BasePage):
    """/communities/: every street office and its communities."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["communities.StreetPage", "communities.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "社区总览"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        streets = list(StreetPage.objects.live().public().child_of(self).order_by("path"))
        communities = list(
            CommunityPage.objects.live().public().descendant_of(self).order_by("path")
        )
        context["streets"] = [
            (street, [c for c in communities if c.path.startswith(street.path)])
            for street in streets
        ]
        return context


class StreetPage(BasePage):
    """A street office (街道办事处); its reviewers approve what its communities publish."""

    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=100, blank=True, validators=[phone_list_validator])
    reviewers_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*BasePage.content_panels, FieldPanel("address"), FieldPanel("phone")]
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = ["communities.CommunityPage"]

    class Meta:
        verbose_name = "街道"

    def clean(self):
        super().clean()
        check_unique_title(self, f"{self.title} 审核", self.reviewers_group_id, "街道")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["communities"] = CommunityPage.objects.live().public().child_of(self)
        return context


# The offerings and 帮代办 guides are attached to a community by services_catalog (its
# CommunityService and CommunityGuide); the panels and API name those relations, not import them.
class OfferedServiceSerializer(serializers.Serializer):
    code = serializers.CharField(source="service.code")
    title = serializers.CharField(source="service.title")
    note = serializers.CharField()
    place = serializers.CharField()
    time_slots = serializers.ListField(source="slot_lines")


class HandledGuideSerializer(serializers.Serializer):
    code = serializers.CharField(source="guide.code")
    title = serializers.CharField(source="guide.title")


class TeamSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    members = serializers.IntegerField()


class CommunityPage(BasePage):
    """A community (社区) and its service station: what it offers, when it is open, what it does."""

    station_name = models.CharField("服务站名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())],
        verbose_name="开放时间",
        help_text="每行一组日子和时间（北京时间）；同一天分上午、下午的写两行。本站各项服务的时间段必须在这些时间之内。",
    )
    phone = models.CharField(
        "电话",
        max_length=100,
        validators=[phone_list_validator],
        help_text="服务站的电话，多个用“、”隔开；本站服务没有自己的电话时显示这个号码。",
    )
    grid_count = models.PositiveSmallIntegerField("网格数", default=0)
    function_areas = models.TextField("功能区", blank=True, help_text="每行一个功能区。")
    editors_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # The image collection created for this community when first published; never found by name.
    collection = models.OneToOneField(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("station_name"),
                FieldPanel("address"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
                FieldPanel("opening_hours"),
                FieldPanel("phone"),
                FieldPanel("grid_count"),
                FieldPanel("function_areas"),
            ],
            heading="服务站",
        ),
        InlinePanel("services", heading="本站提供的便民服务", label="服务"),
        InlinePanel("proxy_guides", heading="可帮代办的政务服务", label="事项"),
        InlinePanel("volunteer_teams", heading="志愿服务队", label="服务队"),
    ]
    search_fields = [
        *BasePage.search_fields,
        SegmentedSearchField("station_name"),
        SegmentedSearchField("address"),
    ]
    api_fields = [
        *(
            APIField(name)
            for name in [
                "summary",
                "station_name",
                "address",
                "latitude",
                "longitude",
                "hours_lines",
                "phone",
                "grid_count",
                "function_area_list",
            ]
        ),
        APIField("services", serializer=OfferedServiceSerializer(many=True)),
        APIField("proxy_guides", serializer=HandledGuideSerializer(many=True)),
        APIField("volunteer_teams", serializer=TeamSerializer(many=True)),
    ]
    parent_page_types = ["communities.StreetPage"]
    subpage_types = ["news.NewsPage", "news.StoryPage", "communities.NoticePage"]
    base_form_class = CommunityPageForm

    class Meta:
        verbose_name = "社区"
        verbose_name_plural = "社区"

    def clean(self):
        super().clean()
        check_unique_title(self, f"{self.title} 编辑", self.editors_group_id, "社区")

    def structured_data(self, request):
        office = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": self.station_name,
            "description": self.summary,
            "url": self.get_full_url(request),
            "telephone": [international(number) for number in phone_list(self.phone)],
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressLocality": seo.site_facts(request)["city"],
                "addressRegion": seo.site_facts(request)["region"],
                "addressCountry": "CN",
            },
            "openingHoursSpecification": opening_hours_specification(self.hours_rows),
            "areaServed": {"@type": "Place", "name": self.title},
        }
        if self.latitude is not None and self.longitude is not None:
            office["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        return [office]

    def content(self, pages):
        """The pages of `pages` that belong to this community (see community_path)."""
        return pages.descendant_of(self, inclusive=True)

    @property
    def hours_rows(self):
        return rows_of(self.opening_hours)

    @property
    def hours_lines(self):
        """The opening hours in Chinese, a line per set of days."""
        return describe(self.hours_rows)

    @property
    def hours_text(self):
        return describe_text(self.hours_rows)

    @property
    def function_area_list(self):
        return [line.strip() for line in self.function_areas.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Current and upcoming notices (a planned water cut is worth knowing the day before).
        context["notice_list"] = (
            NoticePage.objects.live()
            .public()
            .child_of(self)
            .filter(ends_at__gt=timezone.now())
            .order_by("starts_at")
        )
        return context


class VolunteerTeam(Orderable):
    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="volunteer_teams")
    name = models.CharField("名称", max_length=60)
    description = models.CharField("简介", max_length=300, blank=True)
    members = models.PositiveIntegerField("队员人数", default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("members")]

    class Meta(Orderable.Meta):
        verbose_name = "志愿服务队"

    def __str__(self):
        return self.name


class NoticePage(Page):
    """A short alert (停水停电, road closure, heating, snow clearing) shown while it is active."""

    level = models.CharField("级别", max_length=10, choices=NOTICE_LEVELS, default="info")
    body = models.TextField("内容", max_length=500)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")

    content_panels = [
        *Page.content_panels,
        FieldPanel("level"),
        FieldPanel("body"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]
    parent_page_types = ["communities.CommunityPage", "communities.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "社区通知"
        verbose_name_plural = "社区通知"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "结束时间必须晚于开始时间。"})

    def get_sitemap_urls(self, request=None):
        return []  # short-lived alerts: shown on the community pages, not worth indexing

    @classmethod
    def unexpired(cls):
        """Live public notices that have not ended, read once per page-cache generation: every page
        shows the banner (to anyone, so a notice under a view restriction is never in it), and
        publishing or unpublishing a notice or changing a restriction starts a new generation."""
        return remember(
            "unexpired-notices",
            lambda: list(
                cls.objects.live()
                .exclude(under_view_restriction())
                .filter(ends_at__gt=timezone.now())
                .only("title", "body", "level", "starts_at", "ends_at", "path", "depth")
            ),
        )

    @classmethod
    def active_for(cls, page):
        """Notices shown on `page` now: city-wide ones (under /communities/, so in no community),
        plus those of the community the page belongs to; public ones only (see unexpired).
        """
        now = timezone.now()
        community = community_path(page) if isinstance(page, Page) else None
        shown = [
            notice
            for notice in cls.unexpired()
            if notice.starts_at <= now < notice.ends_at
            and community_path(notice) in (None, community)
        ]
        return sorted(shown, key=lambda notice: notice.starts_at, reverse=True)

"""Streets, communities and their service stations, offerings, volunteer teams and notices."""

import datetime

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
from wagtail.search import index

from communities.blocks import OpeningHoursBlock
from communities.forms import CommunityPageForm, NoticeFilterForm
from communities.hours import describe, describe_text, opening_hours_specification, rows_of
from core import seo
from core.filters import bind_filters
from core.forms import SitePageForm
from core.localization import LocalizedUrlMixin, default_language, locale_id
from core.models import BasePage, under_view_restriction
from core.pagination import paginate
from core.phones import international, phone_list
from core.segmentation import SegmentedSearchField
from core.validators import phone_list_validator
from pagecache import tags
from pagecache.generation import remember

NOTICE_LEVELS = [("info", "提示"), ("warning", "注意"), ("urgent", "紧急")]
# The page-type rules fix the depths: root 1, home 2, /communities/ 3, a street 4, a community 5.
COMMUNITY_DEPTH = 5
# Cache tags (pagecache.tags) of the lists that show notices, and of those that show communities.
NOTICES = tags.listing("notices")
COMMUNITIES = tags.listing("communities")
# A planned notice may say it starts "now" a little after the editor typed it.
PAST_START_GRACE = datetime.timedelta(hours=1)


def community_path(page):
    """The tree path of the community `page` belongs to, or None.

    The one rule for what belongs to a community: its own page and everything below it (news,
    stories, notices). Only community pages and their children are deeper than a street.
    """
    if page is None or page.depth < COMMUNITY_DEPTH:
        return None
    return page.path[: COMMUNITY_DEPTH * Page.steplen]


def community_title_at(path):
    """The title of the community at tree `path` (kept per page-cache generation), or ""."""
    if path is None:
        return ""
    return remember(
        f"community-title:{path}",
        lambda: (
            CommunityPage.objects.filter(path=path).values_list("title", flat=True).first() or ""
        ),
    )


def attach_community_titles(pages):
    """Set `community_name` on each page (its community's title, "" if none) with one query."""
    paths = {community_path(page) for page in pages} - {None}
    titles = dict(CommunityPage.objects.filter(path__in=paths).values_list("path", "title"))
    for page in pages:
        page.community_name = titles.get(community_path(page), "")
    return pages


def check_unique_title(page, group_name, own_group_id, label):
    """A street or community title must name one place only: its editor group is named after it,
    and group names are unique. Checked when the page is saved, draft or not, so the editor gets a
    form error instead of a failure at publishing."""
    if not page.title or is_translation(page):
        return  # a translation keeps its page's name and owns no group
    # Among the Chinese pages: a translation (or wagtail-localize's alias of an untranslated
    # parent) carries its page's Chinese title until it is translated, and owns no group.
    same = type(page).objects.filter(
        models.Q(title=page.title) | models.Q(draft_title=page.title),
        locale_id=locale_id(default_language()),
    )
    if page.pk:
        same = same.exclude(pk=page.pk)
    taken = Group.objects.filter(name=group_name).exclude(pk=own_group_id).exists()
    if same.exists() or taken:
        raise ValidationError({"title": f"已有名为“{page.title}”的{label}或用户组，请换一个名称。"})


def is_translation(page):
    return page.locale_id is not None and page.locale_id != locale_id(default_language())


class OwnedByTheChinesePageMixin:
    """Groups and collections (`owned_fields`) belong to the Chinese page: its translations
    (wagtail-localize's copies, and the aliases it makes of untranslated parents) own none, so
    they never hold the same one-to-one group."""

    owned_fields = ()

    def save(self, *args, **kwargs):
        if is_translation(self):
            for name in self.owned_fields:
                setattr(self, name, None)
        return super().save(*args, **kwargs)


class CommunityIndexPage(OwnedByTheChinesePageMixin, BasePage):
    """/communities/: every street office and its communities."""

    # Its lists are its subtree (pagecache.registry retires a changed page's ancestors).
    page_cache_tags = ()

    parent_page_types = ["home.HomePage"]
    subpage_types = ["communities.StreetPage", "communities.NoticePage"]
    max_count = 1
    # The city's translators (communities.permissions): every page's translation, city-wide.
    translators_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    owned_fields = ("translators_group",)

    class Meta:
        verbose_name = "社区总览"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        streets = list(StreetPage.objects.live().public().child_of(self).order_by("path"))
        communities = list(
            CommunityPage.objects.live().public().descendant_of(self).order_by("path")
        )
        query = finder_query(request)
        if query:
            found = []
            for community in communities:
                street = next((s for s in streets if community.path.startswith(s.path)), None)
                reason = match_reason(query, community, street)
                if reason:
                    community.match_reason = reason
                    found.append(community)
            communities = found
            streets = [s for s in streets if any(c.path.startswith(s.path) for c in found)]
        context["streets"] = [
            (street, [c for c in communities if c.path.startswith(street.path)])
            for street in streets
        ]
        context.update(finder_query=query, found_count=len(communities) if query else None)
        return context


FINDER_LENGTH = 30


def finder_query(request):
    """The "find my community" words (?q=), trimmed; at most FINDER_LENGTH characters are read."""
    return " ".join(str(request.GET.get("q", ""))[:FINDER_LENGTH].split())


def match_reason(query, community, street):
    """Why `community` answers `query` (a compound it serves, its name, street or address), or ""."""
    for compound in community.compound_list:
        if query in compound:
            return f"服务{compound}"
    for text in (community.title, community.station_name, community.address):
        if query in text:
            return text
    if street and query in street.title:
        return f"属于{street.title}"
    return ""


class StreetPage(OwnedByTheChinesePageMixin, BasePage):
    """A street office (街道办事处); its reviewers approve what its communities publish."""

    page_cache_tags = ()

    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=100, blank=True, validators=[phone_list_validator])
    reviewers_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*BasePage.content_panels, FieldPanel("address"), FieldPanel("phone")]
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = ["communities.CommunityPage"]
    owned_fields = ("reviewers_group",)

    class Meta:
        verbose_name = "街道"

    def clean(self):
        super().clean()
        check_unique_title(self, f"{self.title} 审核", self.reviewers_group_id, "街道")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities = list(CommunityPage.objects.live().public().child_of(self))
        context["communities"] = communities
        # Current and upcoming notices of its communities (city-wide ones are in the banner).
        context["notice_list"] = NoticePage.for_paths(
            [community.path for community in communities], city_wide=False
        )
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


class CommunityPage(OwnedByTheChinesePageMixin, BasePage):
    """A community (社区) and its service station: what it offers, when it is open, what it does."""

    # Its offerings name the services and guides it links (Wagtail's reference index).
    page_cache_tags = ()

    station_name = models.CharField("服务站名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="WGS-84（GPS）坐标，例如手机定位或卫星地图上读到的数；导航链接据此打开高德或百度地图。",
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="WGS-84（GPS）坐标，与纬度一起填写。",
    )
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
    compounds = models.TextField(
        "服务的小区",
        blank=True,
        help_text="本社区服务的居民小区（含楼栋范围），每行一个；居民在首页“找社区”里输入小区名就能找到本社区。",
    )
    editors_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # Translates this community's pages (communities.permissions), never its Chinese facts.
    translators_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    owned_fields = ("editors_group", "translators_group", "collection")
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
                FieldPanel("compounds"),
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
        SegmentedSearchField("compounds"),
    ]
    api_fields = [
        *(
            APIField(name)
            for name in [
                "summary",
                "station_name",
                "address",
                "hours_lines",
                "phone",
                "grid_count",
                "function_area_list",
                "compound_list",
            ]
        ),
        # Numbers, WGS-84 (as stored), not the decimal strings the default serializer gives.
        APIField("latitude", serializer=serializers.FloatField(allow_null=True)),
        APIField("longitude", serializer=serializers.FloatField(allow_null=True)),
        APIField("opening_hours_specification", serializer=serializers.ListField()),
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
            "openingHoursSpecification": self.opening_hours_specification,
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
    def opening_hours_specification(self):
        """The hours as schema.org rows (days, opens/closes with +08:00): for the API and JSON-LD."""
        return opening_hours_specification(self.hours_rows)

    @property
    def compound_list(self):
        return [line.strip() for line in self.compounds.splitlines() if line.strip()]

    @property
    def function_area_list(self):
        return [line.strip() for line in self.function_areas.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Current and upcoming notices (a planned water cut is worth knowing the day before).
        context["notice_list"] = NoticePage.for_paths([self.path], city_wide=False)
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


NOTICE_KINDS = [
    ("water", "停水"),
    ("power", "停电"),
    ("heating", "停暖"),
    ("gas", "停气"),
    ("roadworks", "道路施工"),
    ("other", "其他"),
]
NOTICE_STATUSES = [("current", "正在进行"), ("upcoming", "即将开始"), ("past", "已结束")]


class NoticePage(LocalizedUrlMixin, Page):
    """A notice of an outage or works (停水、停电、停暖、停气、道路施工): what, where, from when to when.

    The outage's own start and end are kept apart from when the notice is shown: it is shown from
    publishing until the outage ends (a planned water cut is worth knowing the day before), then
    leaves the current lists and stays in the archive at /notices/.
    """

    page_cache_tags = ()

    kind = models.CharField(
        "类型",
        max_length=20,
        choices=NOTICE_KINDS,
        default="other",
        help_text="居民按类型筛选通知，例如只看停水。",
    )
    level = models.CharField(
        "级别",
        max_length=10,
        choices=NOTICE_LEVELS,
        default="info",
        help_text="“紧急”用于已经发生或马上发生、影响安全或生活的情况；社区编辑可以不经审核立即发布紧急通知，街道审核人会收到提醒。",
    )
    body = models.TextField(
        "内容",
        max_length=500,
        help_text="说清楚原因、居民要做什么准备、有问题找谁（电话写服务站的电话）。",
    )
    affected_area = models.CharField(
        "影响范围",
        max_length=300,
        help_text="受影响的小区、楼栋或街道，例如“览景小区1–6号楼”“解放北路（文化路至团结路段）”。",
    )
    starts_at = models.DateTimeField(
        "开始时间",
        help_text="停水、停电或施工开始的时间（北京时间）。只有紧急通知可以填已经过去的时间。",
    )
    ends_at = models.DateTimeField(
        "预计结束时间",
        help_text="预计恢复的时间（北京时间）。过了这个时间，通知自动移出首页和社区页面的“当前通知”，保留在通知档案中。",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("level"),
        FieldPanel("affected_area"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        SegmentedSearchField("body"),
        SegmentedSearchField("affected_area"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("kind_label"),
        APIField("level"),
        APIField("affected_area"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("body"),
        APIField("status"),
        APIField("community_title"),
    ]
    parent_page_types = ["communities.CommunityPage", "communities.CommunityIndexPage"]
    subpage_types = []
    base_form_class = SitePageForm

    class Meta:
        verbose_name = "社区通知"
        verbose_name_plural = "社区通知"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "结束时间必须晚于开始时间。"
        # An announcement is made before the outage; only an urgent notice reports one already
        # under way. Checked before first publication, so later edits of a running notice pass.
        if (
            self.starts_at
            and not self.first_published_at
            and self.level != "urgent"
            and self.starts_at < timezone.now() - PAST_START_GRACE
        ):
            errors["starts_at"] = (
                "开始时间已经过去：已经发生的情况请把级别设为“紧急”，或填写实际的开始时间之后的时间。"
            )
        if errors:
            raise ValidationError(errors)

    in_sitemap = (
        False  # short-lived: listed at /notices/, in the feeds and on the pages they concern
    )

    @property
    def kind_label(self):
        return self.get_kind_display()

    def status_at(self, moment):
        if moment < self.starts_at:
            return "upcoming"
        return "current" if moment < self.ends_at else "past"

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def status_label(self):
        return dict(NOTICE_STATUSES)[self.status]

    @property
    def community_title(self):
        """The community the notice is for, or "" for a city-wide one."""
        if hasattr(self, "community_name"):  # set for a whole list by attach_community_titles
            return self.community_name
        return community_title_at(community_path(self))

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
                .only(
                    "title",
                    "body",
                    "level",
                    "kind",
                    "affected_area",
                    "starts_at",
                    "ends_at",
                    "path",
                    "depth",
                    "url_path",
                )
                .order_by("starts_at")
            ),
        )

    @classmethod
    def active_for(cls, page):
        """Notices shown on `page` now: city-wide ones (under /communities/, so in no community),
        plus those of the community the page belongs to; public ones only (see unexpired). A
        notice is shown from publishing until its outage ends, upcoming ones included.
        """
        now = timezone.now()
        community = community_path(page) if isinstance(page, Page) else None
        shown = [
            notice
            for notice in cls.unexpired()
            if now < notice.ends_at and community_path(notice) in (None, community)
        ]
        return sorted(shown, key=lambda notice: (notice.level != "urgent", notice.starts_at))

    @classmethod
    def for_paths(cls, paths, city_wide=True):
        """Unexpired public notices of the communities at `paths` (and city-wide ones)."""
        now = timezone.now()
        wanted = set(paths) | ({None} if city_wide else set())
        return [
            notice
            for notice in cls.unexpired()
            if now < notice.ends_at and community_path(notice) in wanted
        ]


class NoticeIndexPage(BasePage):
    """/notices/: every public notice, current and upcoming first, with the archive of past ones;
    filtered by community, type and status."""

    page_cache_tags = (NOTICES, COMMUNITIES)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 20

    class Meta:
        verbose_name = "通知公告"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities = CommunityPage.objects.live().public().order_by("path")
        filters = bind_filters(
            NoticeFilterForm,
            request,
            communities=communities,
            kinds=NOTICE_KINDS,
            statuses=NOTICE_STATUSES,
        )
        notices = NoticePage.objects.live().public()
        community, kind, status = filters["community"], filters["kind"], filters["status"]
        if community:
            notices = community.content(notices)
        if kind:
            notices = notices.filter(kind=kind)
        now = timezone.now()
        if status == "current":
            notices = notices.filter(starts_at__lte=now, ends_at__gt=now)
        elif status == "upcoming":
            notices = notices.filter(starts_at__gt=now)
        elif status == "past":
            notices = notices.filter(ends_at__lte=now)
        active = list(notices.filter(ends_at__gt=now).order_by("starts_at"))
        archive = paginate(
            request, notices.filter(ends_at__lte=now).order_by("-ends_at"), self.per_page
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            active_notices=active,
            page_obj=archive,
            past_notices=list(archive.object_list),
            filters=filters,
            query_string=query.urlencode(),
            kinds=NOTICE_KINDS,
            statuses=NOTICE_STATUSES,
            communities=communities,
        )
        return context

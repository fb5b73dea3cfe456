"""The community service catalogue and the government service guides, with their index pages."""

import datetime

from rest_framework import serializers

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from communities.blocks import OpeningHoursBlock
from communities.hours import (
    describe,
    describe_text,
    opening_hours_specification,
    rows_of,
    slot_problems,
)
from communities.models import COMMUNITIES, CommunityPage
from core import seo
from core.filters import bind_filters
from core.localization import UniqueInLanguageMixin, in_default_language, localize_records
from core.models import BasePage, TypedChildRouteMixin, under_view_restriction
from core.phones import international
from core.segmentation import SegmentedSearchField
from core.validators import phone_list_validator
from pagecache import tags
from pagecache.generation import remember
from services_catalog import open_data, rules
from services_catalog.blocks import MaterialBlock, QuestionBlock, StepBlock
from services_catalog.codes import validate_credit_code, validate_item_code
from services_catalog.data_fields import DataField, OpenDataColumn, api_fields_of, panels_of
from services_catalog.forms import GuideFilterForm, ServiceFilterForm
from services_catalog.qr import guide_qr_response

GUIDE_THEMES = [
    "社会保障",
    "民政救助",
    "残疾人服务",
    "户籍证明",
    "就业创业",
    "医疗保险",
    "老龄服务",
    "计划生育",
    "退役军人服务",
]
ITEM_TYPES = ["行政许可", "行政给付", "行政确认", "公共服务", "其他"]
STALE_AFTER = datetime.timedelta(days=365)
TIME_UNITS = [("工作日", "工作日"), ("自然日", "自然日"), ("当场办结", "当场办结")]


class ServiceCategory(UniqueInLanguageMixin, TranslatableMixin, models.Model):
    """An area of the catalogue, e.g. 养老服务; editable by city editors, translated by
    translators (wagtail-localize). Pages refer to the Chinese record; a Kazakh page shows its
    translation's name and description (core.localization.localize_records), never its slug
    or order, which stay the Chinese record's."""

    name = models.CharField("名称", max_length=30)
    slug = models.SlugField("网址名", max_length=40)
    description = models.TextField("说明", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    # Unique among the records of one language (the form's check; the database's constraints
    # below); a translation carries its record's slug.
    unique_in_language = ("name", "slug")
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="unique_category_name_per_language"
            ),
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_category_slug_per_language"
            ),
        ]

    def __str__(self):
        return self.name


class Audience(UniqueInLanguageMixin, TranslatableMixin, models.Model):
    """Who a service is for, e.g. 老年人 or 新就业群体 (delivery riders and other gig workers);
    translated like a category (its name only)."""

    name = models.CharField("名称", max_length=20)
    slug = models.SlugField("网址名", max_length=30)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    unique_in_language = ("name", "slug")
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="unique_audience_name_per_language"
            ),
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_audience_slug_per_language"
            ),
        ]

    def __str__(self):
        return self.name


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OfferingSerializer(serializers.Serializer):
    community = serializers.CharField(source="community.title")
    community_slug = serializers.CharField(source="community.slug")
    note = serializers.CharField()
    place = serializers.CharField()
    time_slots = serializers.ListField(source="slot_lines")


class ServiceIndexPage(TypedChildRouteMixin, RoutablePageMixin, BasePage):
    """/services/: the whole catalogue, grouped by category, filterable by plain GET links."""

    # The community filter lists the communities and what each offers.
    page_cache_tags = (COMMUNITIES,)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services_catalog.ServicePage"]
    max_count = 1
    child_model = property(lambda self: ServicePage)
    child_select_related = ("category",)

    class Meta:
        verbose_name = "便民服务目录"

    def services(self):
        return (
            ServicePage.objects.live()
            .public()
            .child_of(self)
            .select_related("category")
            .prefetch_related("audiences")
            .order_by("code")
        )

    def filtered_context(self, request, category=None):
        """The listing for the query string's filters; a bad or unknown value is a 404."""
        # The Chinese records (pages refer to them), named in the reader's language.
        audiences = localize_records(in_default_language(Audience.objects.all()))
        categories = localize_records(in_default_language(ServiceCategory.objects.all()))
        filters = bind_filters(
            ServiceFilterForm,
            request,
            audiences=audiences,
            categories=categories,
            category_in_path=category is not None,
        )
        audience, community = filters["audience"], filters["community"]
        category = category or filters.get("category")
        services = self.services()
        if audience:
            services = services.filter(audiences=audience)
        if category:
            services = services.filter(category=category)
        if community:
            services = services.filter(offered_at__community=community)
        services = list(services)
        groups = [
            (cat, [s for s in services if s.category_id == cat.pk])
            for cat in categories
            if any(s.category_id == cat.pk for s in services)
        ]
        return {
            "services": services,
            "groups": groups,
            "categories": categories,
            "audiences": audiences,
            "current_category": category,
            "current_audience": audience,
            "current_community": community,
        }

    def get_sitemap_urls(self, request=None):
        """The catalogue and each category's own listing."""
        urls = super().get_sitemap_urls(request)
        lastmod = urls[0]["lastmod"]
        for category in in_default_language(ServiceCategory.objects.all()):
            location = self.get_full_url(request) + self.reverse_subpage(
                "category", args=[category.slug]
            )
            urls.append({"location": location, "lastmod": lastmod})
        return urls

    @path("")
    def catalogue(self, request):
        return self.render(request, context_overrides=self.filtered_context(request))

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        category = get_object_or_404(in_default_language(ServiceCategory.objects), slug=slug)
        localize_records([category])
        context = self.filtered_context(request, category=category)
        context.update(
            seo_title=f"{category.name} - {self.title}",
            seo_description=category.description or self.summary,
            extra_crumb=category.name,
        )
        return self.render(request, context_overrides=context)


class ServicePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "services_catalog.ServicePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def linked_stations(links, *fields):
    """Live public communities linked to a service or guide, in tree order, with their station.

    `fields` must include the link's own key to the service or guide: modelcluster reads it.
    """
    names = (
        "title",
        "slug",
        "url_path",
        "path",
        "depth",
        "station_name",
        "address",
        "phone",
        "opening_hours",
    )
    return (
        links.filter(community__live=True)
        .exclude(under_view_restriction("community__path"))
        .select_related("community")
        .only(*fields, *(f"community__{name}" for name in names))
        .order_by("community__path")
    )


def linked_pages(community):
    """The cache tags of the services a community offers and the guides it handles (pagecache)."""
    paths = [
        *ServicePage.objects.filter(offered_at__community=community).values_list("path", flat=True),
        *GuidePage.objects.filter(handled_by__community=community).values_list("path", flat=True),
    ]
    return [tags.at(path) for path in paths]


def station(community):
    """A community's station as the service and guide pages show it, as plain values that the
    page cache can keep between requests."""
    return {
        "title": community.title,
        "path": community.path,
        "url": community.get_url(),
        "station_name": community.station_name,
        "address": community.address,
        "phone": community.phone,
        "phones": [number.strip() for number in community.phone.split("、") if number.strip()],
        "hours": community.hours_lines,
        "hours_text": community.hours_text,
        "rows": community.hours_rows,
    }


class ServicePage(UniqueInLanguageMixin, BasePage):
    """One of the catalogue's community services, e.g. free ski-gear storage."""

    # Unique among the Chinese pages; a Kazakh translation carries the same code.
    unique_in_language = ("code",)
    # And the stations it lists (`offerings` names them to the page cache).
    page_cache_tags = ()

    code = models.CharField(
        "目录编号",
        max_length=10,
        db_index=True,
        validators=[RegexValidator(r"^FW-\d{3}$", "编号格式为 FW-001")],
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="services"
    )
    # A translation keeps the Chinese category (a relation, like a community's offerings); its
    # name is shown in the reader's language from the category's own translation.
    override_translatable_fields = [SynchronizedField("category")]
    audiences = ParentalManyToManyField(Audience, verbose_name="服务对象", related_name="services")
    body = models.TextField("服务说明", max_length=2000, help_text="段落之间空一行。")
    steps = models.TextField("如何获得", max_length=2000, help_text="每行一个步骤。")
    is_free = models.BooleanField("免费", default=True)
    fee = models.CharField("费用", max_length=100, default="免费")
    booking_required = models.BooleanField("需要预约", default=False)
    contact = models.CharField(
        "咨询电话",
        max_length=100,
        blank=True,
        validators=[phone_list_validator],
        help_text="这项服务自己的电话（例如市级热线），多个用“、”隔开；留空则在每个社区旁显示该服务站的电话。",
    )
    tags = ClusterTaggableManager("标签", through=ServicePageTag, blank=True)

    # Declared once, in file order: the admin panels, the API fields, the CSV import and export
    # and the open-data download all follow this list.
    data_fields = [
        DataField("code", group="分类", about="目录编号，例如 FW-001"),
        DataField("slug", panel=False, api=False, about="网址名：服务网页地址的最后一段"),
        DataField("title", panel=False, api=False, about="服务名称"),
        DataField(
            "category",
            group="分类",
            key="slug",
            serializer=CategorySerializer(),
            about="类别的网址名（例如 elderly-care）",
        ),
        DataField("audiences", group="分类", key="name", api="audience_names"),
        DataField("summary", panel=False, about="一句话简介"),
        DataField("body", api="paragraphs", about="服务说明，段落之间空一行"),
        DataField("steps", api="step_list", about="如何获得，每个步骤一行"),
        DataField("is_free", group="费用与联系"),
        DataField("fee", group="费用与联系"),
        DataField("booking_required", group="费用与联系"),
        DataField(
            "contact",
            group="费用与联系",
            about="这项服务自己的咨询电话，多个用“、”隔开；空着时打各社区服务站的电话",
        ),
        DataField("tags", key="name", api="tag_names"),
    ]
    # The open-data download's columns after the import format's: no stored field holds them.
    open_data_extra = [
        OpenDataColumn("url", "这项服务在本站的网页地址", lambda page: page.get_full_url()),
        OpenDataColumn(
            "offered_at",
            "提供这项服务的社区和时间：每个社区一行，写社区名、时间（本站时间段，没有时为服务站开放时间，"
            "北京时间），不在服务站举办的写明地点",
            lambda page: offered_at_cell(page),
        ),
    ]
    content_panels = [*BasePage.content_panels, *panels_of(data_fields)]
    search_fields = [
        *BasePage.search_fields,
        SegmentedSearchField("body"),
        SegmentedSearchField("code"),
        index.RelatedFields("category", [SegmentedSearchField("name")]),
        index.RelatedFields("tags", [SegmentedSearchField("name")]),
        index.FilterField("category"),
    ]
    api_fields = [
        *api_fields_of(data_fields),
        # Only the offerings at live public communities, as the page shows them.
        APIField("offered_at", serializer=OfferingSerializer(many=True, source="public_offerings")),
    ]
    parent_page_types = ["services_catalog.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "便民服务"
        verbose_name_plural = "便民服务"

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def step_list(self):
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    @cached_property
    def audience_names(self):
        return [audience.name for audience in localize_records(self.audiences.all())]

    @property
    def public_offerings(self):
        return linked_stations(self.offered_at, "service_id", "note", "place", "time_slots")

    @property
    def offerings(self):
        """Where this service is offered, by community, for the page and its structured data."""
        tags.shows_pages(offering["community"]["path"] for offering in self._offerings)
        return self._offerings

    @cached_property
    def _offerings(self):
        return remember(
            f"service-offerings:{self.pk}",
            lambda: [
                {
                    "community": station(link.community),
                    "hours": link.slot_lines or link.community.hours_lines,
                    "own_hours": bool(link.slot_lines),
                    "rows": link.slot_rows,
                    "place": link.place,
                    "note": link.note,
                }
                for link in self.public_offerings
            ],
        )

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @property
    def contact_list(self):
        return [number.strip() for number in self.contact.split("、") if number.strip()]

    def structured_data(self, request):
        offer = {"@type": "Offer", "priceCurrency": "CNY", "description": self.fee}
        if self.is_free:
            offer["price"] = "0"
        return [
            {
                "@context": "https://schema.org",
                "@type": "Service",
                "name": self.title,
                "description": self.summary,
                "url": self.get_full_url(request),
                "identifier": self.code,
                "serviceType": self.category.name,
                "provider": {
                    "@type": "GovernmentOrganization",
                    "name": seo.site_facts(request)["organiser"],
                },
                "areaServed": seo.city(request),
                "audience": [
                    {"@type": "Audience", "audienceType": name} for name in self.audience_names
                ],
                "offers": offer,
                "availableChannel": [
                    {
                        "@type": "ServiceChannel",
                        "name": offering["community"]["station_name"],
                        "servicePhone": {
                            "@type": "ContactPoint",
                            "telephone": [
                                international(number)
                                for number in self.contact_list or offering["community"]["phones"]
                            ],
                            "hoursAvailable": opening_hours_specification(
                                offering["rows"] or offering["community"]["rows"]
                            ),
                        },
                        # Held elsewhere (a rink, residents' homes): that place, not the station.
                        "serviceLocation": {"@type": "Place", "name": offering["place"]}
                        if offering["place"]
                        else {
                            "@type": "Place",
                            "name": offering["community"]["station_name"],
                            "address": offering["community"]["address"],
                            "url": seo.absolute(request, offering["community"]["url"]),
                        },
                    }
                    for offering in self.offerings
                ],
            }
        ]


class GuideIndexPage(TypedChildRouteMixin, BasePage):
    """/guides/: the government service guides grouped by theme, filterable by type and 帮代办."""

    page_cache_tags = (COMMUNITIES,)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services_catalog.GuidePage"]
    max_count = 1
    child_model = property(lambda self: GuidePage)

    class Meta:
        verbose_name = "政务指南目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = bind_filters(GuideFilterForm, request, themes=GUIDE_THEMES, item_types=ITEM_TYPES)
        theme, item_type, proxy = filters["theme"], filters["type"], filters["proxy"]
        guides = GuidePage.objects.live().public().child_of(self).order_by("code")
        if theme:
            guides = guides.filter(theme=theme)
        if item_type:
            guides = guides.filter(item_type=item_type)
        guides = handled_guides(
            guides.only("title", "slug", "url_path", "summary", "theme", "item_type", "code")
        )
        if proxy:
            guides = guides.filter(handled=True)
        guides = list(guides)
        group_by = filters["group"]
        keys = ITEM_TYPES if group_by == "type" else GUIDE_THEMES
        attribute = "item_type" if group_by == "type" else "theme"
        context.update(
            guides=guides,
            groups=[
                (key, [g for g in guides if getattr(g, attribute) == key])
                for key in keys
                if any(getattr(g, attribute) == key for g in guides)
            ],
            themes=GUIDE_THEMES,
            item_types=ITEM_TYPES,
            current_theme=theme,
            current_type=item_type,
            current_proxy=proxy,
            group_by=group_by,
        )
        return context


@register_snippet
class Authority(models.Model):
    """An implementing authority (实施主体), e.g. 阿勒泰市民政局: one name, one credit code, one phone
    list, referenced by every guide it implements."""

    name = models.CharField("名称", max_length=100, unique=True)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text="18位，按 GB 32100-2015 校验最后一位；本单位所有事项编码的前18位都是它。",
    )
    address = models.CharField("地址", max_length=200)
    phone = models.CharField(
        "咨询电话",
        max_length=100,
        validators=[phone_list_validator],
        help_text="多个用“、”隔开；指南没有自己的电话时显示这个号码。",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credit_code"),
        FieldPanel("address"),
        FieldPanel("phone"),
    ]
    api_fields = [APIField("name"), APIField("credit_code"), APIField("address"), APIField("phone")]

    class Meta:
        ordering = ["name"]
        verbose_name = "实施主体"
        verbose_name_plural = "实施主体"

    def __str__(self):
        return self.name


class AuthoritySerializer(serializers.Serializer):
    name = serializers.CharField()
    credit_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()


def materials_cell(guide):
    """The open-data cell for a guide's materials: their names."""
    return "；".join(block.value["name"] for block in guide.materials)


def steps_cell(guide):
    """A guide's procedure, one numbered step a line: "1. 申请：…"."""
    return "\n".join(
        f"{number}. {block.value['title']}：{block.value['description']}"
        for number, block in enumerate(guide.steps, start=1)
    )


def offered_at_cell(service):
    """Where and when a service is offered, a line per community: "览景社区：周一至周五 10:00–14:00；
    地点：社区室外浇冰场" (the offering's own time slots, or its station's hours)."""
    return "\n".join(
        f"{offering['community']['title']}：{'；'.join(offering['hours'])}"
        + (f"；地点：{offering['place']}" if offering["place"] else "")
        for offering in service.offerings
    )


def time_limit_text(limit, unit, note):
    """A time limit in words: "20个工作日", "当场办结", "10个工作日（不含邮寄时间）"."""
    text = unit if unit == "当场办结" else f"{limit}个{unit}" if unit == "工作日" else f"{limit}日"
    return f"{text}（{note}）" if note else text


def handled_guides(guides):
    """`guides` annotated with `handled`: whether a live, public community handles it (帮代办)."""
    links = CommunityGuide.objects.filter(guide=OuterRef("pk"), community__live=True).exclude(
        under_view_restriction("community__path")
    )
    return guides.annotate(handled=Exists(links))


class GuidePage(UniqueInLanguageMixin, RoutablePageMixin, BasePage):
    """A government service guide (办事指南) with every element of the national template as fields."""

    # Unique among the Chinese pages; a Kazakh translation carries the same codes.
    unique_in_language = ("code", "item_code")
    # And the stations that handle it (`handling_communities`).
    page_cache_tags = ()

    code = models.CharField(
        "目录编号",
        max_length=10,
        db_index=True,
        validators=[RegexValidator(r"^ZN-\d{3}$", "编号格式为 ZN-001")],
    )
    item_code = models.CharField(
        "事项编码",
        max_length=31,
        db_index=True,
        validators=[validate_item_code],
        help_text="31位：实施主体的统一社会信用代码（18位）+ 事项类型（2位：行政许可01、行政给付05、"
        "行政确认07、其他10、公共服务20）+ 主项（5位）+ 子项（3位）+ 业务项（3位）。",
    )
    theme = models.CharField("主题", max_length=20, choices=[(t, t) for t in GUIDE_THEMES])
    item_type = models.CharField("事项类型", max_length=10, choices=[(t, t) for t in ITEM_TYPES])
    authority = models.ForeignKey(
        Authority,
        verbose_name="实施主体",
        on_delete=models.PROTECT,
        related_name="guides",
        help_text="在“实施主体”片段中维护单位名称、信用代码、地址和电话。",
    )
    audience = models.CharField("服务对象", max_length=300)
    legal_basis = models.TextField("设定依据", max_length=2000, help_text="每行一条。")
    conditions = models.TextField("受理条件", max_length=2000, help_text="每行一条。")
    materials = StreamField([("material", MaterialBlock())], verbose_name="申请材料")
    steps = StreamField([("step", StepBlock())], verbose_name="办理流程")
    legal_limit = models.PositiveSmallIntegerField(
        "法定办结时限（天数）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text="当场办结的留空。",
    )
    legal_unit = models.CharField("法定时限单位", max_length=10, choices=TIME_UNITS)
    legal_note = models.CharField(
        "法定时限说明", max_length=100, blank=True, help_text="例如：自收到评定结果之日起。"
    )
    promised_limit = models.PositiveSmallIntegerField(
        "承诺办结时限（天数）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text="当场办结的留空。",
    )
    promised_unit = models.CharField("承诺时限单位", max_length=10, choices=TIME_UNITS)
    promised_note = models.CharField(
        "承诺时限说明",
        max_length=100,
        blank=True,
        help_text="例如：不含银行制卡配送时间。有说明时，结构化数据不给出确切办理时长。",
    )
    is_free = models.BooleanField(
        "不收费", default=True, help_text="办理全程不向群众收取任何费用时勾选。"
    )
    fee_standard = models.CharField(
        "收费标准",
        max_length=300,
        blank=True,
        help_text="收费时写明项目和金额；不收费时可留空，或写明与办理有关、另外缴纳的费用。",
    )
    location = models.CharField(
        "窗口办理地点",
        max_length=300,
        help_text="部门窗口的地点。可帮代办的社区不用写在这里：页面按各社区登记的“可帮代办的政务服务”自动列出。",
    )
    hours = models.CharField(
        "窗口办理时间",
        max_length=200,
        help_text="部门窗口的时间（北京时间）。社区窗口的时间取自各服务站的开放时间。",
    )
    phone = models.CharField(
        "咨询电话",
        max_length=100,
        blank=True,
        validators=[phone_list_validator],
        help_text="这项事项自己的咨询电话；留空则显示实施主体的电话。",
    )
    complaint_phone = models.CharField(
        "监督投诉电话", max_length=100, validators=[phone_list_validator]
    )
    visits = models.PositiveSmallIntegerField(
        "到现场次数", default=0, validators=[MaxValueValidator(10)]
    )
    visits_reason = models.CharField("需到现场的原因", max_length=300, blank=True)
    online = models.BooleanField("可网上办理", default=False)
    online_url = models.URLField(
        "网上办理地址",
        blank=True,
        validators=[
            URLValidator(["http", "https"], message="应为以 http:// 或 https:// 开头的网址")
        ],
    )
    faq = StreamField([("question", QuestionBlock())], verbose_name="常见问题", blank=True)
    last_checked = models.DateField("最近核对日期")

    # Declared once, in file order: the admin panels, the API fields, the JSON import and export
    # and the open-data download all follow this list.
    data_fields = [
        DataField("code", group="事项信息", open_data=True, about="目录编号，例如 ZN-001"),
        DataField(
            "item_code",
            group="事项信息",
            open_data=True,
            about="31位事项编码：实施主体的统一社会信用代码、事项类型和事项序号",
        ),
        DataField("slug", panel=False, api=False),
        DataField(
            "title",
            panel=False,
            api=False,
            open_data=True,
            label="事项名称",
            about="政务服务事项的名称",
        ),
        DataField("summary", panel=False),
        DataField(
            "theme", group="事项信息", open_data=True, about="主题分类，例如 社会保障、民政救助"
        ),
        DataField(
            "item_type",
            group="事项信息",
            open_data=True,
            about="事项类型：行政许可、行政给付、行政确认、公共服务或其他",
        ),
        DataField(
            "authority",
            group="事项信息",
            key="name",
            serializer=AuthoritySerializer(),
            open_data=True,
            cell=lambda guide: guide.authority.name,
            about="实施主体（负责办理的部门）的名称",
        ),
        DataField("audience", group="事项信息", open_data=True, about="服务对象：哪些人可以申请"),
        DataField(
            "legal_basis",
            lines=True,
            api="legal_basis_list",
            open_data=True,
            cell=lambda guide: "\n".join(guide.legal_basis_list),
            about="设定依据（法律、法规、规章及条款）",
        ),
        DataField(
            "conditions",
            lines=True,
            api="condition_list",
            open_data=True,
            cell=lambda guide: "\n".join(guide.condition_list),
        ),
        DataField(
            "materials", open_data=True, cell=materials_cell, about="申请材料的名称，用“；”隔开"
        ),
        DataField(
            "steps",
            open_data=True,
            cell=steps_cell,
            about="办理流程，每个环节一行：序号. 环节：说明",
        ),
        DataField(
            "legal_limit",
            group="办结时限",
            open_data=True,
            label="法定办结时限",
            cell=lambda guide: guide.legal_time_limit,
            about="法定办结时限，例如“20个工作日”“当场办结”",
        ),
        DataField("legal_unit", group="办结时限"),
        DataField("legal_note", group="办结时限"),
        DataField(
            "promised_limit",
            group="办结时限",
            open_data=True,
            label="承诺办结时限",
            cell=lambda guide: guide.promised_time_limit,
            about="本地承诺的办结时限",
        ),
        DataField("promised_unit", group="办结时限"),
        DataField("promised_note", group="办结时限"),
        DataField("is_free", group="收费"),
        DataField(
            "fee_standard",
            group="收费",
            open_data=True,
            label="收费",
            cell=lambda g: g.fee_text,
            about="收费情况：不收费，或收费项目和金额",
        ),
        DataField(
            "location",
            group="地点、时间与电话",
            open_data=True,
            label="办理地点",
            cell=lambda guide: "；".join(guide.place_lines),
            about="可帮代办的各社区服务站（名称、地址），以及部门窗口，用“；”隔开",
        ),
        DataField(
            "hours",
            group="地点、时间与电话",
            open_data=True,
            label="窗口办理时间",
            about="部门窗口的办理时间（北京时间）；社区服务站的时间见各社区页面",
        ),
        DataField(
            "phone",
            group="地点、时间与电话",
            open_data=True,
            cell=lambda guide: "、".join(guide.phone_list),
            about="咨询电话（没有自己的电话时为实施主体的电话），多个用“、”隔开",
        ),
        DataField(
            "complaint_phone",
            group="地点、时间与电话",
            open_data=True,
            about="监督投诉电话，多个用“、”隔开",
        ),
        DataField("visits", group="办理方式", open_data=True, about="办理全程需到现场的次数"),
        DataField("visits_reason", group="办理方式"),
        DataField("online", group="办理方式"),
        DataField(
            "online_url", group="办理方式", open_data=True, about="网上办理地址；不能网上办理的为空"
        ),
        DataField("faq"),
        DataField("last_checked", open_data=True, about="编辑最近一次核对这份指南的日期"),
    ]
    open_data_extra = [
        OpenDataColumn("网址", "这份指南在本站的网页地址", lambda page: page.get_full_url())
    ]
    content_panels = [*BasePage.content_panels, *panels_of(data_fields)]
    search_fields = [
        *BasePage.search_fields,
        SegmentedSearchField("audience"),
        SegmentedSearchField("conditions"),
        SegmentedSearchField("materials"),
        SegmentedSearchField("faq"),
        SegmentedSearchField("theme"),
        SegmentedSearchField("item_code"),
        index.RelatedFields("authority", [SegmentedSearchField("name")]),
        index.FilterField("theme"),
    ]
    # What residents read, computed from the fields above: the same values the page, the CSV and
    # the structured data show.
    derived_api_fields = [
        "legal_time_limit",
        "promised_time_limit",
        "fee_text",
        "phone_list",
        "handling_communities",
    ]
    api_fields = [*api_fields_of(data_fields), *(APIField(name) for name in derived_api_fields)]
    parent_page_types = ["services_catalog.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政务服务指南"
        verbose_name_plural = "政务服务指南"

    def clean(self):
        super().clean()
        errors = {}
        if self.visits and not self.visits_reason:
            errors["visits_reason"] = "需要到现场时，请说明原因。"
        if self.online and not self.online_url:
            errors["online_url"] = "可网上办理时，请填写网上办理地址。"
        for field, message in rules.guide_errors(self, self.community_names()):
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def community_names(self):
        """Every community's name as residents write it (览景社区 and 览景), for the place rule."""
        return list(CommunityPage.objects.values_list("title", flat=True))

    @property
    def legal_basis_list(self):
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def condition_list(self):
        return [line.strip() for line in self.conditions.splitlines() if line.strip()]

    @property
    def legal_time_limit(self):
        return time_limit_text(self.legal_limit, self.legal_unit, self.legal_note)

    @property
    def promised_time_limit(self):
        return time_limit_text(self.promised_limit, self.promised_unit, self.promised_note)

    @property
    def processing_time(self):
        """An ISO 8601 duration only where the promise is exact: calendar days or on the spot,
        with no condition attached. Working days are not a fixed duration."""
        if self.promised_note:
            return None
        if self.promised_unit == "当场办结":
            return "P0D"
        if self.promised_unit == "自然日":
            return f"P{self.promised_limit}D"
        return None

    @property
    def fee_text(self):
        """The fee as residents read it on the page, in the CSV, the API and structured data."""
        return rules.fee_text(self.is_free, self.fee_standard)

    @cached_property
    def phone_list(self):
        """The guide's own numbers, or its authority's."""
        numbers = self.phone or self.authority.phone
        return [number.strip() for number in numbers.split("、") if number.strip()]

    @property
    def complaint_phone_list(self):
        return [number.strip() for number in self.complaint_phone.split("、") if number.strip()]

    @property
    def is_stale(self):
        return timezone.localdate() - self.last_checked > STALE_AFTER

    @property
    def handling_communities(self):
        """The communities that handle this guide for residents (帮代办), with their stations."""
        tags.shows_pages(community["path"] for community in self._handling_communities)
        return self._handling_communities

    @cached_property
    def _handling_communities(self):
        return remember(
            f"guide-handlers:{self.pk}",
            lambda: [
                station(link.community) for link in linked_stations(self.handled_by, "guide_id")
            ],
        )

    @property
    def place_lines(self):
        """Where to go: each community that handles it, then the authority's window."""
        return [
            *(
                f"{community['title']}（{community['station_name']}，{community['address']}）"
                for community in self.handling_communities
            ),
            self.location,
        ]

    def structured_data(self, request):
        url = self.get_full_url(request)
        channels = [
            {
                "@type": "ServiceChannel",
                "name": community["station_name"],
                "servicePhone": {
                    "@type": "ContactPoint",
                    "telephone": [international(n) for n in community["phones"]],
                },
                "serviceLocation": {
                    "@type": "Place",
                    "name": community["station_name"],
                    "address": community["address"],
                    "url": seo.absolute(request, community["url"]),
                },
                "availableLanguage": "zh-Hans",
            }
            for community in self.handling_communities
        ]
        window = {
            "@type": "ServiceChannel",
            "name": self.location,
            "servicePhone": {
                "@type": "ContactPoint",
                "telephone": [international(n) for n in self.phone_list],
            },
            "serviceLocation": {"@type": "Place", "name": self.location, "address": self.location},
            "availableLanguage": "zh-Hans",
        }
        if self.online:
            window["serviceUrl"] = self.online_url
        channels.append(window)
        if self.processing_time:
            for channel in channels:
                channel["processingTime"] = self.processing_time
        offer = {"@type": "Offer", "priceCurrency": "CNY", "description": self.fee_text}
        if self.is_free:
            offer["price"] = "0"
        data = [
            {
                "@context": "https://schema.org",
                "@type": "GovernmentService",
                "name": self.title,
                "description": self.summary,
                "url": url,
                "identifier": self.item_code,
                "serviceType": self.item_type,
                "category": self.theme,
                "provider": {
                    "@type": "GovernmentOrganization",
                    "name": self.authority.name,
                    "identifier": self.authority.credit_code,
                    "address": self.authority.address,
                    "telephone": [international(n) for n in self.authority.phone.split("、")],
                },
                "areaServed": seo.city(request),
                "audience": {"@type": "Audience", "audienceType": self.audience},
                "availableChannel": channels,
                "offers": offer,
                "termsOfService": "；".join(self.condition_list),
            }
        ]
        if self.faq:
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "FAQPage",
                    "url": url,
                    "mainEntity": [
                        {
                            "@type": "Question",
                            "name": block.value["question"],
                            "acceptedAnswer": {"@type": "Answer", "text": block.value["answer"]},
                        }
                        for block in self.faq
                    ],
                }
            )
        return data

    @path("")
    def guide(self, request):
        return self.render(request)

    @path("print/")
    def print_view(self, request):
        return self.render(request, template="services_catalog/guide_page_print.html")

    @path("qr/")
    def qr_code(self, request):
        return guide_qr_response(self, request)


class CommunityService(Orderable):
    """A catalogue service as offered at one community's station, with local notes and times."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(
        "ServicePage",
        verbose_name="服务",
        on_delete=models.CASCADE,
        related_name="offered_at",
    )
    note = models.CharField(
        "本站说明",
        max_length=200,
        blank=True,
        help_text="只写这项服务在本站的情况（在哪个功能室、要带什么）；不要写电话，电话取自服务站。",
    )
    time_slots = StreamField(
        [("slot", OpeningHoursBlock())],
        verbose_name="本站时间段",
        blank=True,
        help_text="与服务站开放时间不同时才填，例如“周二 10:00–12:00”；必须在服务站开放时间之内，"
        "除非填写了举办地点。",
    )
    place = models.CharField(
        "举办地点",
        max_length=100,
        blank=True,
        help_text="不在服务站内举办时填写，例如“社区室外浇冰场”“居民家中（上门服务）”。",
    )

    panels = [
        FieldPanel("service"),
        FieldPanel("note"),
        FieldPanel("time_slots"),
        FieldPanel("place"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "提供的服务"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "service"], name="unique_community_service"
            )
        ]

    @property
    def slot_rows(self):
        return rows_of(self.time_slots)

    @property
    def slot_lines(self):
        return describe(self.slot_rows)

    @property
    def slot_text(self):
        return describe_text(self.slot_rows)

    def slot_problems(self, station_rows):
        """Sentences for each time slot outside the station's hours; none when held elsewhere.
        The community page's form, the seeding and the content check apply it (the offering is
        edited inside its community's form, so its own clean() cannot see the hours on screen)."""
        return [] if self.place else slot_problems(self.slot_rows, station_rows)


class CommunityGuide(Orderable):
    """A government service the community can handle on a resident's behalf (帮代办)."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="proxy_guides")
    guide = models.ForeignKey(
        "GuidePage",
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="handled_by",
    )

    panels = [FieldPanel("guide")]

    class Meta(Orderable.Meta):
        verbose_name = "帮代办事项"
        constraints = [
            models.UniqueConstraint(fields=["community", "guide"], name="unique_community_guide")
        ]


class OpenDataPage(BasePage):
    """/open-data/ (开放数据): each dataset the site publishes, with its address, format, fields,
    licence and update rhythm; the fields are read from the declarations the files follow."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "开放数据"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        facts = seo.site_facts(request)
        context.update(
            datasets=open_data.datasets(ServicePage, GuidePage),
            site_name=facts["site_name"],
            sample_content=facts["sample_content"],
        )
        return context

"""The community service catalogue and the government service guides, with their index pages."""

import datetime

from rest_framework import serializers

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator, URLValidator
from django.db import models
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
from wagtail.models import Orderable
from wagtail.search import index

from communities.models import CommunityPage
from core import seo
from core.filters import bind_filters
from core.models import BasePage, TypedChildRouteMixin, under_view_restriction
from core.segmentation import SegmentedSearchField
from core.validators import phone_list_validator
from pagecache.generation import remember
from services_catalog.blocks import MaterialBlock, QuestionBlock, StepBlock
from services_catalog.data_fields import DataField, api_fields_of, panels_of
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


class ServiceCategory(models.Model):
    """An area of the catalogue, e.g. 养老服务; editable by city editors."""

    name = models.CharField("名称", max_length=30, unique=True)
    slug = models.SlugField("网址名", max_length=40, unique=True)
    description = models.TextField("说明", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"

    def __str__(self):
        return self.name


class Audience(models.Model):
    """Who a service is for, e.g. 老年人 or 新就业群体 (delivery riders and other gig workers)."""

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField("网址名", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"

    def __str__(self):
        return self.name


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OfferingSerializer(serializers.Serializer):
    community = serializers.CharField(source="community.title")
    community_slug = serializers.CharField(source="community.slug")
    note = serializers.CharField()
    hours = serializers.CharField()


class ServiceIndexPage(TypedChildRouteMixin, RoutablePageMixin, BasePage):
    """/services/: the whole catalogue, grouped by category, filterable by plain GET links."""

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
        audiences = list(Audience.objects.all())
        categories = list(ServiceCategory.objects.all())
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
        for category in ServiceCategory.objects.all():
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
        category = get_object_or_404(ServiceCategory, slug=slug)
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
    names = ("title", "slug", "url_path", "path", "depth", "station_name", "address", "phone")
    return (
        links.filter(community__live=True)
        .exclude(under_view_restriction("community__path"))
        .select_related("community")
        .only(*fields, *(f"community__{name}" for name in names))
        .order_by("community__path")
    )


def station(community):
    """A community's station as the service and guide pages show it, as plain values that the
    page cache can keep between requests."""
    return {
        "title": community.title,
        "url": community.get_url(),
        "station_name": community.station_name,
        "address": community.address,
        "phone": community.phone,
    }


class ServicePage(BasePage):
    """One of the catalogue's community services, e.g. free ski-gear storage."""

    code = models.CharField(
        "目录编号",
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^FW-\d{3}$", "编号格式为 FW-001")],
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="services"
    )
    audiences = ParentalManyToManyField(Audience, verbose_name="服务对象", related_name="services")
    body = models.TextField("服务说明", max_length=2000, help_text="段落之间空一行。")
    steps = models.TextField("如何获得", max_length=2000, help_text="每行一个步骤。")
    is_free = models.BooleanField("免费", default=True)
    fee = models.CharField("费用", max_length=100, default="免费")
    booking_required = models.BooleanField("需要预约", default=False)
    contact = models.CharField("咨询电话", max_length=100, validators=[phone_list_validator])
    tags = ClusterTaggableManager("标签", through=ServicePageTag, blank=True)

    # Declared once, in file order: the admin panels, the API fields, the CSV import and export
    # and the open-data download all follow this list.
    data_fields = [
        DataField("code", group="分类"),
        DataField("slug", panel=False, api=False),
        DataField("title", panel=False, api=False),
        DataField("category", group="分类", key="slug", serializer=CategorySerializer()),
        DataField("audiences", group="分类", key="name", api="audience_names"),
        DataField("summary", panel=False),
        DataField("body", api="paragraphs"),
        DataField("steps", api="step_list"),
        DataField("is_free", group="费用与联系"),
        DataField("fee", group="费用与联系"),
        DataField("booking_required", group="费用与联系"),
        DataField("contact", group="费用与联系"),
        DataField("tags", key="name", api="tag_names"),
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
        return [audience.name for audience in self.audiences.all()]

    @property
    def public_offerings(self):
        return linked_stations(self.offered_at, "service_id", "note", "hours")

    @cached_property
    def offerings(self):
        """Where this service is offered, by community, for the page and its structured data."""
        return remember(
            f"service-offerings:{self.pk}",
            lambda: [
                {"community": station(link.community), "hours": link.hours, "note": link.note}
                for link in linked_stations(self.offered_at, "service_id", "note", "hours")
            ],
        )

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @property
    def contact_list(self):
        return self.contact.split("、")

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
                            "telephone": offering["community"]["phone"],
                        },
                        "serviceLocation": {
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
        if proxy:
            guides = guides.filter(proxy=True)
        guides = list(
            guides.only(
                "title", "slug", "url_path", "summary", "theme", "item_type", "proxy", "code"
            )
        )
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


def materials_cell(guide):
    """The open-data cell for a guide's materials: their names."""
    return "；".join(block.value["name"] for block in guide.materials)


def fee_cell(guide):
    """The open-data cell for a guide's fee."""
    return "不收费" if guide.is_free else guide.fee_standard


class GuidePage(RoutablePageMixin, BasePage):
    """A government service guide (办事指南) with every element of the national template as fields."""

    code = models.CharField(
        "目录编号",
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^ZN-\d{3}$", "编号格式为 ZN-001")],
    )
    item_code = models.CharField("事项编码", max_length=60, unique=True)
    theme = models.CharField("主题", max_length=20, choices=[(t, t) for t in GUIDE_THEMES])
    item_type = models.CharField("事项类型", max_length=10, choices=[(t, t) for t in ITEM_TYPES])
    authority = models.CharField("实施主体", max_length=100)
    audience = models.CharField("服务对象", max_length=300)
    legal_basis = models.TextField("设定依据", max_length=2000, help_text="每行一条。")
    conditions = models.TextField("受理条件", max_length=2000, help_text="每行一条。")
    materials = StreamField([("material", MaterialBlock())], verbose_name="申请材料")
    steps = StreamField([("step", StepBlock())], verbose_name="办理流程")
    legal_time_limit = models.CharField("法定办结时限", max_length=60)
    promised_time_limit = models.CharField("承诺办结时限", max_length=60)
    is_free = models.BooleanField("不收费", default=True)
    fee_standard = models.CharField("收费标准", max_length=300)
    location = models.CharField("办理地点", max_length=300)
    hours = models.CharField("办理时间", max_length=200)
    phone = models.CharField("咨询电话", max_length=100, validators=[phone_list_validator])
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
    proxy = models.BooleanField("社区可帮代办", default=False)
    faq = StreamField([("question", QuestionBlock())], verbose_name="常见问题", blank=True)
    last_checked = models.DateField("最近核对日期")

    # Declared once, in file order: the admin panels, the API fields, the JSON import and export
    # and the open-data download all follow this list.
    data_fields = [
        DataField("code", group="事项信息", open_data=True),
        DataField("item_code", group="事项信息", open_data=True),
        DataField("slug", panel=False, api=False),
        DataField("title", panel=False, api=False, open_data=True, label="事项名称"),
        DataField("summary", panel=False),
        DataField("theme", group="事项信息", open_data=True),
        DataField("item_type", group="事项信息", open_data=True),
        DataField("authority", group="事项信息", open_data=True),
        DataField("audience", group="事项信息", open_data=True),
        DataField("legal_basis", lines=True, api="legal_basis_list"),
        DataField("conditions", lines=True, api="condition_list"),
        DataField("materials", open_data=True, cell=materials_cell),
        DataField("steps"),
        DataField("legal_time_limit", group="时限、费用与地点", open_data=True),
        DataField("promised_time_limit", group="时限、费用与地点", open_data=True),
        DataField("is_free", group="时限、费用与地点"),
        DataField(
            "fee_standard", group="时限、费用与地点", open_data=True, label="收费", cell=fee_cell
        ),
        DataField("location", group="时限、费用与地点", open_data=True),
        DataField("hours", group="时限、费用与地点", open_data=True),
        DataField("phone", group="时限、费用与地点", open_data=True),
        DataField("complaint_phone", group="时限、费用与地点", open_data=True),
        DataField("visits", group="办理方式", open_data=True),
        DataField("visits_reason", group="办理方式"),
        DataField("online", group="办理方式"),
        DataField("online_url", group="办理方式", open_data=True),
        DataField("proxy", group="办理方式", open_data=True),
        DataField("faq"),
        DataField("last_checked", open_data=True),
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
        index.FilterField("proxy"),
        index.FilterField("theme"),
    ]
    api_fields = api_fields_of(data_fields)
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
        if errors:
            raise ValidationError(errors)

    @property
    def legal_basis_list(self):
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def condition_list(self):
        return [line.strip() for line in self.conditions.splitlines() if line.strip()]

    @property
    def is_stale(self):
        return timezone.localdate() - self.last_checked > STALE_AFTER

    @cached_property
    def handling_communities(self):
        """The communities that handle this guide for residents (帮代办)."""
        return remember(
            f"guide-handlers:{self.pk}",
            lambda: [
                station(link.community) for link in linked_stations(self.handled_by, "guide_id")
            ],
        )

    def structured_data(self, request):
        url = self.get_full_url(request)
        channel = {
            "@type": "ServiceChannel",
            "name": self.location,
            "servicePhone": {"@type": "ContactPoint", "telephone": self.phone},
            "serviceLocation": {"@type": "Place", "name": self.location, "address": self.location},
            "availableLanguage": "zh-Hans",
        }
        if self.online:
            channel["serviceUrl"] = self.online_url
        duration = seo.processing_time(self.promised_time_limit)
        if duration:
            channel["processingTime"] = duration
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
                "provider": {"@type": "GovernmentOrganization", "name": self.authority},
                "areaServed": seo.city(request),
                "audience": {"@type": "Audience", "audienceType": self.audience},
                "availableChannel": channel,
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
    """A catalogue service as offered at one community's station, with local notes and hours."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(
        "ServicePage",
        verbose_name="服务",
        on_delete=models.CASCADE,
        related_name="offered_at",
    )
    note = models.CharField("本站说明", max_length=200, blank=True)
    hours = models.CharField("本站时间", max_length=100, blank=True)

    panels = [FieldPanel("service"), FieldPanel("note"), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = "提供的服务"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "service"], name="unique_community_service"
            )
        ]


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

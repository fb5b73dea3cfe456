"""The bottom layer's models: user, image, the abstract base page and its mixins, site settings."""

import contextlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.utils.functional import cached_property
from django.utils.translation import gettext

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, PageViewRestriction

from core.forms import SitePageForm
from core.localization import LocalizedUrlMixin
from core.segmentation import SegmentedSearchField
from core.validators import (
    correction_contact_validator,
    police_record_validator,
    site_code_validator,
)
from pagecache.generation import page_cache, remember


class User(AbstractUser):
    """The site's user; a model of our own so fields can be added without swapping later."""

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        # Granted to a group in the admin's group editor; site_config.two_factor enforces it.
        permissions = [("require_two_factor", "登录须两步验证（验证器应用动态码）")]


class SiteImage(AbstractImage):
    """An image whose alternative text is required, so every picture on the site is described."""

    description = models.CharField(
        "替代文本",
        max_length=255,
        help_text="向看不见图片的读者描述图片内容，例如“志愿者为老人理发”。",
    )

    admin_form_fields = (
        "title",
        "description",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = "图片"
        verbose_name_plural = "图片"


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class TypedChildRouteMixin:
    """Route to children of one known type in one query with their related rows; Wagtail's own
    route takes two (the page, then its specific row). Other paths fall through to Wagtail."""

    child_model = None
    child_select_related = ()

    def route(self, request, path_components):
        if path_components:
            children = self.child_model.objects.child_of(self)
            try:  # get(), unlike first(), adds no ORDER BY: a cheaper query on every request
                child = children.select_related(*self.child_select_related).get(
                    slug=path_components[0]
                )
            except self.child_model.DoesNotExist:
                return super().route(request, path_components)
            child._cached_parent_obj = self
            return child.route(request, path_components[1:])
        return super().route(request, path_components)


def under_view_restriction(path="path"):
    """A condition true for pages under any view restriction (password, login, groups), itself or
    an ancestor's: `pages.exclude(under_view_restriction())` keeps what anyone may see, and
    `links.exclude(under_view_restriction("community__path"))` the links to such pages.

    Unlike Wagtail's public(), which reads every restriction when it is called, this is one SQL
    condition: no query of its own, so it can be built at import time or in a query budget.
    """
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef(path), F("page__path"))))


def subtree(path):
    """A condition true for the page at `path` and every page below it, as a range of the path
    index. Wagtail's descendant_of is a LIKE 'path%', which SQLite cannot answer from an index;
    the range can (with core's index on path, live and type, a sitemap file of a 100,000-page
    site is read from the index alone). Paths are steps of 0-9A-Z (treebeard's alphabet)."""
    last = Page.alphabet[-1] * (Page._meta.get_field("path").max_length - len(path))
    return models.Q(path__gte=path, path__lte=path + last)


class CachedViewRestrictionsMixin:
    """Wagtail looks a page's view restrictions up (its ancestors, then their restrictions) on
    every request it serves: two queries, almost always finding none. The answer is kept per
    page-cache generation; saving any page or restriction starts a new one."""

    def get_view_restrictions(self):
        lookup = super().get_view_restrictions
        ids = remember(
            f"view-restrictions:{self.pk}",
            lambda: list(lookup().values_list("pk", flat=True)),
        )
        return (
            PageViewRestriction.objects.filter(pk__in=ids)
            if ids
            else PageViewRestriction.objects.none()
        )


class SummaryMixin(models.Model):
    """One summary per page that is also its meta description; indexed as Chinese words."""

    summary = models.TextField(
        "摘要",
        max_length=300,
        blank=True,
        help_text="一段话说明本页内容，也用作搜索引擎的描述。",
    )

    # Every text field is also indexed as segmented Chinese words (see core.segmentation).
    search_fields = [
        *Page.search_fields,
        SegmentedSearchField("title", boost=5),
        SegmentedSearchField("summary", boost=2),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.summary


class StructuredDataMixin:
    """What a page tells search engines beyond its HTML: breadcrumbs, schema.org, a share image."""

    @cached_property
    def breadcrumbs(self):
        """(title, url) from the home page down to this page: shown on the page and in JSON-LD.

        Walks up through get_parent(), which routing has already cached for a served page.
        """
        trail = [self]
        while trail[0].depth > 2:
            trail.insert(0, trail[0].get_parent())
        return [(gettext("首页") if page.depth == 2 else page.title, page.url) for page in trail]

    def structured_data(self, request):
        """schema.org objects describing this page, beyond its breadcrumbs."""
        return []

    def og_image_url(self, request):
        return ""


class BasePage(
    LocalizedUrlMixin, CachedViewRestrictionsMixin, StructuredDataMixin, SummaryMixin, Page
):
    """Abstract base of every public page type: the same summary, metadata and caching."""

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    base_form_class = SitePageForm
    # Listed in the pages sitemap (site_config.sitemaps); short-lived pages say False.
    in_sitemap = True

    class Meta:
        abstract = True


LAST_KNOWN_FACTS = "site-settings:last-known"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Facts the whole site shows (header, footer, titles, structured data), edited in one place."""

    site_name = models.CharField("网站名称", max_length=30, default="雪都社区服务网")
    city = models.CharField("城市", max_length=30, default="阿勒泰市")
    region = models.CharField("所属省区", max_length=30, default="新疆维吾尔自治区")
    hotline = models.CharField(
        "便民热线", max_length=20, default="12345", help_text="页脚和“查不到”提示中显示的热线号码。"
    )
    hotline_note = models.CharField("热线说明", max_length=60, default="政务服务便民热线（24小时）")
    # 备案与标识: what a government site shows in its footer so residents can tell who runs it.
    organiser = models.CharField(
        "主办单位",
        max_length=100,
        default="阿勒泰市社区党群服务中心",
        help_text="对网站负责的单位，显示在每个页面的页脚。",
    )
    undertaker = models.CharField(
        "承办单位",
        max_length=100,
        default="阿勒泰市社区党群服务中心",
        help_text="负责网站日常运行和维护的单位；与主办单位相同时也照填。",
    )
    icp_number = models.CharField(
        "ICP备案号",
        max_length=60,
        blank=True,
        default="",
        help_text="上线前填写，例如 新ICP备XXXXXXXX号。页脚链接到工业和信息化部的备案查询网站。",
    )
    police_record_number = models.CharField(
        "公安机关备案号",
        max_length=60,
        blank=True,
        default="",
        validators=[police_record_validator],
        help_text="办理公安联网备案后填写，例如 新公网安备 65430102000001号。"
        "页脚按其中的数字编号链接到全国互联网安全管理服务平台的查询页。",
    )
    site_code = models.CharField(
        "网站标识码",
        max_length=10,
        blank=True,
        default="",
        validators=[site_code_validator],
        help_text="政府网站的 10 位标识码，例如 6543010001；没有时留空。",
    )
    correction_contact = models.CharField(
        "纠错联系方式",
        max_length=100,
        blank=True,
        default="",
        validators=[correction_contact_validator],
        help_text="居民发现网站内容有误时怎样告诉我们：一个电子邮箱或一个电话号码，"
        "例如 jiucuo@example.gov.cn 或 0906-2312345。页脚显示为可点击的邮件或电话链接。",
    )
    sample_content = models.BooleanField(
        "示例内容",
        default=False,
        help_text="网站上是演示用的示例数据时打开：每个页面顶部提示电话号码、编码和地址都是示例。"
        "正式上线、换成本市真实数据后关闭。",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("city"), FieldPanel("region")], heading="网站"
        ),
        MultiFieldPanel([FieldPanel("hotline"), FieldPanel("hotline_note")], heading="热线"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("undertaker"),
                FieldPanel("icp_number"),
                FieldPanel("police_record_number"),
                FieldPanel("site_code"),
                FieldPanel("correction_contact"),
            ],
            heading="备案与标识",
        ),
        MultiFieldPanel([FieldPanel("sample_content")], heading="示例内容"),
    ]

    class Meta:
        verbose_name = "站点信息"

    FACTS = (
        "site_name",
        "city",
        "region",
        "hotline",
        "hotline_note",
        "organiser",
        "undertaker",
        "icp_number",
        "police_record_number",
        "site_code",
        "correction_contact",
        "sample_content",
    )

    @classmethod
    def facts(cls, site):
        """The settings as a plain dict, kept per page-cache generation (saving them starts one)."""

        def lookup():
            settings = cls.for_site(site) if site else cls()
            facts = {name: getattr(settings, name) for name in cls.FACTS}
            # For the error pages, which read no database (see last_known_facts); a cache outage
            # only loses their copy.
            with contextlib.suppress(Exception):
                page_cache().set(LAST_KNOWN_FACTS, facts, None)
            return facts

        return remember(f"site-settings:{site.pk if site else 0}", lookup)

    @classmethod
    def last_known_facts(cls):
        """The facts as last read, or the defaults, without touching the database: for the error
        pages, which must render while the database is down."""
        # get_default(), not .default: a field without a default gives "", not NOT_PROVIDED.
        defaults = {name: cls._meta.get_field(name).get_default() for name in cls.FACTS}
        try:
            return page_cache().get(LAST_KNOWN_FACTS) or defaults
        except Exception:
            return defaults

"""Core models: the site's user and image models, the shared base page and the home page."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, PageViewRestriction

from home.pagecache import remember
from home.seo import site_root
from search.segmentation import SegmentedSearchField


class User(AbstractUser):
    """The site's user; a model of our own so fields can be added without swapping later."""

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"


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


class BasePage(Page):
    """Abstract base for every public page type: one summary that also serves as meta description."""

    summary = models.TextField(
        "摘要",
        max_length=300,
        blank=True,
        help_text="一段话说明本页内容，也用作搜索引擎的描述。",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    # Every text field is also indexed as segmented Chinese words (see search.segmentation).
    search_fields = [
        *Page.search_fields,
        SegmentedSearchField("title", boost=5),
        SegmentedSearchField("summary", boost=2),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail looks a page's view restrictions up (its ancestors, then their restrictions) on
        every request it serves: two queries, almost always finding none. The answer is kept per
        page-cache generation; saving any page or restriction starts a new one."""
        ids = remember(
            f"view-restrictions:{self.pk}",
            lambda: list(
                super(BasePage, self).get_view_restrictions().values_list("pk", flat=True)
            ),
        )
        return (
            PageViewRestriction.objects.filter(pk__in=ids)
            if ids
            else PageViewRestriction.objects.none()
        )

    def get_meta_description(self):
        return self.search_description or self.summary

    @cached_property
    def breadcrumbs(self):
        """(title, url) from the home page down to this page: shown on the page and in JSON-LD.

        Walks up through get_parent(), which routing has already cached for a served page.
        """
        trail = [self]
        while trail[0].depth > 2:
            trail.insert(0, trail[0].get_parent())
        return [("首页" if page.depth == 2 else page.title, page.url) for page in trail]

    def structured_data(self, request):
        """schema.org objects describing this page, beyond its breadcrumbs."""
        return []

    def og_image_url(self, request):
        return ""


class HomePage(BasePage):
    """The site's front page: a search box and the ways into the catalogue, guides, news and communities."""

    hero_title = models.CharField("主标题", max_length=60, default="雪都社区服务网")
    hero_text = models.TextField("引导语", max_length=300, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("hero_title"), FieldPanel("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # The sections below home (a handful of index pages) are looked up once per page-cache
        # generation, with their own fields deferred: serving a page deeper down never reads them.
        if path_components:
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
        root = site_root(request)
        return [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": "雪都社区服务网",
                "url": root + "/",
                "inLanguage": "zh-Hans",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": root + "/search/?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            }
        ]

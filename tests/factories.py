"""Factories for unit tests: valid images, snippets and pages built under a parent the test passes.

Pages are created with `add_child` (live, without revisions), so a test builds exactly the tree it
needs, e.g. `CommunityPageFactory(parent=StreetPageFactory(parent=community_index))`. Titles,
slugs and catalogue codes come from sequences, so they never collide with the seeded site's.
StreamFields take lists of (block name, value), e.g. `body=[("heading", "活动安排")]`.
"""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from wagtail.models import Collection

from communities.models import CommunityPage, NoticePage, StreetPage
from core.models import SiteImage
from news.models import NewsPage, StoryPage
from services_catalog.codes import make_credit_code
from services_catalog.models import Audience, Authority, GuidePage, ServiceCategory, ServicePage

NINE_THIRTY, ONE_THIRTY = datetime.time(9, 30), datetime.time(13, 30)
FOUR_PM, SEVEN_THIRTY = datetime.time(16, 0), datetime.time(19, 30)
# A valid unified social credit code (both check characters computed) for the test authority.
TEST_CREDIT_CODE = make_credit_code("1165430199000001")


class SiteImageFactory(wagtail_factories.ImageFactory):
    # The root collection, not wagtail-factories' default of a new root collection per image.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"测试图片{n}")
    description = factory.Sequence(lambda n: f"志愿者为老人理发（测试图片{n}）")

    class Meta:
        model = SiteImage


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试类别{n}")
    slug = factory.Sequence(lambda n: f"test-category-{n}")

    class Meta:
        model = ServiceCategory


class AudienceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试对象{n}")
    slug = factory.Sequence(lambda n: f"test-audience-{n}")

    class Meta:
        model = Audience


class SitePageFactory(wagtail_factories.PageFactory):
    """A page of ours: unique title and slug (Chinese titles slugify to nothing)."""

    title = factory.Sequence(lambda n: f"测试页面{n}")
    slug = factory.Sequence(lambda n: f"test-page-{n}")
    summary = factory.LazyAttribute(lambda page: f"{page.title}的摘要。")

    class Meta:
        abstract = True


class StreetPageFactory(SitePageFactory):
    """A street office; parent: the CommunityIndexPage."""

    title = factory.Sequence(lambda n: f"测试路街道{n}")
    slug = factory.Sequence(lambda n: f"test-street-{n}")
    address = "阿勒泰市测试路1号"
    phone = "0906-2100000"

    class Meta:
        model = StreetPage


class CommunityPageFactory(SitePageFactory):
    """A community and its station; parent: a StreetPage."""

    title = factory.Sequence(lambda n: f"测试社区{n}")
    slug = factory.Sequence(lambda n: f"test-community-{n}")
    station_name = factory.LazyAttribute(lambda page: f"{page.title}党群服务站")
    address = "阿勒泰市测试路2号"
    opening_hours = factory.LazyFunction(
        lambda: [
            (
                "hours",
                {"days": ["1", "2", "3", "4", "5"], "opens": NINE_THIRTY, "closes": ONE_THIRTY},
            ),
            (
                "hours",
                {"days": ["1", "2", "3", "4", "5"], "opens": FOUR_PM, "closes": SEVEN_THIRTY},
            ),
        ]
    )
    phone = "0906-2100001"
    grid_count = 3
    function_areas = "党群活动室\n便民服务大厅"

    class Meta:
        model = CommunityPage


class NoticePageFactory(wagtail_factories.PageFactory):
    """A notice, active from an hour ago for a day; parent: a CommunityPage (the community's own)
    or the CommunityIndexPage (city-wide)."""

    title = factory.Sequence(lambda n: f"测试停水通知{n}")
    slug = factory.Sequence(lambda n: f"test-notice-{n}")
    kind = "water"
    level = "warning"
    body = "请提前储水。"
    affected_area = "测试小区1–3号楼"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda notice: notice.starts_at + datetime.timedelta(days=1))
    # Announced the day before it starts, as planned notices are.
    first_published_at = factory.LazyAttribute(
        lambda notice: min(notice.starts_at, timezone.now()) - datetime.timedelta(days=1)
    )

    class Meta:
        model = NoticePage


class ArticlePageFactory(SitePageFactory):
    date = factory.LazyFunction(datetime.date.today)
    body = factory.LazyAttribute(lambda page: [("paragraph", f"<p>{page.title}的正文。</p>")])

    class Meta:
        abstract = True


class NewsPageFactory(ArticlePageFactory):
    """Activity news; parent: a CommunityPage."""

    title = factory.Sequence(lambda n: f"测试社区动态{n}")
    slug = factory.Sequence(lambda n: f"test-news-{n}")

    class Meta:
        model = NewsPage


class StoryPageFactory(ArticlePageFactory):
    """A volunteer story; parent: a CommunityPage."""

    title = factory.Sequence(lambda n: f"测试志愿服务故事{n}")
    slug = factory.Sequence(lambda n: f"test-story-{n}")
    activity = "为独居老人上门理发"
    volunteers = 5
    hours_served = 10
    people_helped = 20

    class Meta:
        model = StoryPage


class ServicePageFactory(SitePageFactory):
    """A catalogue service; parent: the ServiceIndexPage. Codes FW-900 to FW-999 are ours."""

    title = factory.Sequence(lambda n: f"测试便民服务{n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    code = factory.Sequence(lambda n: f"FW-{900 + n % 100:03d}")
    category = factory.SubFactory(ServiceCategoryFactory)
    body = "为辖区居民提供测试服务。\n\n第二段说明。"
    steps = "到服务站登记\n领取服务"
    contact = "0906-2100002"

    class Meta:
        model = ServicePage
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        """`audiences=[...]`: whom the service is for (none unless given)."""
        if create and extracted:
            self.audiences.set(extracted)
            self.save()


class AuthorityFactory(factory.django.DjangoModelFactory):
    """The implementing authority of test guides: one, by name, as the shipped data has one each."""

    name = "阿勒泰市测试局"
    credit_code = TEST_CREDIT_CODE
    address = "阿勒泰市测试路9号"
    phone = "0906-2100009"

    class Meta:
        model = Authority
        django_get_or_create = ("name",)


class GuidePageFactory(SitePageFactory):
    """A government service guide; parent: the GuideIndexPage. Codes ZN-900 to ZN-999 are ours."""

    title = factory.Sequence(lambda n: f"测试政务事项{n}")
    slug = factory.Sequence(lambda n: f"test-guide-{n}")
    code = factory.Sequence(lambda n: f"ZN-{900 + n % 100:03d}")
    item_code = factory.Sequence(lambda n: f"{TEST_CREDIT_CODE}20{n % 100000:05d}001000")
    theme = "社会保障"
    item_type = "公共服务"
    authority = factory.SubFactory("tests.factories.AuthorityFactory")
    audience = "辖区居民"
    legal_basis = "《测试条例》第一条"
    conditions = "本市户籍居民"
    materials = factory.LazyFunction(
        lambda: [
            (
                "material",
                {"name": "居民身份证", "form": "原件", "copies": 1, "source": "申请人"},
            )
        ]
    )
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "受理", "description": "社区服务站当场受理。"})]
    )
    legal_limit = 20
    legal_unit = "工作日"
    promised_limit = 5
    promised_unit = "工作日"
    fee_standard = ""
    location = "阿勒泰市测试局一楼窗口"
    hours = "周一至周五 09:30–13:30、16:00–19:30（北京时间）"
    phone = "0906-2100003"
    complaint_phone = "12345"
    last_checked = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = GuidePage

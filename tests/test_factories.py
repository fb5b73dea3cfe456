"""The factories build valid content: every page passes the model's own validation and renders."""

import pytest

from services_catalog.models import GuideIndexPage, ServiceIndexPage
from tests.conftest import html_of
from tests.factories import (
    AudienceFactory,
    CommunityPageFactory,
    GuidePageFactory,
    NewsPageFactory,
    NoticePageFactory,
    ServicePageFactory,
    SiteImageFactory,
    StoryPageFactory,
)

pytestmark = pytest.mark.django_db


def test_every_page_factory_builds_a_valid_page_that_renders(client, street):
    community = CommunityPageFactory(parent=street)
    image = SiteImageFactory()
    pages = [
        street,
        community,
        NoticePageFactory(parent=community),
        NewsPageFactory(
            parent=community,
            image=image,
            body=[("heading", "活动安排"), ("image", {"image": image, "caption": "现场"})],
        ),
        StoryPageFactory(parent=community),
        ServicePageFactory(
            parent=ServiceIndexPage.objects.get(locale__language_code="zh-hans"),
            audiences=[AudienceFactory()],
        ),
        GuidePageFactory(parent=GuideIndexPage.objects.get(locale__language_code="zh-hans")),
    ]
    for page in pages:
        page.full_clean()
        html = html_of(client.get(page.url))
        assert page.title in html, page.url
    assert image.description in html_of(client.get(pages[3].url))

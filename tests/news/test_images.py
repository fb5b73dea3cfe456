"""Article images: responsive WebP renditions, lazy, with size and required alternative text."""

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile

from core.localization import in_default_language
from core.models import SiteImage
from news.models import NewsPage
from services_catalog.models import GuidePage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_article_images_are_responsive_webp_with_alt_text(client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "steelblue").save(buffer, "JPEG")
    image = SiteImage.objects.create(
        title="义剪现场",
        description="志愿者在社区为老人理发",
        file=ImageFile(buffer, name="haircut.jpg"),
    )
    news = NewsPage.objects.live().first()
    news.image = image
    news.body = [
        ("image", {"image": image, "caption": "周二义剪"}),
        *[(b.block_type, b.value) for b in news.body],
    ]
    news.save_revision().publish()
    html = html_of(client.get(news.url))
    figure = html.split('<figure class="figure">')[2].split("</figure>")[0]
    assert 'srcset="' in figure and ".webp 400w" in figure and ".webp 1200w" in figure
    assert 'loading="lazy"' in figure
    assert 'alt="志愿者在社区为老人理发"' in figure
    assert 'width="' in figure and 'height="' in figure
    assert "周二义剪" in figure


def test_guide_page_weight_is_under_100_kb_without_web_fonts(client):
    html = html_of(client.get(in_default_language(GuidePage.objects).get(code="ZN-001").url))
    assets = ["css/site.css", "js/site.js"]
    for asset in assets:
        assert f"/static/{asset}" in html
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    total = len(html.encode()) + sum(Path(finders.find(a)).stat().st_size for a in assets)
    total += len(client.get("/preferences.css").content)
    assert total <= 100 * 1024, total
    assert "@font-face" not in css and "woff" not in css

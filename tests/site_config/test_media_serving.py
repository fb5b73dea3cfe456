"""`make run` (dev settings, DEBUG off) serves uploaded media itself; production never does."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.test import override_settings
from django.urls import clear_url_caches

from site_config import urls as site_urls
from tests.factories import SiteImageFactory

PROJECT = Path(__file__).resolve().parents[2]
WHICH_VIEW = """
import django
django.setup()
from django.urls import Resolver404, resolve
try:
    print(resolve("/media/original_images/photo.jpg").func.__module__)
except Resolver404:
    print("not routed")
"""


def view_for_media(settings_module, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"MEDIA_S3_BUCKET", "DJANGO_DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, **extra_env)
    # A secret from the environment, so the dev settings write no key file into the checkout.
    env.setdefault("SECRET_KEY", "media-serving-test-secret-key-0123456789-abcdefghijklmnop")
    result = subprocess.run(
        [sys.executable, "-c", WHICH_VIEW], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def urls_with():
    """Rebuild the site's URLs under changed settings; the original ones come back after."""
    overrides = []

    def rebuild(**changes):
        overrides.append(override_settings(**changes))
        overrides[-1].enable()
        importlib.reload(site_urls)
        clear_url_caches()

    yield rebuild
    for override in reversed(overrides):
        override.disable()
    importlib.reload(site_urls)
    clear_url_caches()


@pytest.mark.django_db
def test_an_uploaded_image_rendition_answers_when_media_are_served(client, urls_with):
    rendition = SiteImageFactory().get_rendition("fill-120x80")
    assert rendition.url.startswith("/media/images/")

    urls_with(SERVE_MEDIA=True, DEBUG=False)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:3] in {b"\xff\xd8\xff", b"\x89PN", b"GIF"}

    # Positive control: without SERVE_MEDIA (production) the same URL is not routed to a file.
    urls_with(SERVE_MEDIA=False, DEBUG=False)
    assert client.get(rendition.url).status_code == 404


@pytest.mark.slow
def test_dev_settings_serve_media_and_production_does_not():
    assert view_for_media("site_config.settings.dev", DJANGO_DEBUG="0") == "django.views.static"
    # With a bucket, media are linked from the bucket's route: Django serves nothing itself.
    assert view_for_media("site_config.settings.dev", MEDIA_S3_BUCKET="xuedu-media") == "not routed"
    production = view_for_media(
        "site_config.settings.production",
        ALLOWED_HOSTS="xuedu.example.cn",
        WAGTAILADMIN_BASE_URL="https://xuedu.example.cn",
    )
    assert production == "not routed"

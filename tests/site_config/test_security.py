"""Refusing attackers and surviving faults: headers, lockout, rate limits, uploads, audit, 503."""

import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.models import ModelLogEntry, PageLogEntry

from core.localization import in_default_language
from core.models import SiteImage
from services_catalog.models import ServiceCategory, ServicePage
from tests.conftest import force_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
PROJECT = Path(__file__).resolve().parents[2]


def test_public_pages_send_the_security_headers(client):
    response = client.get("/services/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "http" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_cached_pages_keep_their_headers(client):
    client.get("/guides/")
    hit = client.get("/guides/")
    assert hit["X-Cache"] == "HIT"
    assert "script-src 'self'" in hit["Content-Security-Policy"]


def test_admin_has_its_own_strict_policy(client):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline';" in csp  # Wagtail's widget init scripts
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "http" not in csp and "*" not in csp


def test_public_pages_have_no_inline_script(client):
    for url in ("/", "/services/", ServicePage.objects.first().url, "/news/", "/search/?q=寄存"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", url
        assert not soup.select("[style]"), url
        assert not [
            tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ]


@pytest.mark.slow
def test_hsts_in_production():
    env = {**os.environ, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "xuedu.example.cn"}
    env["DJANGO_SETTINGS_MODULE"] = "site_config.settings.production"
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_PRELOAD)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["31536000", "True"], out.stderr


def test_admin_login_locks_out_after_repeated_failures(client, make_user):
    user = make_user("editor-under-attack")
    for _ in range(5):
        response = client.post("/admin/login/", {"username": user.username, "password": "guess"})
        assert response.status_code in (200, 429)
    locked = client.post(
        "/admin/login/", {"username": user.username, "password": "correct-horse-battery-9"}
    )
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()


def test_weak_passwords_are_refused():
    for weak in ("12345678", "password", "xuedu2026", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("雪都-社区-服务-2026-安全")


@override_settings(RATE_LIMITS={"/search/": 3})
def test_search_is_rate_limited_per_address_with_a_friendly_page(client):
    for _ in range(3):
        assert client.get("/search/", {"q": "寄存"}, REMOTE_ADDR="10.9.9.9").status_code == 200
    limited = client.get("/search/", {"q": "寄存"}, REMOTE_ADDR="10.9.9.9")
    assert limited.status_code == 429
    assert "请稍后再试" in limited.content.decode() and int(limited["Retry-After"]) <= 60
    assert client.get("/search/", {"q": "寄存"}, REMOTE_ADDR="10.9.9.10").status_code == 200
    assert client.get("/services/", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_admin_actions_are_in_the_audit_log_for_admins(client, admin_user):
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    force_login(client, admin_user)
    client.post(f"/admin/pages/{service.pk}/unpublish/")
    assert PageLogEntry.objects.filter(page=service, action="wagtail.unpublish").exists()
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert service.title in history.content.decode()


def _png(size=(10, 10)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_svg_and_html_uploads_are_refused(client, admin_user):
    force_login(client, admin_user)
    svg = SimpleUploadedFile(
        "x.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "image/svg+xml",
    )
    client.post(
        "/admin/images/add/", {"title": "svg", "description": "x", "file": svg, "collection": 1}
    )
    assert not SiteImage.objects.filter(title="svg").exists()
    html = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(
        "/admin/documents/add/", {"title": "html", "file": html, "collection": 1}
    )
    assert not Document.objects.filter(title="html").exists()
    assert response.status_code == 200


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_oversized_images_are_refused_and_alt_text_is_required(client, admin_user):
    force_login(client, admin_user)
    big = SimpleUploadedFile("big.png", _png((400, 400)), "image/png")
    client.post(
        "/admin/images/add/", {"title": "big", "description": "大图", "file": big, "collection": 1}
    )
    assert not SiteImage.objects.filter(title="big").exists()


def test_alt_text_is_required_for_images(client, admin_user):
    force_login(client, admin_user)
    image = SimpleUploadedFile("ok.png", _png(), "image/png")
    client.post(
        "/admin/images/add/", {"title": "no-alt", "description": "", "file": image, "collection": 1}
    )
    assert not SiteImage.objects.filter(title="no-alt").exists()
    image = SimpleUploadedFile("ok.png", _png(), "image/png")
    client.post(
        "/admin/images/add/",
        {"title": "with-alt", "description": "志愿者为老人理发", "file": image, "collection": 1},
    )
    assert SiteImage.objects.get(title="with-alt").description == "志愿者为老人理发"


def test_database_unreachable_gives_a_static_503(client):
    client.raise_request_exception = False  # answer as the server would, not re-raise
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/services/?fresh=1")
    assert response.status_code == 503
    html = response.content.decode()
    assert "网站暂时无法访问" in html and "12345" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_cached_pages_survive_a_database_outage(client):
    client.get("/guides/")
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/guides/")
    assert response.status_code == 200 and response["X-Cache"] == "HIT"


def test_audit_log_model_entries_exist_for_snippets(client, admin_user):
    force_login(client, admin_user)
    category = ServiceCategory.objects.get(slug="household")
    client.post(
        f"/admin/snippets/services_catalog/servicecategory/edit/{category.pk}/",
        {"name": "家政便民服务", "slug": "household", "description": "", "sort_order": 3},
    )
    assert ModelLogEntry.objects.filter(action="wagtail.edit").exists()

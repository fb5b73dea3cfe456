"""Media on S3-compatible storage, against a real S3-compatible server (moto's server mode) the
test starts: an image uploaded through Wagtail's admin and its rendition land in the bucket, and
the /media/ URL a page links is the bucket's key (what the load balancer forwards)."""

import contextlib
import io
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.models import SiteImage
from tests.conftest import force_login

pytestmark = [pytest.mark.servers, pytest.mark.django_db]
BUCKET = "xuedu-media-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_server(monkeypatch):
    moto_server = Path(sys.executable).with_name("moto_server")
    assert moto_server.exists(), "需要 moto[server]（测试依赖，make install-test）"
    port = free_port()
    process = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "moto_server 已退出"
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            assert time.monotonic() < deadline, "moto_server 没有启动"
            time.sleep(0.2)
        for name, value in CREDENTIALS.items():
            monkeypatch.setenv(name, value)
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(timeout=30)


def storages_for(endpoint):
    return {
        "default": {
            "BACKEND": "site_config.storage.SameOriginS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def png(size=(300, 200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "steelblue").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_uploaded_image_and_its_rendition_are_served_from_the_bucket(
    client, admin_user, s3_server
):
    endpoint, s3 = s3_server
    with override_settings(STORAGES=storages_for(endpoint)):
        force_login(client, admin_user)
        upload = SimpleUploadedFile("snow.png", png(), "image/png")
        client.post(
            "/admin/images/add/",
            {"title": "雪", "description": "雪后的小区", "file": upload, "collection": 1},
        )
        image = SiteImage.objects.get(title="雪")
        rendition = image.get_rendition("fill-120x80|format-webp")
        url = rendition.url

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys  # the original, uploaded through the admin
    # The page links /media/<key>: that key is in the bucket, and it is the rendition.
    assert url.startswith("/media/")
    key = url.removeprefix("/media/")
    assert key in keys
    served = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    with PILImage.open(io.BytesIO(served)) as picture:
        assert (picture.format, picture.size) == ("WEBP", (120, 80))
    # Nothing went to the local media folder instead (the bucket holding them is the control).
    assert not (Path(settings.MEDIA_ROOT) / image.file.name).exists()
    assert not (Path(settings.MEDIA_ROOT) / key).exists()

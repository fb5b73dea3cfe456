"""The page cache's file backend (production without Redis): what it stores is read back as it
was, expired or unreadable files are misses, and nothing is compressed on the way."""

import os
import subprocess
import sys
import time
import zlib

import pytest

from django.conf import settings

from pagecache.backends import PageFileCache


@pytest.fixture
def cache(tmp_path):
    return PageFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})


def test_a_stored_page_reads_back_as_stored_without_compression(cache, tmp_path):
    page = (
        200,
        [("Content-Type", "text/html; charset=utf-8")],
        "<p>览景社区</p>".encode() * 50,
        {"t": 1},
    )
    cache.set("page:a", page, 60)
    assert cache.get("page:a") == page
    assert cache.get_many(["page:a", "page:b"]) == {"page:a": page}
    (stored,) = tmp_path.glob("*.page")
    assert "<p>览景社区</p>".encode() in stored.read_bytes()  # plain, not deflated


def test_expired_and_missing_entries_are_misses(cache):
    cache.set("page:a", "x", 1)
    assert cache.get("page:a") == "x"
    assert cache.add("page:a", "y", 60) is False
    time.sleep(1.1)
    assert cache.get("page:a", "missing") == "missing"
    assert cache.add("page:a", "y", 60) is True and cache.get("page:a") == "y"


def test_an_unreadable_file_is_a_miss_not_an_error(cache):
    cache.set("page:a", "x", 60)
    path = cache._key_to_file("page:a")
    with open(path, "rb") as file:
        cache._is_expired(file)
        expiry_length = file.tell()
    with open(path, "r+b") as file:  # e.g. written by Django's own backend: deflated
        file.seek(expiry_length)
        file.write(zlib.compress(b"not a pickle at all"))
        file.truncate()
    assert cache.get("page:a", "miss") == "miss"
    cache.set("page:a", "x", 60)  # and it is simply written again
    assert cache.get("page:a") == "x"


def test_touch_extends_a_stored_entry(cache):
    cache.set("page:a", "x", 1)
    assert cache.touch("page:a", 60) is True
    time.sleep(1.1)
    assert cache.get("page:a") == "x"
    assert cache.touch("page:none", 60) is False


def test_the_site_keeps_pages_in_it_without_redis(tmp_path):
    """The settings every server starts from (without REDIS_URL) name this backend for pages."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "print(type(caches['pages']).__module__, type(caches['pages']).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "PAGE_CACHE_DIR": str(tmp_path),
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["pagecache.backends", "PageFileCache"]

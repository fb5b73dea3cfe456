"""Test run: fast hashing, local-memory cache unless REDIS_URL is set, plain static storage."""

import os
import re
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="xuedu-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="xuedu-test-private-media-"))
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# With Redis, each cache gets a database of its own, and so does each parallel test process
# (pytest-xdist workers gw0, gw1, …): tests empty the page cache, and Redis empties a whole database
# (emptying the default cache with it would make the query-budget tests count cache misses that
# production never has).
if REDIS_URL:  # noqa: F405
    WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if WORKER > 6:
        raise ImproperlyConfigured("With REDIS_URL the suite runs on at most 7 workers (-n 7).")
    for number, alias in enumerate(("default", "pages"), start=1):
        database = f"/{2 * WORKER + number}"
        CACHES[alias]["LOCATION"] = re.sub(r"(/\d*)?$", database, REDIS_URL, count=1)  # noqa: F405

# One process: the page cache can live in memory (REDIS_URL, if set, still wins).
if not REDIS_URL:  # noqa: F405
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "xuedu-pages",
        # Every page seeded, cached with its cache tags' versions (pagecache.tags), fits.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }

# The suite searches and logs in far more often than a person; rate-limit tests set their own.
RATE_LIMITS = {}

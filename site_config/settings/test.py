"""Test run: fast hashing, local-memory cache unless REDIS_URL is set, plain static storage."""

import os
import re
import tempfile
from pathlib import Path

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
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `make test` runs the suite in parallel processes (pytest-xdist workers gw0, gw1, …): each gets a
# Redis database of its own, since tests empty the page cache and Redis empties a whole database.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and WORKER:  # noqa: F405
    for alias in CACHES:  # noqa: F405
        CACHES[alias]["LOCATION"] = re.sub(  # noqa: F405
            r"(/\d*)?$",
            f"/{int(WORKER.removeprefix('gw')) + 1}",
            REDIS_URL,  # noqa: F405
            count=1,
        )

# One process: the page cache can live in memory (REDIS_URL, if set, still wins).
if not REDIS_URL:  # noqa: F405
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "xuedu-pages",
    }

# The suite searches and logs in far more often than a person; rate-limit tests set their own.
RATE_LIMITS = {}

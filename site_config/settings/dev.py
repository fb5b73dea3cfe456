"""Local development: DEBUG by default, a per-checkout secret key kept out of git, the secret and
the SQLite database readable by their owner only, uploads served by Django itself."""

import os
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, MEDIA_S3_BUCKET, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
# `make run` (DEBUG off) serves uploads from MEDIA_ROOT itself; with a bucket they come from there.
SERVE_MEDIA = not MEDIA_S3_BUCKET

OWNER_ONLY = 0o600


def _private_file(path, text=""):
    """Create `path` with mode 0600 before anything is written to it; a file left world-readable
    by an older checkout is made private (its content kept)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(OWNER_ONLY)
        return
    with os.fdopen(descriptor, "w") as file:
        file.write(text)


def _local_secret_key():
    """Generate a secret once per checkout so no key is ever committed."""
    path = BASE_DIR / ".dev-secret-key"
    _private_file(path, get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")


def _private_sqlite_database(database):
    """SQLite creates its database with the umask's mode (often 0644) and gives its -wal and -shm
    files the database's mode: create it 0600 first (and make an older one private)."""
    if database["ENGINE"] != "django.db.backends.sqlite3" or database["NAME"] == ":memory:":
        return
    path = Path(database["NAME"])
    if path.parent.is_dir():
        for existing_or_new in (path, *path.parent.glob(f"{path.name}-*")):
            _private_file(existing_or_new)


_private_sqlite_database(DATABASES["default"])

# Mails (new residents' submissions, urgent notices) are printed, not sent.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

"""Shared fixtures: the whole shipped site, built once per test worker by the real `seed_site`.

Each test runs inside a transaction that is rolled back, so tests may change content freely.
On SQLite the seeded database is kept between runs (in pytest's cache directory, keyed by the
code, data and installed packages that build it), so a second run copies it instead of migrating
and seeding again; coverage runs (`--cov`) and `--cache-clear` always seed afresh.
End-to-end tests (marked `e2e`) read the shipped content; unit tests build their own pages with
tests/factories.py under the `street` fixture (a street of their own below /communities/) and
never read shipped content.
"""

import hashlib
import importlib.metadata
import sqlite3
from io import StringIO
from pathlib import Path

import pytest

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from wagtail.models import Site

from communities.models import CommunityIndexPage
from core.models import SiteSettings, User
from home.models import HomePage
from tests.factories import StreetPageFactory

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    "pagecache",
    "core",
    "communities",
    "news",
    "services_catalog",
    "search",
    "home",
    "operations",
    "site_config",
]


def seed_inputs_digest():
    """A digest of everything the seeded database depends on: the installed packages (their
    migrations), the project's code, data and settings."""
    digest = hashlib.sha256()
    for name in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        digest.update(name.encode())
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()[:20]


def seeded_copy(config):
    """Where this code's seeded SQLite database is kept between runs, or None: not on other
    databases, and not when measuring coverage (seeding is then run and measured)."""
    if connection.vendor != "sqlite" or config.getoption("cov_source", default=None):
        return None
    cache = getattr(config, "cache", None)
    if cache is None:
        return None
    if not hasattr(config, "_seeded_copy"):
        config._seeded_copy = cache.mkdir("seeded-site") / f"{seed_inputs_digest()}.sqlite3"
    return config._seeded_copy


@pytest.fixture(scope="session")
def django_db_use_migrations(request):
    """No migrations when a seeded copy will replace the new database anyway."""
    copy = seeded_copy(request.config)
    if copy is not None and copy.exists():
        return False
    return not request.config.getoption("nomigrations")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    copy = seeded_copy(request.config)
    with django_db_blocker.unblock():
        connection.ensure_connection()
        if copy is not None and copy.exists():
            source = sqlite3.connect(copy)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            # Rows read while the empty database was built have other ids in the copy.
            ContentType.objects.clear_cache()
            for cache in caches.all():
                cache.clear()
            return
        call_command("seed_site", stdout=StringIO())
        if copy is not None:
            partial = copy.with_suffix(f".{id(request)}.partial")
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            for stale in copy.parent.glob("*.sqlite3"):
                stale.unlink(missing_ok=True)
            partial.replace(copy)  # atomic: a parallel worker never reads half a copy


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The page cache outlives each test's rolled-back transaction: start every test empty."""
    caches["pages"].clear()


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


@pytest.fixture
def site_root(db):
    """The default site's root page (the home page): where section pages live."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def community_index(db):
    """/communities/, the one CommunityIndexPage: the parent of streets and city-wide notices."""
    return CommunityIndexPage.objects.get()


@pytest.fixture
def street(community_index):
    """A street office of the test's own, with no communities until the test adds them."""
    return StreetPageFactory(parent=community_index)


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def make_user(db):
    """A real user in the named groups, logged in through the real admin login form."""

    def make(username, *group_names):
        user = User.objects.create_user(username, password="correct-horse-battery-9")
        user.groups.set(Group.objects.filter(name__in=group_names))
        assert user.groups.count() == len(group_names)
        return user

    return make


def login(client, user):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def edit_site_settings(db):
    """Save the default site's SiteSettings with these changes, as an editor would."""

    def edit(**changes):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.save()
        return settings

    return edit

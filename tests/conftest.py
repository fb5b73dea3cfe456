"""Shared fixtures: the whole shipped site, built once per test worker by the real `seed_site`
and `seed_kazakh`.

Each test runs inside a transaction that is rolled back, so tests may change content freely.
End-to-end tests (marked `e2e`) read the shipped content; unit tests build their own pages with
tests/factories.py under the `street` fixture (a street of their own below /communities/) and
never read shipped content.
"""

from io import StringIO

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from wagtail.models import Site

from communities.models import CommunityIndexPage
from core.models import SiteSettings, User
from home.models import HomePage
from search import statistics
from tests.factories import StreetPageFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_site", stdout=StringIO())
        # The shipped Kazakh translations too, as `make run` publishes them: the site is tested
        # as it ships, with a second tree of pages sharing the Chinese pages' slugs.
        call_command("seed_kazakh", stdout=StringIO())


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The page cache outlives each test's rolled-back transaction: start every test empty."""
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def chinese_between_requests():
    """A request activates its language for the rest of the thread (Django's LocaleMiddleware
    leaves it active): tests' own code between requests runs in Chinese, as commands do."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_waiting_search_statistics():
    """Search counts wait in memory beyond a test's transaction: none may reach the next test
    (whose request could then write them, with or without database access)."""
    statistics.discard()
    yield
    statistics.discard()


@pytest.fixture
def home_page(db):
    return HomePage.objects.get(locale__language_code="zh-hans")


@pytest.fixture
def site_root(db):
    """The default site's root page (the home page): where section pages live."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def community_index(db):
    """/communities/, the one CommunityIndexPage: the parent of streets and city-wide notices."""
    return CommunityIndexPage.objects.get(locale__language_code="zh-hans")


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


def login(client, user, second_factor=True):
    """Sign in with the password; then, if the user must, pass the second step as well."""
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    if second_factor and user.has_perm("core.require_two_factor"):
        pass_second_step(client, user)
    return client


def force_login(client, user):
    """Django's force_login, plus the second sign-in step for a user who must pass it."""
    client.force_login(user)
    if user.has_perm("core.require_two_factor"):
        pass_second_step(client, user)
    return client


def pass_second_step(client, user):
    """The real second sign-in step, with a one-time recovery code made for the test (so no
    authenticator's 30-second window matters)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="测试恢复码")
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    response = client.post("/admin/two-factor/verify/", {"otp_token": code})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the second sign-in step superusers must pass."""
    return force_login(client, admin_user)


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


def hours_form_data(prefix, block_type, rows):
    """A StreamField of opening-hours rows as the admin posts it (the block editor is drawn by
    JavaScript, so a scraped form lacks it): `rows` as communities.hours.as_row gives them."""
    data = {f"{prefix}-count": str(len(rows))}
    for index, row in enumerate(rows):
        key = f"{prefix}-{index}"
        data.update(
            {
                f"{key}-type": block_type,
                f"{key}-deleted": "",
                f"{key}-order": str(index),
                f"{key}-value-days": [str(day) for day in row["days"]],
                f"{key}-value-opens": f"{row['opens']:%H:%M}",
                f"{key}-value-closes": f"{row['closes']:%H:%M}",
                f"{key}-value-note": row["note"],
            }
        )
    return data


def community_stream_data(page, forms=None):
    """The community form's StreamFields as they stand: the station's hours and, for each
    offering form, its time slots (`forms`: the offerings in form order)."""
    data = hours_form_data("opening_hours", "hours", page.hours_rows)
    offerings = list(page.services.order_by("sort_order")) if forms is None else forms
    for index, offering in enumerate(offerings):
        data.update(hours_form_data(f"services-{index}-time_slots", "slot", offering.slot_rows))
    return data

"""Shared fixtures: the whole shipped site, built once per test run by the real `seed_site`.

Each test runs inside a transaction that is rolled back, so tests may change content freely.
"""

from io import StringIO

import pytest

from django.core.management import call_command

from home.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_site", stdout=StringIO())


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The page cache outlives each test's rolled-back transaction: start every test empty."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def make_user(db):
    """A real user in the named groups, logged in through the real admin login form."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def make(username, *group_names):
        user = get_user_model().objects.create_user(username, password="correct-horse-battery-9")
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

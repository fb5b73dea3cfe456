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


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()

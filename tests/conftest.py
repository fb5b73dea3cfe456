"""Shared fixtures: a real page tree built by the same code as `seed_site`."""

import pytest

from home.seeding import ensure_home_page


@pytest.fixture
def home_page(db):
    return ensure_home_page(lambda message: None)

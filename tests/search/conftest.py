"""Search tests start with no search counted in memory (counts outlive a test's transaction)."""

import pytest

from search import statistics


@pytest.fixture(autouse=True)
def no_waiting_statistics():
    statistics.discard()
    yield
    statistics.discard()

"""Only query strings that pages read are stored: junk parameters (cache busters, tracking tags)
are rendered but never kept, so they cannot fill the page cache one distinct URL at a time."""

import pytest

from pagecache import registry

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_junk_parameters_are_served_but_not_stored(client):
    for number in range(5):
        response = client.get("/services/", {"utm_source": f"spam-{number}"})
        assert response.status_code == 200
        assert "X-Cache" not in response  # neither looked up nor stored
    assert client.get("/services/?utm_source=spam-0").get("X-Cache") is None


def test_known_parameters_are_stored_in_any_order(client):
    """Positive control: the filters pages read are cached, and their order does not matter."""
    first = client.get("/news/?kind=news&community=lanjing")
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    again = client.get("/news/?community=lanjing&kind=news")
    assert again["X-Cache"] == "HIT"
    assert again.content == first.content


def test_a_page_without_parameters_is_stored(client):
    assert client.get("/services/")["X-Cache"] == "MISS"
    assert client.get("/services/")["X-Cache"] == "HIT"


def test_apps_declare_the_parameters_their_pages_read():
    assert registry.known_query(["page", "community", "month", "audience", "p"])
    assert not registry.known_query(["page", "utm_source"])

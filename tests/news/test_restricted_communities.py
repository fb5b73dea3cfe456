"""A community or street under a view restriction (password or login) is, to the newsroom and
its feeds, no place at all: ?community= and ?street= answer 404 as for an unknown one."""

import pytest

from wagtail.models import PageViewRestriction

from communities.models import CommunityPage, StreetPage

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]
KINDS = [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN]


def restrict(page, kind):
    password = "x9" if kind == PageViewRestriction.PASSWORD else ""
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "url",
    [
        "/news/?community=lanjing",
        "/news/feed/rss/?community=lanjing",
        "/news/feed/atom/?community=lanjing",
    ],
)
def test_a_restricted_community_is_unknown_to_the_newsroom_and_feeds(client, url, kind):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    control = client.get(url)
    assert control.status_code == 200 and lanjing.title in control.content.decode()
    restrict(lanjing, kind)
    response = client.get(url)
    assert response.status_code == 404
    assert lanjing.title not in response.content.decode()
    assert client.get(url.replace("lanjing", "hebin")).status_code == 200  # control


def test_a_restricted_street_is_unknown_to_the_newsroom(client):
    street = CommunityPage.objects.get(slug="lanjing").get_parent().specific
    other = StreetPage.objects.exclude(pk=street.pk).first()
    assert client.get(f"/news/?street={street.slug}").status_code == 200  # control
    restrict(street, PageViewRestriction.LOGIN)
    assert client.get(f"/news/?street={street.slug}").status_code == 404
    assert client.get(f"/news/?street={other.slug}").status_code == 200  # control

"""`seed_site` builds the tree once; running it again changes nothing."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page, Revision, Site

from home.models import HomePage

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(
            Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")
        ),
        Revision.objects.count(),
    )


def test_seed_site_builds_the_home_page_and_site():
    call_command("seed_site", stdout=StringIO())
    home = HomePage.objects.get()
    assert home.live
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert site.site_name == "雪都社区服务网"


def test_seed_site_twice_changes_nothing():
    call_command("seed_site", stdout=StringIO())
    first = snapshot()
    call_command("seed_site", stdout=StringIO())
    assert snapshot() == first

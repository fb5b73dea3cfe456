"""`seed_site` builds the whole tree once; running it again changes nothing."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page, Revision, Site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def snapshot():
    return (
        list(
            Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")
        ),
        Revision.objects.count(),
    )


def test_seeded_site_has_a_live_home_page_as_default_site_root(home_page):
    assert home_page.live
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    assert site.site_name == "雪都社区服务网"
    # The only other top page is the home page's Kazakh translation (seed_kazakh).
    others = Page.objects.filter(depth=2).exclude(pk=home_page.pk)
    assert [page.translation_key for page in others] == [home_page.translation_key]


@pytest.mark.slow
def test_seed_site_again_changes_nothing():
    first = snapshot()
    out = StringIO()
    call_command("seed_site", stdout=out)
    assert snapshot() == first
    assert "0 项改动" in out.getvalue()

"""The registry (pagecache/registry.py): what apps declare invalidates the cache, and when it ends."""

import datetime

import pytest

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Site

from core.models import SiteSettings, User
from pagecache import registry
from pagecache.generation import current_generation, page_cache
from pagecache.middleware import seconds_to_keep
from tests.factories import AudienceFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def generation():
    return current_generation(page_cache())


def changes_generation(action):
    before = generation()
    action()
    return generation() != before


@pytest.fixture
def tags_registered():
    """Tags registered for this test only (no app registers them)."""
    registry.invalidate_on(Tag)
    yield
    for signal, kind in ((post_save, "save"), (post_delete, "del")):
        signal.disconnect(sender=Tag, dispatch_uid=f"pagecache-{kind}-{Tag._meta.label}")


def test_saving_or_deleting_a_registered_model_starts_a_new_generation(tags_registered):
    tag = Tag(name="测试登记标签", slug="test-registered-tag")
    assert changes_generation(tag.save)
    assert changes_generation(tag.delete)


def test_an_unregistered_model_leaves_the_generation_alone():
    tag = Tag(name="测试未登记标签", slug="test-unregistered-tag")
    assert not changes_generation(tag.save)
    assert not changes_generation(lambda: User.objects.create_user("test-registry-user"))


def test_the_apps_register_what_their_pages_show():
    site = Site.objects.get(is_default_site=True)
    assert changes_generation(ServiceCategoryFactory)
    assert changes_generation(AudienceFactory)
    assert changes_generation(SiteSettings.for_site(site).save)


@pytest.fixture
def sources(monkeypatch):
    """An empty list of next-change sources for this test."""
    monkeypatch.setattr(registry, "_next_change_sources", [])
    return registry._next_change_sources


def test_next_change_is_none_without_sources_or_moments(sources):
    now = timezone.now()
    assert registry.next_change(now) is None
    registry.next_change_from(lambda now: None)
    assert registry.next_change(now) is None


def test_next_change_is_the_soonest_moment_of_any_source(sources):
    now = timezone.now()
    in_an_hour, in_a_day = now + datetime.timedelta(hours=1), now + datetime.timedelta(days=1)
    for moment in (in_a_day, None, in_an_hour):
        registry.next_change_from(lambda now, moment=moment: moment)
    assert registry.next_change(now) == in_an_hour


def test_a_source_registered_twice_is_asked_once(sources):
    def source(now):
        return None

    registry.next_change_from(source)
    registry.next_change_from(source)
    assert sources == [source]


def test_cached_pages_never_outlive_the_next_change(sources, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert seconds_to_keep() == 600
    registry.next_change_from(lambda now: now + datetime.timedelta(seconds=30))
    assert 30 <= seconds_to_keep() <= 31

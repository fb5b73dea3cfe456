"""A retired page is rendered once: workers asked for it meanwhile wait for that render's result
(never for an older copy) and render it themselves when it does not come.

The other worker is played by the test: it holds the page's render lock, and the middleware's
pause between two looks at the cache is where it finishes (stores the page) or gives up.
"""

from unittest import mock

import pytest

from django.core.cache import caches
from django.test import RequestFactory

from news.models import NewsPage
from pagecache import middleware
from pagecache.middleware import cache_key

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

URL = "/news/"


def keys():
    key = cache_key(RequestFactory().get(URL))
    return key, f"{key}:rendering"


def other_worker(on_pause):
    """Patch the middleware's pause: on_pause(number) plays what the other worker did meanwhile."""
    pauses = []

    def pause(_seconds):
        pauses.append(1)
        on_pause(len(pauses))

    return mock.patch.object(middleware.time, "sleep", pause), pauses


def test_a_page_being_rendered_is_waited_for_not_rendered_again(client, django_assert_num_queries):
    assert client.get(URL)["X-Cache"] == "MISS"
    cache = caches["pages"]
    key, lock = keys()
    rendered = cache.get(key)
    cache.delete(key)  # as if retired: the other worker is rendering it again
    assert cache.add(lock, 1)

    def finish(number):
        if number == 3:
            cache.set(key, rendered)
            cache.delete(lock)

    patch, pauses = other_worker(finish)
    with patch, django_assert_num_queries(0):
        response = client.get(URL)
    assert response["X-Cache"] == "HIT" and len(pauses) == 3
    assert response.content == rendered[2]


def test_a_worker_that_gives_up_leaves_the_page_to_the_next(client):
    client.get(URL)
    cache = caches["pages"]
    key, lock = keys()
    cache.delete(key)
    assert cache.add(lock, 1)
    patch, pauses = other_worker(lambda number: cache.delete(lock))  # e.g. it rendered a 500
    with patch:
        response = client.get(URL)
    assert response.status_code == 200 and response["X-Cache"] == "MISS" and len(pauses) == 1
    assert cache.get(key) is not None and not cache.has_key(lock)  # stored; the lock released


def test_an_older_copy_is_never_what_a_waiting_worker_serves(client):
    client.get(URL)
    cache = caches["pages"]
    key, lock = keys()
    older = cache.get(key)
    news = NewsPage.objects.live().order_by("-date", "-pk").first()
    news.title = "刚刚改过的标题"
    news.save_revision().publish()  # retires the newsroom: its stored copy is older now
    assert cache.add(lock, 1)

    def stale_then_gone(number):
        if number == 1:
            cache.set(key, older)  # an older copy appears: not to be served
        if number == 2:
            cache.delete(lock)

    patch, pauses = other_worker(stale_then_gone)
    with patch:
        response = client.get(URL)
    assert response["X-Cache"] == "MISS" and len(pauses) == 2
    assert "刚刚改过的标题" in response.content.decode()


def test_nobody_rendering_means_no_waiting(client):
    patch, pauses = other_worker(lambda number: None)
    with patch:
        assert client.get(URL)["X-Cache"] == "MISS"
        assert client.get(URL)["X-Cache"] == "HIT"
    assert pauses == []
    assert not caches["pages"].has_key(keys()[1])


def test_a_render_that_takes_too_long_is_not_waited_for_forever(client, monkeypatch):
    monkeypatch.setattr(middleware, "RENDER_WAIT_SECONDS", 0.05)
    client.get(URL)
    cache = caches["pages"]
    key, lock = keys()
    cache.delete(key)
    assert cache.add(lock, 1)  # the other worker never finishes
    with mock.patch.object(middleware.time, "sleep", lambda seconds: None):
        response = client.get(URL)
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    assert cache.has_key(lock)  # not this worker's lock to release


def test_a_render_that_fails_releases_the_page_for_the_next_worker():
    """A render that raises (a 500) must not leave the lock behind: otherwise every request for
    that address would wait RENDER_WAIT_SECONDS until the lock expired."""
    cache = caches["pages"]
    key, lock = keys()

    def failing_render(request):
        assert cache.has_key(lock)  # this worker holds it while rendering
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        middleware.AnonymousPageCacheMiddleware(failing_render)(RequestFactory().get(URL))
    assert not cache.has_key(lock) and cache.get(key) is None

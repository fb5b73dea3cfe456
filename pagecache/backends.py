"""The page cache's backends: Redis that degrades to a miss when Redis is unreachable or hangs,
and, without Redis, files stored uncompressed (PageFileCache, at the end).

Wagtail and Django read the default cache on every request (site root paths, sessions of
rate limits …); with the stock backend a Redis outage would turn every page into a 500. Here a
failed read is a miss and a failed write is skipped, so the site keeps serving from the database.

A Redis that accepts connections and never answers costs a whole socket timeout per call, and a
request makes dozens of calls. So the first failure opens a circuit breaker (per Redis server, in
each process, shared by its threads): for OUTAGE_BACKOFF_SECONDS every call is a miss without
asking Redis, then one call tries it again — closing the breaker if it answers, opening it for
another back-off if not. A request therefore waits for at most one timeout.
"""

import functools
import logging
import pickle
import threading
import time
from urllib.parse import urlsplit

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
OUTAGES = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_BACKOFF_SECONDS = 5.0


class CircuitBreaker:
    """Whether to ask a Redis server at all: closed until a failure, then open for a back-off."""

    def __init__(self):
        self._lock = threading.Lock()
        self._retry_at = 0.0  # 0: closed; otherwise the monotonic time of the next trial

    def allows(self, backoff):
        if not self._retry_at:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            # This caller makes the one trial; the others keep skipping Redis meanwhile.
            self._retry_at = now + backoff
            return True

    def failed(self, backoff):
        with self._lock:
            self._retry_at = time.monotonic() + backoff

    def succeeded(self):
        if self._retry_at:
            with self._lock:
                self._retry_at = 0.0


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(servers):
    """One breaker per Redis server (whatever the database number), shared by the caches on it."""
    key = tuple(
        (parts.scheme, parts.hostname, parts.port) if parts.hostname else (parts.scheme, parts.path)
        for parts in map(urlsplit, servers)
    )
    with _breakers_lock:
        return _breakers.setdefault(key, CircuitBreaker())


def _tolerant(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        breaker = self.breaker
        if breaker.allows(self.backoff_seconds):
            try:
                result = method(self, *args, **kwargs)
            except OUTAGES:
                breaker.failed(self.backoff_seconds)
                logger.warning(
                    "Redis unreachable during cache %s; continuing without cache for %s s",
                    method.__name__,
                    self.backoff_seconds,
                )
            else:
                breaker.succeeded()
                return result
        return fallback(*args, **kwargs) if callable(fallback) else fallback

    return wrapper


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # Ours, not a redis-py connection option: take it out before the client sees the rest.
        self.backoff_seconds = float(options.pop("OUTAGE_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(self._servers)

    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _tolerant(RedisCache.has_key, False)
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, lambda *args, **kwargs: [])
    add = _tolerant(RedisCache.add, False)
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    incr = _tolerant(RedisCache.incr, None)
    clear = _tolerant(RedisCache.clear, None)


class PageFileCache(FileBasedCache):
    """Django's file cache without its zlib step. A cache hit reads the stored page and its tags'
    versions; inflating them was a fifth of a hit's time, to save disk space that the entry limit
    bounds anyway. Its own file suffix: files another backend wrote are never read as ours, and an
    unreadable file is a miss, not an error."""

    cache_suffix = ".page"
    UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError)

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as file:
                if not self._is_expired(file):
                    return pickle.load(file)
        except FileNotFoundError:
            pass
        except self.UNREADABLE:
            logger.warning("Unreadable page-cache file for %s; treated as a miss", key)
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version)
        return True

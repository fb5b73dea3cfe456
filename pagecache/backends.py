"""A Redis cache backend that degrades to a miss when Redis is unreachable.

Wagtail and Django read the default cache on every request (site root paths, sessions of
rate limits …); with the stock backend a Redis outage would turn every page into a 500. Here a
failed read is a miss and a failed write is skipped, so the site keeps serving from the database.
"""

import functools
import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
OUTAGES = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OUTAGES:
            logger.warning(
                "Redis unreachable during cache %s; continuing without cache", method.__name__
            )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    return wrapper


class TolerantRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    has_key = _tolerant(RedisCache.has_key, False)
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, [])
    add = _tolerant(RedisCache.add, False)
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    incr = _tolerant(RedisCache.incr, None)
    clear = _tolerant(RedisCache.clear, None)

"""A Redis that hangs costs a request at most one socket timeout, and is tried again later."""

import socket
import subprocess
import threading
import time

import pytest
import redis

from django.test import override_settings

from pagecache.backends import TolerantRedisCache
from tests.servers import free_port, redis_command

# As in production (site_config.settings.base.REDIS_OPTIONS).
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class HungRedis:
    """A TCP server that accepts every connection and never answers: a Redis stuck on a disk."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(100)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


def _start_redis(port):
    process = subprocess.Popen(
        redis_command(port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_timeout=0.5)
    for _ in range(100):
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError("redis-server did not start")


def _stop_redis(process):
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def real_redis():
    port = free_port()
    server = {"port": port, "process": _start_redis(port)}
    yield server
    if server["process"].poll() is None:
        _stop_redis(server["process"])


def _cache(port, backoff):
    options = {**TIMEOUTS, "OUTAGE_BACKOFF_SECONDS": backoff}
    return TolerantRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": options})


def test_a_hung_redis_costs_one_timeout_not_one_per_call(hung_redis):
    cache = _cache(hung_redis.port, backoff=30)
    started = time.monotonic()
    for number in range(20):
        assert cache.get(f"key-{number}") is None
        cache.set(f"key-{number}", number)
        assert cache.add(f"added-{number}", number) is False
        assert cache.incr(f"counter-{number}") is None
        assert cache.get_many(["a", "b"]) == {}
    elapsed = time.monotonic() - started
    assert elapsed < 1.5, elapsed
    assert len(hung_redis.connections) == 1  # it was asked once: the first call


def test_after_the_back_off_redis_is_asked_again(hung_redis):
    cache = _cache(hung_redis.port, backoff=0.3)
    cache.get("key")
    assert len(hung_redis.connections) == 1
    cache.get("key")
    assert len(hung_redis.connections) == 1  # within the back-off: not asked
    time.sleep(0.35)
    started = time.monotonic()
    assert cache.get("key") is None
    assert time.monotonic() - started >= 0.4  # it waited for the hung server again
    assert len(hung_redis.connections) == 2
    cache.get("key")
    assert len(hung_redis.connections) == 2  # and backs off again


def test_the_caches_on_one_server_share_the_breaker(hung_redis):
    default = TolerantRedisCache(
        f"redis://127.0.0.1:{hung_redis.port}/1", {"OPTIONS": {**TIMEOUTS}}
    )
    pages = TolerantRedisCache(f"redis://127.0.0.1:{hung_redis.port}/2", {"OPTIONS": {**TIMEOUTS}})
    default.get("key")
    started = time.monotonic()
    assert pages.get("key") is None
    assert time.monotonic() - started < 0.1
    assert len(hung_redis.connections) == 1


@pytest.mark.django_db
def test_a_page_is_served_quickly_while_redis_hangs(client, hung_redis):
    location = f"redis://127.0.0.1:{hung_redis.port}"
    hung = {
        "BACKEND": "pagecache.backends.TolerantRedisCache",
        "OPTIONS": {**TIMEOUTS, "OUTAGE_BACKOFF_SECONDS": 30},
    }
    with override_settings(
        CACHES={
            "default": {**hung, "LOCATION": f"{location}/1"},
            "pages": {**hung, "LOCATION": f"{location}/2"},
        }
    ):
        started = time.monotonic()
        response = client.get("/services/")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "社区服务" in response.content.decode()
    assert elapsed < 2, elapsed
    assert len(hung_redis.connections) == 1


def test_a_working_redis_stores_and_reads(real_redis):
    cache = _cache(real_redis["port"], backoff=30)
    cache.set("key", {"社区": "蓝鲸"})
    assert cache.get("key") == {"社区": "蓝鲸"}
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2
    assert cache.get_many(["key", "counter"]) == {"key": {"社区": "蓝鲸"}, "counter": 2}


def test_redis_is_used_again_once_it_is_back(real_redis):
    port = real_redis["port"]
    cache = _cache(port, backoff=0.5)
    cache.set("before", 1)
    assert cache.get("before") == 1
    # The server goes away: a miss, and the breaker opens.
    _stop_redis(real_redis["process"])
    assert cache.get("before") is None
    real_redis["process"] = _start_redis(port)
    cache.set("during", 1)  # within the back-off: skipped although Redis is back
    assert redis.Redis(port=port).get(cache.make_and_validate_key("during")) is None
    time.sleep(0.6)
    cache.set("after", 2)
    assert cache.get("after") == 2
    assert redis.Redis(port=port).get(cache.make_and_validate_key("after")) is not None

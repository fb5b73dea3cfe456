"""Two application servers sharing PostgreSQL and Redis: a publish through one is served fresh by
the other at once, and a page the change does not show stays in the shared cache.

The test starts its own PostgreSQL and Redis servers (Debian's packages; .ci/run installs them),
builds the site with the real commands, and runs two gunicorn processes against them.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, postgres_server, redis_command

pytestmark = [pytest.mark.servers, pytest.mark.slow]
PROJECT = Path(__file__).resolve().parents[2]


def wait_for_port(port, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"服务进程已退出（{process.args[0]}）"
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.3)
    raise AssertionError(f"端口 {port} 在 {seconds} 秒内没有打开")


@contextlib.contextmanager
def redis_server():
    port = free_port()
    process = subprocess.Popen(redis_command(port), stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


def environment(database_url, redis_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "PAGE_CACHE_DIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="two-servers-test-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        RATE_LIMITS_ENABLED="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        WEB_CONCURRENCY="1",
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@contextlib.contextmanager
def gunicorn(env):
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "site_config.wsgi:application",
            *("--config", "site_config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"),
            *("--access-logfile", "/dev/null"),
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(server, path):
    # Behind a load balancer both servers get the site's one host name.
    request = urllib.request.Request(server + path, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("X-Cache"), response.read().decode()


PUBLISH = """
import datetime
from communities.models import CommunityPage
from news.models import NewsPage
community = CommunityPage.objects.get(slug="lanjing")
news = NewsPage(title="两台服务器同时看到的新动态", slug="seen-by-both-servers",
                summary="发布后另一台服务器立即可见。", date=datetime.date(2030, 1, 1),
                body=[("paragraph", "<p>发布后另一台服务器立即可见。</p>")])
community.add_child(instance=news)
news.save_revision().publish()
print(news.url)
"""


def test_a_publish_through_one_server_is_fresh_on_the_other(tmp_path):
    with postgres_server("xuedu_two_servers") as database_url, redis_server() as redis_url:
        env = environment(database_url, redis_url, tmp_path)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_site")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        with gunicorn(env) as first, gunicorn(env) as second:
            other = "/communities/tuanjielu/tuanjie/"
            for path in ("/news/", "/communities/jiefanglu/lanjing/", other):
                assert get(first, path)[0] == "MISS"
                # The second server reads what the first stored: one cache for both.
                assert get(second, path)[0] == "HIT"

            # The editor's publish runs with the first server's settings (its database and Redis).
            url = manage(env, "shell", "-c", PUBLISH).strip().splitlines()[-1]

            state, newsroom = get(second, "/news/")
            assert state == "MISS"
            assert "两台服务器同时看到的新动态" in newsroom
            state, community = get(second, "/communities/jiefanglu/lanjing/")
            assert state == "MISS" and "两台服务器同时看到的新动态" in community
            assert get(first, url)[1].count("两台服务器同时看到的新动态") >= 1
            # Another street's community does not show it: still served from the cache.
            assert get(second, other)[0] == "HIT"

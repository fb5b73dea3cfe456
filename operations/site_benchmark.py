"""Site benchmark: gunicorn with production settings on loopback, loaded by wrk.

Measures requests/second and p50/p95 latency of key pages, cached (the anonymous page cache)
and uncached, against a static file served by whitenoise as the ceiling; counts each page's
queries; then reports how listing, search and sitemap times grow with a large data set.
Run through `make bench`, which points it at scratch databases.
"""

import itertools
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from news.models import NewsPage
from services_catalog.models import GuidePage, ServicePage

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH rps=%.1f p50=%.2f p95=%.2f errors=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


def pages():
    service = ServicePage.objects.live().get(code="FW-101")
    guide = GuidePage.objects.live().get(code="ZN-001")
    return [
        ("首页", "/"),
        ("便民服务（雪具寄存）", service.url),
        ("政务指南（低保）", guide.url),
        ("社区动态", "/news/"),
        ("搜索“寄存”", "/search/?q=%E5%AF%84%E5%AD%98"),
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with production settings on a loopback port; stopped on exit."""

    def __init__(self, page_cache):
        self.port = free_port()
        self.cache_dir = tempfile.mkdtemp(prefix="xuedu-bench-cache-")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            # One client address sends every request: measure the pages, not the limiter.
            "RATE_LIMITS_ENABLED": "0",
            "PAGE_CACHE_DIR": self.cache_dir,
            "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
            "DATABASE_URL": os.environ["DATABASE_URL"],
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "site_config.wsgi:application",
                "--config",
                "site_config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.cache_dir, ignore_errors=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def wrk(url, seconds, connections=8):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    # One warm-up pass so the first, uncached render is not what is measured.
    subprocess.run(["wrk", "-t2", "-c4", "-d1s", url], capture_output=True, check=True)
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(script.name)
    match = re.search(r"BENCH rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) errors=(\d+)", result.stdout)
    rps, p50, p95, errors = match.groups()
    return float(rps), float(p50), float(p95), int(errors)


def query_count(path):
    client = Client(HTTP_HOST="localhost")
    client.get(path + ("&" if "?" in path else "?") + "warm=1")
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def static_file_path():
    from django.contrib.staticfiles.storage import staticfiles_storage

    return settings.STATIC_URL + staticfiles_storage.stored_name("css/site.css")


def throughput(seconds, out):
    from django.core.cache import caches

    targets = pages()
    counts = {}
    for _name, path in targets:
        caches["pages"].clear()
        counts[path] = query_count(path)
    # Each page is measured right after the static file, on the same server, and its ratio is
    # taken against that measurement: the machine's speed drifts over the minutes a run takes,
    # and a ratio should compare two figures taken under the same conditions.
    rows, statics = {name: {} for name, _path in targets}, []
    for mode, page_cache in (("cached", True), ("uncached", False)):
        with Server(page_cache=page_cache) as server:
            for name, path in targets:
                static = wrk(server.url(static_file_path()), seconds)
                statics.append(static)
                rows[name][mode] = (*wrk(server.url(path), seconds), static[0])
    rps = sorted(static[0] for static in statics)
    out(
        f"静态文件（whitenoise）：{statistics.median(rps):.0f} 请求/秒"
        f"（{len(rps)} 次测量，{rps[0]:.0f}–{rps[-1]:.0f}），"
        f"p50 {statistics.median(s[1] for s in statics):.1f} ms，"
        f"p95 {statistics.median(s[2] for s in statics):.1f} ms"
    )
    out(
        f"{'页面':<14}{'查询数':>5} | {'缓存 rps':>9}{'p50':>7}{'p95':>7}{'占静态':>7} |"
        f" {'不缓存 rps':>9}{'p50':>7}{'p95':>7}{'占静态':>7}  (ms；占静态=与紧邻的静态文件测量之比)"
    )
    for name, path in targets:
        cached, uncached = rows[name]["cached"], rows[name]["uncached"]
        out(
            f"{name:<14}{counts[path]:>5} | {cached[0]:>9.0f}{cached[1]:>7.1f}{cached[2]:>7.1f}"
            f"{cached[0] / cached[4]:>7.0%} | {uncached[0]:>9.0f}{uncached[1]:>7.1f}"
            f"{uncached[2]:>7.1f}{uncached[0] / uncached[4]:>7.0%}"
        )
        if cached[3] or uncached[3]:
            out(f"  注意：{name} 有 {cached[3] + uncached[3]} 个错误响应")


def growth(out):
    """Single-request times of listing, search and sitemap on the current database."""
    from django.core.cache import caches

    client = Client(HTTP_HOST="localhost")
    out(f"在线页面 {NewsPage.objects.live().count()} 篇动态：")
    for name, path in (
        ("社区动态列表", "/news/"),
        ("搜索", "/search/?q=寄存"),
        ("站点地图索引", "/sitemap.xml"),
        ("站点地图文件", "/sitemap-pages.xml"),  # the first file: up to 5,000 pages
    ):
        samples = []
        for _ in range(5):
            caches["pages"].clear()
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, path
        out(f"  {name:<8} 中位数 {statistics.median(samples):.0f} ms")


# --- Mixed: readers with a Zipf-like popularity while an editor publishes -------------------------

MIXED_SCRIPT = """
local paths = {%(paths)s}
local cumulative = {%(cumulative)s}
local total = cumulative[#cumulative]
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  hits, misses = 0, 0
  math.randomseed(os.time() * 100 + id)
end

function request()
  local r = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < r then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end

function response(status, headers, body)
  local state = headers["X-Cache"]
  if state == "HIT" then hits = hits + 1 elseif state == "MISS" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); m = m + thread:get("misses") end
  io.write(string.format("BENCH rps=%%.1f p50=%%.2f p95=%%.2f errors=%%d hits=%%d misses=%%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout, h, m))
end
"""


def popular_paths():
    """Every live public page, the most visited first: home and the sections, then the rest in
    a fixed random order (the popularity of a rank r is 1/r, Zipf's law with s = 1)."""
    import random

    from wagtail.models import Page

    pages = list(Page.objects.live().public().filter(depth__gt=1).order_by("path"))
    sections = [page.url for page in pages if page.depth <= 3]
    rest = [page.url for page in pages if page.depth > 3]
    random.Random(20).shuffle(rest)
    return [url for url in [*sections, "/news/?kind=story", "/sitemap.xml", *rest] if url]


def mixed_wrk(url_root, paths, seconds, connections=8):
    weights = [1 / rank for rank in range(1, len(paths) + 1)]
    cumulative = list(itertools.accumulate(weights))
    script = MIXED_SCRIPT % {
        "paths": ", ".join(f'"{path}"' for path in paths),
        "cumulative": ", ".join(f"{value:.6f}" for value in cumulative),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", handle.name, url_root],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    match = re.search(
        r"BENCH rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) errors=(\d+) hits=(\d+) misses=(\d+)",
        result.stdout,
    )
    rps, p50, p95, errors, hits, misses = match.groups()
    return float(rps), float(p50), float(p95), int(errors), int(hits), int(misses)


class Editor(threading.Thread):
    """Publishes a news item or a notice (in turn) every `interval` seconds, in communities
    chosen in turn, through Wagtail's publishing, with the servers' page cache."""

    def __init__(self, interval, cache_location):
        super().__init__(daemon=True)
        self.interval, self.cache_location = interval, cache_location
        self.stopped = threading.Event()
        self.published = 0
        self.errors = []

    def run(self):
        from django.db import connection as thread_connection
        from django.test import override_settings

        caches = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": self.cache_location,
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            },
        }
        try:
            with override_settings(CACHES=caches):
                while not self.stopped.wait(self.interval):
                    try:
                        publish_one(self.published)
                        self.published += 1
                    except Exception as error:  # reported at the end
                        self.errors.append(repr(error))
        finally:
            thread_connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=60)


def publish_one(number):
    import datetime

    from django.utils import timezone

    from communities.models import CommunityPage, NoticePage

    communities = list(CommunityPage.objects.live().order_by("path"))
    community = communities[number % len(communities)]
    slug = f"bench-{secrets.token_hex(4)}"
    if number % 2 == 0:
        page = NewsPage(
            title=f"基准测试动态{number}",
            slug=slug,
            summary="基准测试时发布的动态。",
            body=[("paragraph", "<p>基准测试时发布的动态。</p>")],
        )
    else:
        now = timezone.now()
        page = NoticePage(
            title=f"基准测试通知{number}",
            slug=slug,
            kind="other",
            level="info",
            affected_area="测试小区",
            body="基准测试时发布的通知。",
            starts_at=now + datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=1, hours=2),
        )
    community.add_child(instance=page)
    page.save_revision().publish()


def mixed(seconds, interval, out):
    """Readers over every page (Zipf-like popularity) with and without an editor publishing every
    `interval` seconds: hit ratio, and throughput as a ratio to the static file in the same run."""
    paths = popular_paths()
    out(f"混合负载：{len(paths)} 个地址，热度按排名 1/r；编辑每 {interval} 秒发布一条动态或通知")
    out(
        f"{'情形':<10}{'rps':>8}{'p50':>7}{'p95':>7}{'静态 rps':>9}{'占静态':>7}{'命中率':>8}{'发布数':>6}"
    )
    with Server(page_cache=True) as server:
        # Warm-up: the popular pages are cached before anything is measured.
        mixed_wrk(server.url(""), paths, max(seconds // 3, 5))
        for label, publishing in (("无人发布", False), ("编辑发布中", True)):
            static = wrk(server.url(static_file_path()), seconds)
            editor = Editor(interval, server.cache_dir) if publishing else None
            if editor:
                editor.start()
            rps, p50, p95, errors, hits, misses = mixed_wrk(server.url(""), paths, seconds)
            if editor:
                editor.stop()
            ratio = hits / max(hits + misses, 1)
            published = editor.published if editor else 0
            out(
                f"{label:<10}{rps:>8.0f}{p50:>7.1f}{p95:>7.1f}{static[0]:>9.0f}"
                f"{rps / static[0]:>7.0%}{ratio:>8.1%}{published:>6}"
            )
            if errors:
                out(f"  注意：{errors} 个错误响应")
            if editor and editor.errors:
                out(f"  注意：发布失败 {len(editor.errors)} 次：{editor.errors[0]}")

"""A real site for the browser tests: a seeded scratch database served by gunicorn on loopback,
driven by Playwright in Debian's Chromium (no browser download)."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
ADMIN_PASSWORD = "browser-" + secrets.token_urlsafe(12)
# The live site's environment, for manage.py commands a test runs against its database.
LIVE_SITE_ENV = {}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_site():
    workdir = Path(tempfile.mkdtemp(prefix="xuedu-browser-"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PAGE_CACHE_DIR": str(workdir / "cache"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RATE_LIMITS_ENABLED": "0",
    }
    LIVE_SITE_ENV.update(env)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput"],
        ["seed_site"],
        ["seed_kazakh"],
        ["collectstatic", "--noinput"],
        ["create_local_admin"],
    ):
        subprocess.run([*manage, *command], cwd=PROJECT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "site_config.wsgi:application",
            "--config",
            "site_config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start for the browser tests") from None
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def manage_live_site(live_site):
    """Run a manage.py command against the live site's database, e.g. to add a user."""

    def run(*command):
        return subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT,
            env=LIVE_SITE_ENV,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    return run


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def admin_password():
    return ADMIN_PASSWORD

"""Each settings module loads; production refuses to start without its secrets and passes check --deploy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-production-test-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "xuedu.example.cn",
    "WAGTAILADMIN_BASE_URL": "https://xuedu.example.cn",
}


def run_python(code, settings, extra_env=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra_env or {})
    env["DJANGO_SETTINGS_MODULE"] = settings
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "extra_env"),
    [
        ("site_config.settings.dev", {}),
        ("site_config.settings.test", {}),
        ("site_config.settings.production", PRODUCTION_ENV),
    ],
)
def test_each_settings_module_loads_in_chinese(module, extra_env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.AUTH_USER_MODEL)"
    )
    result = run_python(code, module, extra_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["zh-hans", "Asia/Shanghai", "core.User"]


def test_production_without_secret_key_fails_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_python(
        "import django; django.setup()",
        "site_config.settings.production",
        env,
        drop=("SECRET_KEY",),
    )
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required in production" in result.stderr


@pytest.mark.slow
def test_production_settings_pass_check_deploy():
    env = dict(os.environ)
    env.update(PRODUCTION_ENV)
    env["DJANGO_SETTINGS_MODULE"] = "site_config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_redis_url_switches_the_cache_to_redis():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_python(
        code, "site_config.settings.test", {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    assert result.stdout.strip() == "pagecache.backends.TolerantRedisCache"


@pytest.mark.slow
def test_sqlite_serves_several_workers_without_lock_errors(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0], connection.transaction_mode)"
    )
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    result = run_python(code, "site_config.settings.dev", database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


@pytest.mark.slow
def test_media_bucket_moves_uploads_to_s3_still_linked_from_the_site():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.querystring_auth); "
        "print(s.url('original_images/雪板 寄存.jpg'))"
    )
    bucket = {"MEDIA_S3_BUCKET": "xuedu-media", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    result = run_python(code, "site_config.settings.production", {**PRODUCTION_ENV, **bucket})
    assert result.returncode == 0, result.stderr
    storage, url = result.stdout.splitlines()
    assert storage == "SameOriginS3Storage xuedu-media http://127.0.0.1:9000 False"
    assert url == "/media/original_images/%E9%9B%AA%E6%9D%BF%20%E5%AF%84%E5%AD%98.jpg"
    default = run_python(
        code.replace("s.bucket_name, s.endpoint_url, s.querystring_auth", "''"),
        "site_config.settings.production",
        PRODUCTION_ENV,
        drop=("MEDIA_S3_BUCKET",),
    )
    assert default.stdout.split()[0] == "FileSystemStorage"


@pytest.mark.slow
def test_search_url_switches_to_opensearch_with_a_whitespace_analyzer():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS['default']))"
    )
    result = run_python(code, "site_config.settings.test", {"SEARCH_URL": "http://127.0.0.1:9200"})
    assert result.returncode == 0, result.stderr
    backend = json.loads(result.stdout)
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["http://127.0.0.1:9200"]
    analysis = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analysis["default"]["tokenizer"] == "whitespace"
    assert analysis["default_search"] == analysis["default"]
    default = run_python(code, "site_config.settings.test", drop=("SEARCH_URL",))
    assert json.loads(default.stdout)["BACKEND"] == "search.backends"

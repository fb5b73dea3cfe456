"""`backup` and `restore`: a real archive of the database and media, brought back intact, across
SQLite and PostgreSQL, all or nothing, and readable by its owner only."""

import errno
import json
import os
import shutil
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page

from core.localization import in_default_language
from services_catalog.models import ServicePage
from tests.servers import postgres_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PROJECT = Path(__file__).resolve().parents[2]


def snapshot():
    return sorted(Page.objects.values_list("id", "title", "live", "path"))


def mode_of(path):
    return os.stat(path).st_mode & 0o777


def media_files():
    media = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def next_to_media():
    """Whatever a restore left beside MEDIA_ROOT (staging or previous media folders)."""
    media = Path(settings.MEDIA_ROOT)
    return [p.name for p in media.parent.iterdir() if media.name in p.name and p != media]


def make_backup(directory):
    call_command("backup", str(directory), stdout=StringIO())
    return next(Path(directory).glob("xuedu-backup-*.tar.gz"))


def data_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("data.json"))


@pytest.fixture
def ordinary_umask():
    """Files are created under the common umask 022, which leaves them world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.slow
def test_backup_then_restore_round_trips_database_and_media(tmp_path):
    media_file = Path(settings.MEDIA_ROOT) / "original_images" / "roundtrip.txt"
    media_file.parent.mkdir(parents=True, exist_ok=True)
    media_file.write_text("照片", encoding="utf-8")
    before = snapshot()
    out = StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    archive = next(tmp_path.glob("xuedu-backup-*.tar.gz"))
    assert archive.name in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data.json" in names and "media/original_images/roundtrip.txt" in names

    # Damage: a changed title, a deleted page, a lost file.
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    service.title = "被改坏的标题"
    service.save_revision().publish()
    in_default_language(ServicePage.objects).get(code="FW-002").delete()
    media_file.unlink()

    call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert snapshot() == before
    assert in_default_language(ServicePage.objects).get(code="FW-001").title == "独居老人免费早餐"
    assert media_file.read_text(encoding="utf-8") == "照片"
    assert next_to_media() == []


def test_restore_refuses_a_bad_archive_and_changes_nothing(tmp_path):
    before = snapshot()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(bogus), "--yes", stdout=StringIO())
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        extra = tmp_path / "x"
        extra.write_text("x")
        tar.add(extra, arcname="../../etc/evil")
    with pytest.raises(CommandError, match="不安全的路径"):
        call_command("restore", str(evil), "--yes", stdout=StringIO())
    assert snapshot() == before


# --- Search index: rebuilt on restore, never in the archive ---------------------------------------


def test_the_archive_leaves_out_every_search_index_model(tmp_path):
    models = {entry["model"] for entry in data_of(make_backup(tmp_path))}
    assert not {m for m in models if m.startswith(("wagtailsearch.", "modelsearch."))}
    # Positive control: the content and search statistics are there.
    assert {
        "wagtailcore.page",
        "services_catalog.servicepage",
        "contenttypes.contenttype",
    } <= models
    assert ServicePage.objects.search("早餐").count() > 0  # the source had an index to leave out


@pytest.fixture
def scratch_postgres():
    """A PostgreSQL server of the test's own with an empty database xuedu_backup_test."""
    with postgres_server("xuedu_backup_test") as url:
        yield url


@pytest.fixture
def other_database(request, tmp_path):
    """A URL for an empty database of the other kind: PostgreSQL when the suite runs on SQLite,
    a SQLite file when it runs on PostgreSQL (make test-postgres)."""
    if connection.vendor == "sqlite":
        return request.getfixturevalue("scratch_postgres")
    return f"sqlite:///{tmp_path / 'xuedu_backup_test.sqlite3'}"


CHECK_RESTORED = """
import json
from django.db import connection
from django.test import Client, override_settings
from wagtail.models import Page
from core.localization import in_default_language
from services_catalog.models import ServicePage
found = in_default_language(ServicePage.objects).live().search("早餐")
# Pages render without collectstatic's manifest.
plain_static = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
with override_settings(STORAGES=plain_static):
    search_page = Client().get("/search/", {"q": "早餐"})
    breakfast = in_default_language(ServicePage.objects).get(code="FW-001").url
    service_page = Client().get(breakfast)
print(json.dumps({
    "vendor": connection.vendor,
    "pages": sorted(Page.objects.values_list("id", "title", "live", "path")),
    "search": sorted(p.code for p in found),
    "search_page": [search_page.status_code, f'href="{breakfast}"' in search_page.content.decode()],
    "service_page": service_page.status_code,
}, ensure_ascii=False))
"""


def manage(database_url, tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.dev",
        DJANGO_DEBUG="0",
        DATABASE_URL=database_url,
        SECRET_KEY="backup-portability-test-secret-key-0123456789-abcdefgh",
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        PAGE_CACHE_DIR=str(tmp_path / "page-cache"),
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow
@pytest.mark.servers
def test_an_archive_restores_into_the_other_database(tmp_path, other_database):
    """SQLite → PostgreSQL (and PostgreSQL → SQLite in the PostgreSQL run): pages and search work."""
    archive = make_backup(tmp_path / "backups")
    manage(other_database, tmp_path, "migrate", "--noinput")
    manage(other_database, tmp_path, "restore", "--yes", str(archive))
    output = manage(other_database, tmp_path, "shell", "-c", CHECK_RESTORED)
    restored = json.loads(output.splitlines()[-1])  # after whatever the site logs

    assert restored["vendor"] != connection.vendor
    assert [tuple(page) for page in restored["pages"]] == snapshot()
    assert "FW-001" in restored["search"]
    assert restored["search_page"] == [200, True]
    assert restored["service_page"] == 200


# --- All or nothing --------------------------------------------------------------------------------


def fill_the_disk_on_second_file(patch):
    """The disk fills up while the restore writes its second media file, whichever way it writes
    it (copying a file, or streaming it out of the archive): half the file, then ENOSPC."""
    written = []

    def second_fails(data, write):
        written.append(len(data))
        if len(written) == 2:
            write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    real_copyfile = shutil.copyfile

    def copyfile(source, target, *args, **kwargs):
        second_fails(Path(source).read_bytes(), Path(target).write_bytes)
        return real_copyfile(source, target, *args, **kwargs)

    def copyfileobj(source, target, *args, **kwargs):
        data = source.read()
        second_fails(data, target.write)
        target.write(data)

    patch.setattr(shutil, "copyfile", copyfile)
    patch.setattr(shutil, "copyfileobj", copyfileobj)
    return written


@pytest.mark.slow
def test_a_restore_that_runs_out_of_disk_changes_neither_database_nor_media(tmp_path, monkeypatch):
    media = Path(settings.MEDIA_ROOT) / "original_images"
    media.mkdir(parents=True, exist_ok=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        (media / f"restore-{name}").write_text(f"备份时的{name}" * 1000, encoding="utf-8")
    archive = make_backup(tmp_path)

    # What changed since the backup: a failed restore must keep all of it.
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    service.title = "备份之后改的标题"
    service.save_revision().publish()
    (media / "restore-a.txt").write_text("备份之后改的文件", encoding="utf-8")
    (media / "uploaded-after-backup.txt").write_text("备份之后上传", encoding="utf-8")
    pages, files = snapshot(), media_files()

    with monkeypatch.context() as patched:
        written = fill_the_disk_on_second_file(patched)
        with pytest.raises(CommandError, match="没有改动"):
            call_command("restore", str(archive), "--yes", stdout=StringIO())
        assert len(written) >= 2  # the failure did happen, while writing media
    assert snapshot() == pages
    assert in_default_language(ServicePage.objects).get(code="FW-001").title == "备份之后改的标题"
    assert media_files() == files
    assert next_to_media() == []

    # Positive control: the same archive, with room on the disk, replaces both.
    call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert in_default_language(ServicePage.objects).get(code="FW-001").title == "独居老人免费早餐"
    assert (media / "restore-a.txt").read_text(encoding="utf-8") == "备份时的a.txt" * 1000
    assert not (media / "uploaded-after-backup.txt").exists()
    assert next_to_media() == []


# --- Private files and a private place ----------------------------------------------------------------


def test_backups_are_readable_by_their_owner_only(tmp_path, ordinary_umask):
    archive = make_backup(tmp_path / "backups")
    assert mode_of(archive) == 0o600
    assert mode_of(tmp_path / "backups") == 0o700
    # Positive control: the owner reads it, and a file made beside it is ordinary (0644).
    assert data_of(archive)
    (tmp_path / "backups" / "note.txt").write_text("x")
    assert mode_of(tmp_path / "backups" / "note.txt") == 0o644


def test_backup_refuses_a_folder_the_site_serves(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    served = [
        Path(settings.MEDIA_ROOT) / "backups",
        settings.STATIC_ROOT,
        settings.STATIC_ROOT / "backups",
        tmp_path / "static" / "backups",
        Path(settings.MEDIA_ROOT) / "original_images" / ".." / "backups",
    ]
    for directory in served:
        with pytest.raises(CommandError, match="不能放在网站对外提供的目录"):
            call_command("backup", str(directory), stdout=StringIO())
        assert not list(Path(directory).glob("xuedu-backup-*"))
    # Positive control: a folder beside them is fine.
    assert make_backup(tmp_path / "backups").exists()


def test_backup_goes_to_the_projects_backups_folder_by_default(tmp_path, settings, monkeypatch):
    settings.BASE_DIR = tmp_path / "project"
    monkeypatch.chdir(tmp_path)  # not wherever the command happens to be run from
    call_command("backup", stdout=StringIO())
    assert len(list((tmp_path / "project" / "backups").glob("xuedu-backup-*.tar.gz"))) == 1
    assert not (tmp_path / "backups").exists()


DEV_SETTINGS_IN = """
import os, pathlib, sys
os.umask(0o022)
import site_config.settings.base as base
base.BASE_DIR = pathlib.Path(sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "site_config.settings.dev"
import django
django.setup()
from django.conf import settings
from django.db import connection
import json
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS written (x)")
    cursor.execute("INSERT INTO written VALUES (1)")
    # While the connection is open, WAL mode keeps its -wal and -shm files beside the database.
    modes = {
        path.name: path.stat().st_mode & 0o777
        for path in base.BASE_DIR.glob("db.sqlite3*")
    }
print(json.dumps({"key": settings.SECRET_KEY, "modes": modes}))
"""


def run_dev_settings(folder):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", DEV_SETTINGS_IN, str(folder)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_dev_secret_key_and_sqlite_database_are_readable_by_their_owner_only(tmp_path):
    run = run_dev_settings(tmp_path)
    assert mode_of(tmp_path / ".dev-secret-key") == 0o600
    assert run["modes"] == {"db.sqlite3": 0o600, "db.sqlite3-wal": 0o600, "db.sqlite3-shm": 0o600}
    assert mode_of(tmp_path / "db.sqlite3") == 0o600
    # Positive control: the key is the one written and kept, the database really written to.
    key = run["key"]
    assert len(key) >= 50 and (tmp_path / ".dev-secret-key").read_text().strip() == key
    assert (tmp_path / "db.sqlite3").stat().st_size > 0
    assert run_dev_settings(tmp_path)["key"] == key


@pytest.mark.slow
def test_an_older_world_readable_dev_secret_key_is_made_private_and_kept(tmp_path):
    (tmp_path / ".dev-secret-key").write_text(
        "an-older-key-from-before-0123456789-abcdefghijklmnop"
    )
    (tmp_path / ".dev-secret-key").chmod(0o644)
    key = run_dev_settings(tmp_path)["key"]
    assert key == "an-older-key-from-before-0123456789-abcdefghijklmnop"
    assert mode_of(tmp_path / ".dev-secret-key") == 0o600

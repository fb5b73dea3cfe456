"""Backup and restore of the whole site: database content (as JSON) and uploaded media, in one
timestamped .tar.gz, readable by its owner only, that works across SQLite and PostgreSQL."""

import datetime
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from modelsearch.abstract_models import AbstractIndexEntry, AbstractSQLiteFTSIndexEntry
from wagtail.search.models import IndexEntry

# Sessions and login-failure records are not content.
EXCLUDED_APPS = ["sessions", "axes"]
# Search-index models are rebuilt on restore, and differ by database (SQLite has a full-text
# table model that PostgreSQL lacks), so an archive carrying them would not load on the other one.
INDEX_MODELS = tuple(m for m in (AbstractIndexEntry, AbstractSQLiteFTSIndexEntry) if m)


class BackupError(Exception):
    pass


class InvalidBackup(BackupError):
    pass


class RestoreFailed(BackupError):
    pass


class ServedDirectory(BackupError):
    pass


def excluded_labels():
    """Everything dumpdata leaves out: apps that are not content, and every search-index model."""
    index_models = [m._meta.label_lower for m in apps.get_models() if issubclass(m, INDEX_MODELS)]
    return [*EXCLUDED_APPS, *index_models]


def default_directory():
    """BASE_DIR/backups: beside the code, outside everything the site serves."""
    return Path(settings.BASE_DIR) / "backups"


def _served_directories():
    """What the site or its proxy serves: media, collected static files and their sources."""
    served = [settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    return [Path(d[1] if isinstance(d, tuple) else d).resolve() for d in served if d]


def _check_not_served(directory):
    resolved = directory.resolve()
    for served in _served_directories():
        if resolved.is_relative_to(served):
            raise ServedDirectory(
                f"备份目录不能放在网站对外提供的目录里（{served}），否则任何人都能下载备份："
                f"请换一个目录，例如 {default_directory()}"
            )


def create_backup(directory=None):
    """Write xuedu-backup-<timestamp>.tar.gz (mode 0600) into `directory`; return its path."""
    directory = Path(directory) if directory else default_directory()
    _check_not_served(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = directory / f"xuedu-backup-{stamp}.tar.gz"
    data = io.StringIO()
    # Primary keys as they are (no natural keys): the restore empties every table first, so the
    # same ids come back, and audit-log entries of deleted pages keep pointing where they did.
    # Content types first: loading pages looks them up, and would otherwise create clashing rows.
    labels = [
        "contenttypes",
        *(c.label for c in apps.get_app_configs() if c.label != "contenttypes"),
    ]
    call_command("dumpdata", *labels, exclude=excluded_labels(), stdout=data, verbosity=0)
    payload = data.getvalue().encode()
    # Private from the first byte: created 0600, never world-readable even for a moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    return path


def _safe_members(archive):
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts:
            raise InvalidBackup(f"备份文件中有不安全的路径：{member.name}")
        if not (member.isfile() or member.isdir()):  # links, devices, pipes
            raise InvalidBackup(f"备份文件中有不安全的路径（不是普通文件或目录）：{member.name}")
        if member.name != "data.json" and name.parts[0] != "media":
            raise InvalidBackup(f"备份文件中有多余的内容：{member.name}")
    return archive.getmembers()


def _stage_media(archive, members, staging):
    """Write the archive's media files into `staging` and check each one's size."""
    for member in members:
        relative = Path(member.name).relative_to("media")
        target = staging / relative
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as file:
            shutil.copyfileobj(source, file)
        if target.stat().st_size != member.size:
            raise RestoreFailed(f"文件 {member.name} 没有完整写入")


def _empty_search_index():
    """Empty the search index, including SQLite's full-text table (its rows outlive a flush
    and would clash with the row ids the rebuilt index reuses)."""
    IndexEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {IndexEntry._meta.db_table}_fts")


def _load_database(data_file):
    """Replace every table's content with the backup's (inside the caller's transaction)."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses to run while deferred foreign-key checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Without post_migrate: content types and permissions come back from the backup.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # loading relies on checks at the end
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("loaddata", str(data_file), verbosity=0)
    _empty_search_index()  # whatever loading indexed on the way is rebuilt afterwards
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # run the deferred checks now, before media move
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _beside(media, role):
    return media.with_name(f".{media.name}.{role}-{secrets.token_hex(4)}")


def restore_backup(path):
    """Replace the database content and media with the backup's, all or nothing.

    The media are first written to a staging folder beside MEDIA_ROOT (same file system) and
    checked; then the database is loaded in a transaction, and only inside it, as its last step,
    the staging folder takes MEDIA_ROOT's place. Any failure before the commit leaves the database
    and the media as they were; the previous media are deleted only after the commit.
    """
    media = Path(settings.MEDIA_ROOT)
    staging = previous = None
    with tempfile.TemporaryDirectory() as workdir:
        try:
            with tarfile.open(path, "r:gz") as archive:
                members = _safe_members(archive)
                names = [m.name for m in members]
                if "data.json" not in names:
                    raise InvalidBackup("备份文件里没有 data.json")
                archive.extract("data.json", workdir, filter="data")
                data_file = Path(workdir) / "data.json"
                try:
                    json.loads(data_file.read_text(encoding="utf-8"))
                except ValueError as error:
                    raise InvalidBackup(f"data.json 不是有效的 JSON：{error}") from error
                media_members = [m for m in members if Path(m.name).parts[0] == "media"]
                if media_members:
                    staging = _beside(media, "restoring")
                    media.parent.mkdir(parents=True, exist_ok=True)
                    staging.mkdir()
                    try:
                        _stage_media(archive, media_members, staging)
                    except OSError as error:
                        raise RestoreFailed(f"无法写入上传的文件：{error}") from error
        except (OSError, tarfile.TarError) as error:
            _remove(staging)
            raise InvalidBackup(f"无法读取备份文件：{error}") from error
        except BackupError:
            _remove(staging)
            raise

        swapped = False
        try:
            with transaction.atomic():
                _load_database(data_file)
                if staging:
                    if media.exists():
                        previous = _beside(media, "previous")
                        media.rename(previous)
                    staging.rename(media)
                    swapped = True
        except Exception as error:
            if swapped:
                media.rename(staging)
            if previous:
                previous.rename(media)
            _remove(staging)
            raise RestoreFailed(f"恢复数据库失败：{error}") from error
    _remove(previous)
    call_command("update_index", verbosity=0)


def _remove(folder):
    if folder and folder.exists():
        shutil.rmtree(folder)

"""Backup and restore of the whole site: database content (as JSON) and uploaded media, in one
timestamped .tar.gz that works across SQLite and PostgreSQL."""

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from wagtail.search.models import IndexEntry

# Sessions and login-failure records are not content; the search index is rebuilt on restore.
EXCLUDED = ["sessions", "wagtailsearch.indexentry", "axes"]


class InvalidBackup(Exception):
    pass


def create_backup(directory):
    """Write xuedu-backup-<timestamp>.tar.gz into `directory`; return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
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
    call_command("dumpdata", *labels, exclude=EXCLUDED, stdout=data, verbosity=0)
    payload = data.getvalue().encode()
    with tarfile.open(path, "w:gz") as archive:
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
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise InvalidBackup(f"备份文件中有不安全的路径：{member.name}")
        if member.name != "data.json" and name.parts[0] != "media":
            raise InvalidBackup(f"备份文件中有多余的内容：{member.name}")
    return archive.getmembers()


def _empty_search_index():
    """Empty the search index, including SQLite's full-text table (its rows outlive a flush
    and would clash with the row ids the rebuilt index reuses)."""
    IndexEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {IndexEntry._meta.db_table}_fts")


def restore_backup(path):
    """Replace the database content and media with the backup's, in one transaction."""
    with tempfile.TemporaryDirectory() as workdir:
        try:
            with tarfile.open(path, "r:gz") as archive:
                members = _safe_members(archive)
                archive.extractall(workdir, members=members, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise InvalidBackup(f"无法读取备份文件：{error}") from error
        data_file = Path(workdir) / "data.json"
        if not data_file.exists():
            raise InvalidBackup("备份文件里没有 data.json")
        try:
            json.loads(data_file.read_text(encoding="utf-8"))
        except ValueError as error:
            raise InvalidBackup(f"data.json 不是有效的 JSON：{error}") from error
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # TRUNCATE refuses to run while deferred foreign-key checks are pending.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # Without post_migrate: content types and permissions come back from the backup.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # loading relies on checks at commit
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", str(data_file), verbosity=0)
            _empty_search_index()  # whatever loading indexed on the way is rebuilt below
        media_backup = Path(workdir) / "media"
        media = Path(settings.MEDIA_ROOT)
        if media_backup.exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(media_backup, media)
    call_command("update_index", verbosity=0)

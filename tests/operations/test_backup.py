"""`backup` and `restore`: a real archive of the database and media, brought back intact."""

import tarfile
from io import StringIO
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.models import Page

from services_catalog.models import ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def snapshot():
    return sorted(Page.objects.values_list("id", "title", "live", "path"))


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
    service = ServicePage.objects.get(code="FW-001")
    service.title = "被改坏的标题"
    service.save_revision().publish()
    ServicePage.objects.get(code="FW-002").delete()
    media_file.unlink()

    call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert snapshot() == before
    assert ServicePage.objects.get(code="FW-001").title == "独居老人免费早餐"
    assert media_file.read_text(encoding="utf-8") == "照片"


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

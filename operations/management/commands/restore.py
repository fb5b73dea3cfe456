"""`manage.py restore ARCHIVE`: bring back a backup made by `manage.py backup`."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "用 backup 生成的备份文件恢复数据库内容和上传的文件（会替换现有内容）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接替换现有内容")

    def handle(self, *args, archive, yes, **options):
        if not yes and input("这会用备份替换网站的全部内容，输入 yes 继续：").strip() != "yes":
            raise CommandError("已取消，没有改动。")
        try:
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(f"{error}（没有改动）") from error
        self.stdout.write(self.style.SUCCESS(f"已从 {archive} 恢复。"))

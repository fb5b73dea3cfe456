"""`manage.py backup [DIR]`: a timestamped archive of the database content and media."""

from django.core.management.base import BaseCommand

from operations.backup import create_backup


class Command(BaseCommand):
    help = "备份数据库内容和上传的文件，生成带时间戳的 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default="backups", help="存放备份的目录")

    def handle(self, *args, directory, **options):
        path = create_backup(directory)
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}"))

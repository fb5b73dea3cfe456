"""`manage.py backup [DIR]`: a timestamped archive of the database content and media."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import ServedDirectory, create_backup, default_directory


class Command(BaseCommand):
    help = "备份数据库内容和上传的文件，生成带时间戳的 .tar.gz 文件（只有所有者可读）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", help=f"存放备份的目录（默认 {default_directory()}）"
        )

    def handle(self, *args, directory, **options):
        try:
            path = create_backup(directory)
        except ServedDirectory as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}"))

"""`manage.py export_services FILE`: write the catalogue as CSV in the import format."""

from django.core.management.base import BaseCommand

from services_catalog.importing import export_services


class Command(BaseCommand):
    help = "把便民服务目录导出为 CSV（与导入格式相同）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 CSV 文件路径")

    def handle(self, *args, file, **options):
        with open(file, "w", encoding="utf-8", newline="") as handle:
            count = export_services(handle)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项服务到 {file}"))

"""`manage.py import_services FILE [--dry-run]`: update the catalogue from a CSV file."""

from services_catalog.commands import ImportCommand
from services_catalog.importing import import_services


class Command(ImportCommand):
    help = "从 CSV 文件导入便民服务目录：先检查全部内容，有任何问题就不写入。"
    importer = staticmethod(import_services)

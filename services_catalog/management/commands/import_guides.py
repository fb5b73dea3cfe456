"""`manage.py import_guides FILE [--dry-run]`: update the government service guides from JSON."""

from services_catalog.commands import ImportCommand
from services_catalog.importing import import_guides


class Command(ImportCommand):
    help = "从 JSON 文件导入政务服务指南：先检查全部内容，有任何问题就不写入。"
    importer = staticmethod(import_guides)

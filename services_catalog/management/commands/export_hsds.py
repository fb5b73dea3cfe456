"""`manage.py export_hsds FILE`: write the catalogue as Open Referral HSDS 3.0 JSON."""

import json

from django.core.management.base import BaseCommand

from services_catalog.hsds import collections


class Command(BaseCommand):
    help = "把便民服务目录和政务指南导出为 HSDS 3.0 格式的 JSON（与 /open-data/hsds.json 相同）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 JSON 文件路径")

    def handle(self, *args, file, **options):
        data = collections()
        with open(file, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {len(data['service'])} 项服务、{len(data['location'])} 个服务站到 {file}"
            )
        )

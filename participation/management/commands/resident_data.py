"""`manage.py resident_data PHONE --export FILE | --erase`: one person's data, on request."""

import json

from django.core.management.base import BaseCommand, CommandError

from participation.privacy import erase_person, export_person, of_person


class Command(BaseCommand):
    help = (
        "按手机号导出或删除一位居民在居民来件里的个人信息（个人信息保护法规定的查阅、删除请求）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("phone", help="居民提交时填写的电话")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", metavar="FILE", help="把这位居民的数据写入 JSON 文件")
        action.add_argument("--erase", action="store_true", help="删除这位居民的个人信息")

    def handle(self, *args, phone, export=None, erase=False, **options):
        if not of_person(phone).exists():
            raise CommandError(f"没有填写电话 {phone} 的来件。")
        if export:
            with open(export, "w", encoding="utf-8") as file:
                json.dump(export_person(phone), file, ensure_ascii=False, indent=2)
            self.stdout.write(f"已导出到 {export}。")
        else:
            count = erase_person(phone)
            self.stdout.write(f"已删除 {count} 件来件里的个人信息。")

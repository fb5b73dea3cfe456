"""`manage.py create_local_admin`: the first local superuser, with a password that is never a default."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "首次运行时创建本地超级用户 admin；密码取自 ADMIN_PASSWORD，否则随机生成并只显示一次。"

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("管理员账号 admin 已存在，密码未改动。")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write("已创建管理员账号 admin，密码为 ADMIN_PASSWORD 的值。")
        else:
            self.stdout.write(f"已创建管理员账号 admin，密码（只显示这一次）：{password}")

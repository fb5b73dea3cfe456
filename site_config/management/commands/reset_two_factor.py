"""Forget a user's two-factor devices and recovery codes (a lost or replaced phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from site_config.two_factor import reset_devices


class Command(BaseCommand):
    help = "清除一个用户的两步验证设备和恢复码（手机丢失或更换时）；下次登录时重新设置。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"没有用户名为 {username} 的用户。") from error
        removed = reset_devices(user)
        self.stdout.write(f"已清除 {username} 的 {removed} 个两步验证设备；下次登录时重新设置。")

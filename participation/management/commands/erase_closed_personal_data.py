"""`manage.py erase_closed_personal_data`: run daily by cron (README: Deploying)."""

from django.core.management.base import BaseCommand

from participation.models import settings_for
from participation.privacy import erase_closed


class Command(BaseCommand):
    help = "删除办结超过保留天数的居民来件里的姓名、电话、“为谁”和照片（每天由定时任务运行）。"

    def handle(self, *args, **options):
        count = erase_closed()
        days = settings_for().retention_days
        self.stdout.write(f"已删除 {count} 件来件的个人信息（办结超过 {days} 天）。")

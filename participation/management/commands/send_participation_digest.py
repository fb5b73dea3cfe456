"""`manage.py send_participation_digest`: the daily mail for editors who chose it (cron, daily)."""

from django.core.management.base import BaseCommand

from participation.workflow import send_daily_digests


class Command(BaseCommand):
    help = "给选择“每天一封汇总邮件”的编辑发送过去一天的新居民来件汇总（每天由定时任务运行一次）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已发送 {send_daily_digests()} 封汇总邮件。")

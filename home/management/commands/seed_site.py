"""`manage.py seed_site`: build or bring up to date the page tree and shipped content."""

from django.core.management.base import BaseCommand
from django.db import transaction

from communities.seeding import seed_communities
from home.seeding import ensure_home_page
from news.seeding import seed_news
from services_catalog.seeding import seed_catalogue


class Command(BaseCommand):
    help = "创建或更新站点的页面树和内置内容（可重复运行，第二次不做任何改动）。"

    def handle(self, *args, **options):
        changes = []

        def log(message):
            changes.append(message)
            self.stdout.write(f"  {message}")

        with transaction.atomic():
            home = ensure_home_page(log)
            seed_catalogue(home, log)
            seed_communities(home, log)
            seed_news(home, log)
        self.stdout.write(self.style.SUCCESS(f"seed_site 完成：{len(changes)} 项改动。"))

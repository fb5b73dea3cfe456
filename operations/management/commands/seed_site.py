"""`manage.py seed_site`: build or bring up to date the page tree and shipped content."""

from django.core.management.base import BaseCommand
from django.db import transaction

from communities.seeding import seed_communities, seed_notices
from core.seeding import mark_sample_content
from home.seeding import ensure_home_page, seed_featured_services
from news.seeding import ensure_newsroom, seed_news
from operations.demo_users import create_demo_users
from operations.indexing import indexed_once
from participation.seeding import seed_participation
from search.maintenance import analyze
from search.seeding import seed_synonyms
from services_catalog.seeding import seed_catalogue, seed_offerings


class Command(BaseCommand):
    help = "创建或更新站点的页面树和内置内容（可重复运行，第二次不做任何改动）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="同时为每种编辑角色创建演示账号（随机密码，只显示一次）",
        )

    def handle(self, *args, demo_users=False, **options):
        changes = []

        def log(message):
            changes.append(message)
            self.stdout.write(f"  {message}")

        with transaction.atomic(), indexed_once():
            # Sections in menu order: services, guides, news, communities.
            home = ensure_home_page(log)
            seed_catalogue(home, log)
            ensure_newsroom(home, log)
            communities = seed_communities(home, log)
            seed_offerings(log)
            seed_featured_services(home, log)
            seed_news(log)
            seed_notices(home, communities, log)
            seed_synonyms(log)
            seed_participation(home.get_site(), log)
            # Everything seeded is sample content: say so on every page until a city has put
            # in its own data and switched the note off in the admin (README: "Real data").
            mark_sample_content(home.get_site(), log)
            if demo_users:
                create_demo_users(log)
        if changes:
            analyze()
        self.stdout.write(self.style.SUCCESS(f"seed_site 完成：{len(changes)} 项改动。"))

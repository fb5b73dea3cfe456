"""`manage.py seed_kazakh`: the shipped Kazakh translations (operations.kazakh), after seed_site."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from operations.kazakh import KazakhDataError, seed_kazakh


class Command(BaseCommand):
    help = "发布随附的哈萨克文译文（首页、栏目、常用服务和指南），标为待母语审校。"

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("还没有网站，请先运行 seed_site")
        try:
            published = seed_kazakh(site, log=lambda message: self.stdout.write(f"  {message}"))
        except KazakhDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"seed_kazakh 完成：发布 {len(published)} 个页面。"))

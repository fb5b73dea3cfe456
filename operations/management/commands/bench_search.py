"""`manage.py bench_search`: search speed at scale, on a scratch database only."""

from django.core.management.base import BaseCommand

from operations.search_benchmark import run


class Command(BaseCommand):
    help = "基准测试：生成大量页面并测量搜索耗时（只在名称含 bench 的临时数据库上运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=10_000, help="在线页面总数")
        parser.add_argument("--repeats", type=int, default=10, help="每个查询重复次数")

    def handle(self, *args, pages, repeats, **options):
        run(pages, repeats, self.stdout.write)

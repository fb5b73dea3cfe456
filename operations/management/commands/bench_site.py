"""`manage.py bench_site`: page throughput under gunicorn and how listings grow (see make bench)."""

from django.core.management.base import BaseCommand

from operations.site_benchmark import growth as growth_run
from operations.site_benchmark import mixed as mixed_run
from operations.site_benchmark import throughput as throughput_run


class Command(BaseCommand):
    help = "基准测试：gunicorn（生产设置）下各页面的吞吐量和延迟，以及列表、搜索、站点地图随数据量的变化。"

    def add_arguments(self, parser):
        parser.add_argument("--throughput", action="store_true", help="用 wrk 测吞吐量")
        parser.add_argument(
            "--mixed", action="store_true", help="混合负载：按热度访问全部页面，编辑同时发布"
        )
        parser.add_argument("--growth", action="store_true", help="测列表、搜索、站点地图耗时")
        parser.add_argument("--seconds", type=int, default=10, help="每个地址压测秒数")
        parser.add_argument("--publish-every", type=int, default=5, help="混合负载中发布的间隔秒数")

    def handle(self, *args, throughput=False, mixed=False, growth=False, seconds=10, **options):
        if throughput:
            throughput_run(seconds, self.stdout.write)
        if mixed:
            mixed_run(max(seconds, 30), options["publish_every"], self.stdout.write)
        if growth:
            growth_run(self.stdout.write)

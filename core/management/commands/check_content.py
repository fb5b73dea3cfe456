"""`manage.py check_content [--format json] [--fail-on-warnings]`: run the apps' content checks."""

from django.core.management.base import BaseCommand, CommandError

from core.content_checks import check_content


class Command(BaseCommand):
    help = "检查各应用登记的跨记录内容规则，逐条列出错误和警告；有错误时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text（每行一条，默认）或 json（问题列表）",
        )
        parser.add_argument(
            "--fail-on-warnings", action="store_true", help="有警告时也以非零状态退出"
        )

    def handle(self, *args, output_format, fail_on_warnings, **options):
        output, failed = check_content(output_format, fail_on_warnings)
        self.stdout.write(output)
        if failed:
            raise CommandError("内容检查未通过。")

"""The shared shape of the import commands: read a file, report every problem or every change."""

from django.core.management.base import BaseCommand, CommandError

from services_catalog.importing import InvalidImportFile


class ImportCommand(BaseCommand):
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只报告会有哪些改动，不写入")

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror}") from error
        try:
            report = self.importer(raw, dry_run=dry_run)
        except InvalidImportFile as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{file} 有 {len(error.problems)} 个问题，未写入任何内容。"
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("（试运行，未写入任何内容）")

"""Write a ranking of the statistics (稿件统计) to a CSV or XLSX file.

    python manage.py export_statistics --period 2021-11 --kind unit --format xlsx -o 单位.xlsx

The same tables as the admin's downloads (contributions.exports). The file is
written whole or not at all: to a temporary file beside it, then renamed.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contributions import counting, exports
from contributions.periods import EXAMPLES, PeriodError, parse_period
from people.models import Department


class Command(BaseCommand):
    help = "导出稿件统计排行（CSV 或 XLSX）。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help=f"统计期间：{EXAMPLES}")
        parser.add_argument(
            "--kind",
            default=counting.UNIT.slug,
            help="统计对象：unit（单位）、correspondent（通讯员）、"
            "reporter（记者）或 desk（部门）；默认 unit",
        )
        parser.add_argument(
            "--format", dest="fmt", default="xlsx", help="xlsx（默认）或 csv"
        )
        parser.add_argument(
            "--desk", default="", help="只统计这个部门的稿件（部门的网址名或名称）"
        )
        parser.add_argument(
            "-o",
            "--output",
            default="",
            help="输出文件；默认按期间和筛选条件命名，写在当前目录",
        )

    def handle(self, *args, period, kind, fmt, desk, output, **options):
        if kind not in counting.KINDS:
            raise CommandError(
                f"未知的统计对象“{kind}”；可选 {', '.join(counting.KINDS)}。"
            )
        fmt = fmt.lower()
        if fmt not in exports.FORMATS:
            raise CommandError(
                f"未知的格式“{fmt}”；可选 {', '.join(exports.FORMATS)}。"
            )
        try:
            period = parse_period(period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        desk = find_desk(desk) if desk else None
        path = Path(output or exports.file_name(kind, period, desk, fmt))
        if path.is_dir():
            raise CommandError(f"{path} 是一个目录；请用 -o 给出文件名。")
        if not path.parent.is_dir():
            raise CommandError(f"目录 {path.parent} 不存在。")
        ranking = counting.ranking(counting.KINDS[kind], period, desk)
        data = exports.render(exports.ranking_table(ranking, period, desk), fmt)
        write_whole(path, data)
        self.stdout.write(
            f"已导出 {exports.ranking_title(counting.KINDS[kind], period, desk)}："
            f"{len(ranking.rows)} 行，{ranking.distinct.articles} 篇稿件 → {path}"
        )


def find_desk(text):
    desks = Department.objects.filter(kind=Department.Kind.DESK)
    desk = desks.filter(slug=text).first() or desks.filter(name=text).first()
    if desk is None:
        raise CommandError(f"没有名为“{text}”的编辑部门。")
    return desk


def write_whole(path, data):
    """Write data to path through a temporary file, so that a failure leaves
    no half-written file behind."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"无法写入 {path}：{error.strerror}") from None

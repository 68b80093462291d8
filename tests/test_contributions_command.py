"""manage.py export_statistics: the monthly report as a file, clear errors."""

import csv
import io
import os
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from openpyxl import load_workbook

from tests.contributions_newsroom import NOVEMBER, build_newsroom


class ExportStatisticsCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom(cls)

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def export(self, *args):
        out = io.StringIO()
        call_command("export_statistics", *args, stdout=out)
        return out.getvalue()

    def test_the_monthly_unit_report_as_xlsx(self):
        target = self.folder / "report.xlsx"
        said = self.export(
            "--period",
            "2021-11",
            "--kind",
            "unit",
            "--format",
            "xlsx",
            "-o",
            str(target),
        )
        self.assertIn("2021年11月单位发稿统计：3 行，4 篇稿件", said)
        rows = [
            list(r) for r in load_workbook(target)["统计"].iter_rows(values_only=True)
        ]
        self.assertEqual(rows[0], ["名次", "单位", "发稿篇数", "字数"])
        expected = [
            [rank, name, articles, chars]
            for name, _, articles, chars, rank in NOVEMBER["unit"][0]
        ]
        self.assertEqual(rows[1:4], expected)
        self.assertEqual(rows[4], ["合计", "各行相加", 5, 67])
        self.assertEqual(rows[5], [None, "不重复稿件", 4, 58])

    def test_csv_for_a_desk_named_by_its_name_in_a_default_file_name(self):
        with tempfile.TemporaryDirectory() as cwd:
            previous = os.getcwd()
            os.chdir(cwd)
            self.addCleanup(os.chdir, previous)
            self.export(
                "--period", "2021-11", "--kind", "reporter", "--format", "csv",
                "--desk", "要闻部",
            )  # fmt: skip
            written = Path(cwd) / "稿件统计_记者_2021-11_要闻部.csv"
            data = written.read_bytes()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        self.assertEqual(
            rows[1:3],
            [
                ["1", "陈记者", "要闻部", "2", "42"],
                ["2", "刘记者", "社会新闻部", "1", "30"],
            ],
        )

    def test_bad_input_is_refused_with_a_clear_message_and_no_file(self):
        target = self.folder / "out.xlsx"
        cases = {
            ("--period", "2021-13"): "月份应为 1 至 12",
            ("--period", "十一月"): "无法识别统计期间",
            ("--period", "2021-11", "--kind", "people"): "未知的统计对象",
            ("--period", "2021-11", "--format", "pdf"): "未知的格式",
            (
                "--period",
                "2021-11",
                "--desk",
                "无此部门",
            ): "没有名为“无此部门”的编辑部门",
            ("--period", "2021-11", "-o", str(self.folder)): "是一个目录",
            ("--period", "2021-11", "-o", str(self.folder / "no" / "x.csv")): "不存在",
        }
        for args, message in cases.items():
            with self.subTest(args=args):
                if "-o" not in args:
                    args = (*args, "-o", str(target))
                with self.assertRaisesMessage(CommandError, message):
                    self.export(*args)
        self.assertEqual(list(self.folder.iterdir()), [])

    def test_a_missing_period_is_an_error_of_the_command_line(self):
        with self.assertRaises(CommandError):
            self.export("--kind", "unit")

"""Statistics files and charts: formula-looking text, file names, geometry."""

import csv
import datetime
import io

from django.test import SimpleTestCase
from openpyxl import load_workbook

from contributions import charts, exports
from contributions.counting import Figures
from contributions.periods import parse_period


class FormulaTextTests(SimpleTestCase):
    """Names and headlines come from imported pages: a spreadsheet must show
    them, never run them (CSV injection)."""

    table = exports.Table(
        title="测试",
        headers=["名称", "数"],
        rows=[
            ['=HYPERLINK("http://x")', 1],
            ["+86 电话", 2],
            ["-1", 3],
            ["@SUM(A1)", 4],
        ],
    )

    def test_csv_cells_that_look_like_formulas_start_with_an_apostrophe(self):
        rows = list(
            csv.reader(io.StringIO(exports.to_csv(self.table).decode("utf-8-sig")))
        )
        self.assertEqual(
            [row[0] for row in rows[1:]],
            ['\'=HYPERLINK("http://x")', "'+86 电话", "'-1", "'@SUM(A1)"],
        )

    def test_xlsx_cells_keep_the_text_as_text(self):
        sheet = load_workbook(io.BytesIO(exports.to_xlsx(self.table)))["统计"]
        cell = sheet["A2"]
        self.assertEqual(cell.value, '=HYPERLINK("http://x")')
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(sheet["B2"].value, 1)


class FileNameTests(SimpleTestCase):
    def test_characters_a_file_system_refuses_are_replaced(self):
        class Desk:
            name = "要闻/时政 部"

        self.assertEqual(
            exports.file_name(
                "desk", parse_period("2021-11-01..2021-11-30"), Desk(), "xlsx"
            ),
            "稿件统计_部门_2021-11-01_2021-11-30_要闻-时政-部.xlsx",
        )


class ChartTests(SimpleTestCase):
    def test_bars_are_proportional_and_the_axis_is_round(self):
        months = [datetime.date(2021, m, 1) for m in (10, 11, 12)]
        chart = charts.monthly_chart(
            list(
                zip(
                    months,
                    [Figures(1, 400), Figures(3, 1234), Figures(0, 0)],
                    strict=True,
                )
            ),
            "东区街道",
        )
        articles, chars = chart.panels
        self.assertEqual([b.value for b in articles.bars], [1, 3, 0])
        self.assertAlmostEqual(
            articles.bars[1].height, 3 * articles.bars[0].height, delta=0.2
        )
        self.assertEqual(articles.bars[2].height, 0)
        self.assertEqual([t.label for t in chars.ticks], ["0", "500", "1,000", "1,500"])
        self.assertEqual([b.label for b in articles.bars], ["10月", "11月", "12月"])
        self.assertEqual(articles.bars[0].year_label, "2021年")
        self.assertIn("共 4 篇、1,634 字", chart.description)
        self.assertLess(articles.bottom + 29, chars.title_y - 10)

    def test_long_spans_write_years_only(self):
        months = parse_period("2015-01-01..2021-12-31").months()
        chart = charts.monthly_chart([(m, Figures()) for m in months], "某人")
        labels = [(b.label, b.year_label) for b in chart.panels[0].bars]
        self.assertEqual({label for label, _ in labels}, {""})
        self.assertEqual(sum(1 for _, year in labels if year), 7)
        self.assertFalse(chart.show_values)

    def test_nice_steps(self):
        for largest, step in {
            0: 1,
            3: 1,
            7: 2,
            28: 10,
            1634: 500,
            123456: 50000,
        }.items():
            with self.subTest(largest=largest):
                self.assertEqual(charts.nice_step(largest), step)

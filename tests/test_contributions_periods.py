"""Statistics periods: how they are written, their bounds in Beijing time."""

import datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from contributions.periods import Period, PeriodError, parse_period

BEIJING = ZoneInfo("Asia/Shanghai")


class ParsePeriodTests(SimpleTestCase):
    def test_months_quarters_years_and_spans(self):
        cases = {
            "2021-11": ("2021-11-01", "2021-11-30", "2021年11月", "2021-11"),
            "2021-2": ("2021-02-01", "2021-02-28", "2021年2月", "2021-02"),
            "2024-02": ("2024-02-01", "2024-02-29", "2024年2月", "2024-02"),
            "2021-Q4": ("2021-10-01", "2021-12-31", "2021年第四季度", "2021-Q4"),
            "2021q1": ("2021-01-01", "2021-03-31", "2021年第一季度", "2021-Q1"),
            "2021": ("2021-01-01", "2021-12-31", "2021年", "2021"),
            " 2021-11-05..2021-11-30 ": (
                "2021-11-05",
                "2021-11-30",
                "2021年11月5日至2021年11月30日",
                "2021-11-05..2021-11-30",
            ),
        }
        for text, (first, last, label, slug) in cases.items():
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(
                    (f"{period.first}", f"{period.last}", period.label, period.slug),
                    (first, last, label, slug),
                )
                self.assertEqual(parse_period(period.slug), period)

    def test_bounds_are_midnights_in_beijing_time(self):
        start, end = parse_period("2021-11").bounds()
        self.assertEqual(start, datetime.datetime(2021, 11, 1, tzinfo=BEIJING))
        self.assertEqual(end, datetime.datetime(2021, 12, 1, tzinfo=BEIJING))
        self.assertEqual(
            end.astimezone(datetime.UTC),
            datetime.datetime(2021, 11, 30, 16, tzinfo=datetime.UTC),
        )

    def test_bad_periods_say_what_is_wrong(self):
        cases = {
            "": "请给出统计期间",
            "2021-13": "月份应为 1 至 12",
            "2021-00": "月份应为 1 至 12",
            "2021-Q5": "无法识别",
            "1899": "年份应在 1900 至 2099 之间",
            "2021-02-29..2021-03-01": "日期“2021-02-29”不存在",
            "2021-12-01..2021-11-01": "晚于",
            "2000-01-01..2021-01-01": "最长 10 年",
            "<script>": "无法识别统计期间“<script>”",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                with self.assertRaisesMessage(PeriodError, message):
                    parse_period(text)

    def test_previous_and_next_periods_of_each_kind(self):
        cases = {
            "2021-01": ("2020-12", "2021-02"),
            "2021-Q1": ("2020-Q4", "2021-Q2"),
            "2021": ("2020", "2022"),
            "2021-11-01..2021-11-10": (
                "2021-10-22..2021-10-31",
                "2021-11-11..2021-11-20",
            ),
        }
        for text, (previous, following) in cases.items():
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(period.previous().slug, previous)
                self.assertEqual(period.next().slug, following)
        self.assertIsNone(Period.year(2099).next())
        self.assertIsNone(Period.month(1900, 1).previous())

    def test_months_and_chart_months(self):
        self.assertEqual(len(parse_period("2021").months()), 12)
        span = parse_period("2021-11-20..2022-01-05")
        self.assertEqual(
            span.months(),
            [
                datetime.date(2021, 11, 1),
                datetime.date(2021, 12, 1),
                datetime.date(2022, 1, 1),
            ],
        )
        chart = parse_period("2021-03").chart_months()
        self.assertEqual(
            (chart[0], chart[-1]),
            (datetime.date(2020, 4, 1), datetime.date(2021, 3, 1)),
        )
        self.assertEqual(len(Period.month(1900, 3).chart_months()), 3)

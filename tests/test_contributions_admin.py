"""稿件统计 in the admin: who may see it, every figure on the pages and in the
CSV and XLSX downloads, bad input, and a fixed number of queries."""

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.contributions_newsroom import NOVEMBER, build_newsroom
from tests.factories import make_article, make_correspondent, make_reporter, make_user

BASE = "/admin/contributions/statistics"


class TableCells(HTMLParser):
    """The text of each row of one table (by id): [[cell, …], …]."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.depth, self.rows, self.cell = table_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", self.table_id) in attrs:
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth = 0
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            self.cell += data


def table_rows(html, table_id):
    parser = TableCells(table_id)
    parser.feed(html)
    return parser.rows


def expected_rows(slug):
    """The ranking's rows as the page, the CSV and the XLSX show them."""
    rows, credited, distinct = NOVEMBER[slug]
    grouped = slug in ("correspondent", "reporter")
    table = []
    for name, group, articles, chars, rank in rows:
        table.append([rank, name, *([group] if grouped else []), articles, chars])
    padding = [""] if grouped else []
    table.append(["合计", "各行相加", *padding, *credited])
    table.append(["", "不重复稿件", *padding, *distinct])
    return table


class StatisticsAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("setup_roles", verbosity=0)
        cls.editor = make_user(is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="编辑"))
        cls.reporter = make_user(is_staff=True)
        cls.reporter.groups.add(Group.objects.get(name="记者"))

    def test_editors_see_the_statistics_and_find_them_on_the_admin_index(self):
        self.client.force_login(self.editor)
        index = self.client.get("/admin/")
        self.assertContains(index, f'href="{BASE}/"')
        self.assertContains(index, "稿件统计")
        self.assertEqual(self.client.get(f"{BASE}/").status_code, 200)

    def test_reporters_may_not_see_or_download_them(self):
        self.client.force_login(self.reporter)
        self.assertNotContains(self.client.get("/admin/"), f'href="{BASE}/"')
        for path in (
            f"{BASE}/",
            f"{BASE}/unit/",
            f"{BASE}/unit/export.csv?period=2021",
            f"{BASE}/reporter/1/",
            f"{BASE}/reporter/1/export.xlsx",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 403)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get(f"{BASE}/unit/export.csv?period=2021")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class StatisticsPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom(cls)
        cls.user = make_user(is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def test_each_ranking_page_shows_every_figure_and_both_totals(self):
        for slug in NOVEMBER:
            with self.subTest(kind=slug):
                response = self.client.get(f"{BASE}/{slug}/?period=2021-11")
                self.assertEqual(response.status_code, 200)
                rows = table_rows(response.content.decode(), "ranking")
                expected = [[str(cell) for cell in row] for row in expected_rows(slug)]
                # The page's total rows span the name columns in one cell.
                for total in expected[-2:]:
                    del total[0 : 3 if slug in ("correspondent", "reporter") else 2]
                expected[-2].insert(0, "合计（各行相加）")
                expected[-1].insert(0, "不重复稿件（每篇只计一次）")
                self.assertEqual(rows[1:], expected)
                self.assertContains(response, "两人同属一个单位时，该单位只计一篇")
                self.assertContains(response, "字符数（不计空格）")

    def test_csv_downloads_hold_every_figure_with_a_bom_and_a_chinese_header(self):
        headers = {
            "correspondent": ["名次", "通讯员", "所在单位", "发稿篇数", "字数"],
            "unit": ["名次", "单位", "发稿篇数", "字数"],
            "reporter": ["名次", "记者", "所属部门", "发稿篇数", "字数"],
            "desk": ["名次", "部门", "发稿篇数", "字数"],
        }
        for slug in NOVEMBER:
            with self.subTest(kind=slug):
                response = self.client.get(f"{BASE}/{slug}/export.csv?period=2021-11")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
                self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
                rows = list(
                    csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                )
                self.assertEqual(rows[0], headers[slug])
                expected = [[str(cell) for cell in row] for row in expected_rows(slug)]
                self.assertEqual(rows[1:], expected)

    def test_xlsx_downloads_read_back_with_every_figure(self):
        for slug in NOVEMBER:
            with self.subTest(kind=slug):
                response = self.client.get(f"{BASE}/{slug}/export.xlsx?period=2021-11")
                self.assertEqual(response.status_code, 200)
                sheet = load_workbook(io.BytesIO(response.content))["统计"]
                rows = [list(row) for row in sheet.iter_rows(values_only=True)]
                self.assertEqual(rows[0][0:2], ["名次", rows[0][1]])
                expected = [
                    [None if cell == "" else cell for cell in row]
                    for row in expected_rows(slug)
                ]
                self.assertEqual(rows[1:], expected)
                notes = load_workbook(io.BytesIO(response.content))["说明"]
                self.assertIn("合署稿件", "".join(str(c.value) for c in notes["A"]))

    def test_file_names_carry_the_kind_period_and_desk(self):
        cases = {
            f"{BASE}/unit/export.xlsx?period=2021-11": "稿件统计_单位_2021-11.xlsx",
            f"{BASE}/reporter/export.csv?period=2021-Q4&desk={self.news_desk.slug}": (
                "稿件统计_记者_2021-Q4_要闻部.csv"
            ),
            f"{BASE}/desk/export.csv?date_from=2021-11-05&date_to=2021-11-30": (
                "稿件统计_部门_2021-11-05_2021-11-30.csv"
            ),
            f"{BASE}/unit/{self.east.pk}/export.csv?period=2021": (
                "稿件统计_单位_2021_东区街道.csv"
            ),
        }
        for path, name in cases.items():
            with self.subTest(path=path):
                disposition = self.client.get(path)["Content-Disposition"]
                self.assertTrue(disposition.startswith("attachment"))
                found = re.search(r"filename\*=utf-8''(.+)$", disposition)
                self.assertEqual(unquote(found[1]), name)

    def test_the_desk_filter_narrows_the_page_and_the_download(self):
        query = f"period=2021-11&desk={self.news_desk.slug}"
        page = self.client.get(f"{BASE}/unit/?{query}")
        rows = table_rows(page.content.decode(), "ranking")
        self.assertEqual(
            rows[1:3],
            [
                ["1", "（未填所在单位的通讯员）", "1", "30"],
                ["2", "东区街道", "1", "12"],
            ],
        )
        download = self.client.get(f"{BASE}/unit/export.csv?{query}")
        lines = download.content.decode("utf-8-sig").splitlines()
        self.assertEqual(
            lines[1:3], ["1,（未填所在单位的通讯员）,1,30", "2,东区街道,1,12"]
        )

    def test_columns_sort_both_ways_and_keep_the_ranks(self):
        response = self.client.get(f"{BASE}/correspondent/?period=2021-11&o=-chars")
        rows = table_rows(response.content.decode(), "ranking")[1:-2]
        self.assertEqual(
            [(r[0], r[1], r[4]) for r in rows],
            [("3", "赵通讯", "30"), ("1", "张通讯", "21"), ("2", "李通讯", "19"),
             ("4", "王通讯", "9")],
        )  # fmt: skip
        self.assertContains(response, 'aria-sort="descending"')
        self.assertContains(response, "?period=2021-11&amp;o=chars")
        ascending = self.client.get(f"{BASE}/correspondent/?period=2021-11&o=name")
        names = [r[1] for r in table_rows(ascending.content.decode(), "ranking")[1:-2]]
        self.assertEqual(names, sorted(names))

    def test_the_unit_page_shows_its_months_chart_and_articles(self):
        response = self.client.get(f"{BASE}/unit/{self.east.pk}/?period=2021-Q4")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(
            table_rows(html, "monthly")[1:],
            [
                ["2021年10月", "1", "4"],
                ["2021年11月", "3", "28"],
                ["2021年12月", "0", "0"],
            ],
        )
        articles = table_rows(html, "articles")[1:]
        self.assertEqual(
            [(row[1], row[5]) for row in articles],
            [("十月最后一秒", "4"), ("十一月第一秒", "7"), ("东区街道办实事", "12"),
             ("两家单位联合义诊", "9")],
        )  # fmt: skip
        self.assertEqual(articles[2][4], "张通讯、李通讯")
        self.assertIn('<strong id="period-articles">4</strong>', html)
        self.assertIn('<strong id="period-chars">32</strong>', html)
        svg = re.search(r"<svg[^>]*chart-title.*?</svg>", html, re.S)[0]
        self.assertEqual(svg.count("<rect"), 6)  # three months, two panels
        self.assertIn("2021年10月 1 篇", svg)
        self.assertIn("2021年11月 28 字", svg)
        self.assertNotIn("style=", svg)
        self.assertNotIn("<script", html.split('id="content"')[1])

    def test_the_unassigned_row_has_its_own_page(self):
        response = self.client.get(f"{BASE}/unit/none/?period=2021-11")
        self.assertEqual(response.status_code, 200)
        rows = table_rows(response.content.decode(), "articles")[1:]
        self.assertEqual([row[1] for row in rows], ["十一月最后一秒"])

    def test_the_article_list_download_reads_back_in_both_formats(self):
        path = f"{BASE}/reporter/{self.liu.pk}/export"
        rows = list(
            csv.reader(
                io.StringIO(
                    self.client.get(f"{path}.csv?period=2021-11").content.decode(
                        "utf-8-sig"
                    )
                )
            )
        )
        expected = [
            ["发布时间", "标题", "部门", "记者", "通讯员", "字数"],
            ["2021-11-10 09:00", "两家单位联合义诊", "社会新闻部", "刘记者",
             "张通讯、王通讯", "9"],
            ["2021-11-30 23:59", "十一月最后一秒", "要闻部", "陈记者、刘记者",
             "赵通讯", "30"],
            ["合计", "2 篇", "", "", "", "39"],
        ]  # fmt: skip
        self.assertEqual(rows, expected)
        workbook = load_workbook(
            io.BytesIO(self.client.get(f"{path}.xlsx?period=2021-11").content)
        )
        values = [list(r) for r in workbook["统计"].iter_rows(values_only=True)]
        self.assertEqual(values[1][5] + values[2][5], 39)
        self.assertEqual(values[3], ["合计", "2 篇", None, None, None, 39])

    def test_bad_input_gets_a_clear_400_or_404_never_a_500(self):
        bad_requests = {
            f"{BASE}/unit/?period=2021-13": (400, "月份应为 1 至 12"),
            f"{BASE}/unit/?period=去年": (400, "无法识别统计期间"),
            f"{BASE}/unit/?period=" + "9" * 5000: (400, "统计期间"),
            f"{BASE}/unit/?period=0001": (400, "年份应在"),
            f"{BASE}/unit/?date_from=2021-12-01&date_to=2021-11-01": (400, "晚于"),
            f"{BASE}/unit/?date_from=2021-12-01": (400, "同时填写起止日期"),
            f"{BASE}/unit/?period=1990-01-01..2021-01-01": (400, "最长 10 年"),
            f"{BASE}/unit/?desk=no-such-desk": (400, "有效"),
            f"{BASE}/unit/?o=%00": (400, "有效"),
            f"{BASE}/unit/export.csv?period=2021-02-30..2021-03-01": (400, "不存在"),
            f"{BASE}/unit/{self.east.pk}/?period=abc": (400, "无法识别"),
            f"{BASE}/nobody/": (404, ""),
            f"{BASE}/unit/export.pdf?period=2021": (404, ""),
            f"{BASE}/unit/{self.news_desk.pk}/": (404, ""),  # a desk is no unit
            f"{BASE}/reporter/none/": (404, ""),
            f"{BASE}/reporter/99999999999999999999999/": (404, ""),
        }
        for path, (status, message) in bad_requests.items():
            with self.subTest(path=path[:80]):
                response = self.client.get(path)
                self.assertEqual(response.status_code, status)
                if message:
                    text = response.content.decode()
                    self.assertTrue(message in text, f"{message!r} not on the page")

    def test_pages_take_a_fixed_number_of_queries_whatever_the_rows(self):
        paths = [
            f"{BASE}/{slug}/?period=2021-11&desk={self.news_desk.slug}"
            for slug in NOVEMBER
        ] + [
            f"{BASE}/unit/{self.east.pk}/?period=2021",
            f"{BASE}/correspondent/{self.zhang.pk}/?period=2021",
            f"{BASE}/unit/export.xlsx?period=2021-11",
            f"{BASE}/unit/{self.east.pk}/export.csv?period=2021",
        ]
        before = {path: self.count_queries(path) for path in paths}
        for _ in range(12):
            make_article(
                published_at=self.a1.published_at,
                department=self.news_desk,
                reporters=[make_reporter()],
                correspondents=[make_correspondent(department=self.east), self.zhang],
            )
        for path in paths:
            with self.subTest(path=path):
                self.assertEqual(self.count_queries(path), before[path])

    def count_queries(self, path):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(path).status_code, 200)
        return len(queries)

    def test_a_ranking_page_takes_this_many_queries(self):
        # Session and user, the desk filter, the ranking, the desk choices.
        with self.assertNumQueries(5):
            self.client.get(f"{BASE}/unit/?period=2021&desk={self.news_desk.slug}")

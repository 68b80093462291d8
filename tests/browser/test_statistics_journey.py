"""An editor ranks the units, changes the period, downloads the CSV and opens
a unit's chart (saved as test-artifacts/statistics-chart.png)."""

import csv
import io

from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.browser.base import BrowserTestCase
from tests.contributions_newsroom import build_newsroom
from tests.factories import make_user

PASSWORD = "correct horse battery staple"


class StatisticsJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("setup_roles", verbosity=0)
        build_newsroom(self)
        editor = make_user(username="editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="编辑"))
        page = self.page
        page.goto(self.url("/admin/login/"))
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.locator("input[type=submit], button[type=submit]").first.click()
        page.wait_for_load_state()

    def ranking_row(self, name):
        row = self.page.locator("#ranking tbody tr", has_text=name)
        return [cell.strip() for cell in row.locator("td, th").all_inner_texts()]

    def test_editor_changes_the_period_downloads_the_csv_and_sees_the_chart(self):
        page = self.page
        page.goto(self.url("/admin/"))
        page.locator(
            "#content-main a[href='/admin/contributions/statistics/']"
        ).first.click()
        page.wait_for_load_state()
        # Units are the default; the tabs switch kinds.
        tabs = page.locator("nav.statistics-kinds")
        tabs.get_by_role("link", name="通讯员", exact=True).click()
        page.wait_for_load_state()
        tabs.get_by_role("link", name="单位", exact=True).click()
        page.wait_for_load_state()
        page.fill("#id_period", "2021-11")
        page.get_by_role("button", name="统计").click()
        page.wait_for_load_state()
        self.assertEqual(self.ranking_row("东区街道"), ["1", "东区街道", "3", "28"])

        # To the next month: December has one article, from 西区医院.
        page.get_by_role("link", name="2021年12月 ›").click()
        page.wait_for_load_state()
        self.assertIn("period=2021-12", page.url)
        self.assertEqual(self.ranking_row("西区医院"), ["1", "西区医院", "1", "5"])
        self.assertEqual(page.locator("#ranking tbody tr").count(), 1)

        # A quarter, typed in, and its CSV.
        page.fill("#id_period", "2021-Q4")
        page.get_by_role("button", name="统计").click()
        page.wait_for_load_state()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="CSV").click()
        download = download_info.value
        self.assertEqual(download.suggested_filename, "稿件统计_单位_2021-Q4.csv")
        data = open(download.path(), "rb").read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        self.assertEqual(rows[1], ["1", "东区街道", "4", "32"])

        page.get_by_role("link", name="东区街道").click()
        page.wait_for_load_state()
        chart = page.locator("figure.statistics-chart svg")
        self.assertEqual(chart.locator("rect").count(), 6)
        box = chart.bounding_box()
        self.assertGreater(box["width"], 600)
        self.assertIn("4 篇", page.locator("#period-articles").inner_text() + " 篇")
        self.screenshot("statistics-chart")
        self.assertEqual(self.console_errors, [])

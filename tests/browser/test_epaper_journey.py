"""A reader opens today's 数字报, turns from A1 to A2, reads an article and
follows its print line back to the page, in a real browser."""

from django.utils import timezone

from edition.models import Placement
from tests.browser.base import BrowserTestCase
from tests.factories import make_article, make_department, make_page


class EpaperJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        desk = make_department(name="时政新闻部")
        self.lead = make_article(
            headline="航空港区加快建设枢纽经济",
            body="本报讯 开头第一段。\n\n接续的一段。",
            department=desk,
        )
        self.inside = make_article(
            headline="组织人社局领导督导疫情防控工作",
            body="本报讯 11月5日上午，督导核酸检测工作。\n\n第二段。",
            department=desk,
        )
        today = timezone.localdate()
        self.front = make_page("A1", today, "要闻", articles=[self.lead])
        self.second = make_page("A2", today, "综合新闻", articles=[self.inside])
        Placement.objects.create(
            article=self.lead, page=self.second, order=2, is_primary=False
        )

    def test_reader_turns_pages_and_follows_the_print_line_back(self):
        page = self.page
        page.goto(self.url("/"))
        page.get_by_role("link", name="今日数字报", exact=False).first.click()
        page.wait_for_load_state()
        self.assertIn("本期共 2 个版面", page.content())
        self.screenshot("epaper-issue")

        page.locator(".epaper-sheet a").first.click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.front.get_absolute_url()))
        self.assertEqual(page.locator("h1").inner_text().strip(), "第A1版 要闻")
        self.screenshot("epaper-page-a1")

        page.get_by_role("link", name="下一版", exact=False).click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.second.get_absolute_url()))
        self.assertIn("上接", page.content())
        self.screenshot("epaper-page-a2")

        page.get_by_role("link", name=self.inside.headline).first.click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.inside.get_absolute_url()))
        self.assertIn("本文刊于", page.locator(".provenance").inner_text())
        self.screenshot("epaper-article")

        page.locator(".provenance a").first.click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.second.get_absolute_url()))
        self.assertEqual(self.console_errors, [])

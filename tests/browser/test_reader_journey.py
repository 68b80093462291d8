"""A reader finds, reads and follows an article in a real browser."""

from people.models import Department
from tests.browser.base import BrowserTestCase
from tests.factories import make_article, make_department, make_reporter


class ReaderJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.city = make_department(name="城市新闻部", slug="city")
        self.economy = make_department(name="经济新闻部", slug="economy")
        self.reporter = make_reporter(name="王军方", department=self.city)
        self.article = make_article(
            headline="航空港实验区召开疫情防控工作会议",
            subheadline="认清形势 迅速行动",
            body="本报讯 11月3日，会议分析研判疫情防控形势。\n\n二是要迅速开展排查。",
            department=self.city,
            reporters=[self.reporter],
        )
        make_article(
            headline="全市优化营商环境考评出炉",
            body="本报讯 考评成绩出炉。",
            department=self.economy,
        )

    def test_reader_filters_searches_reads_and_follows_a_reporter(self):
        page = self.page
        page.goto(self.url("/"))
        self.assertIn(self.article.headline, page.content())
        self.screenshot("home")

        page.get_by_role("link", name="更多最新稿件").click()
        page.wait_for_load_state()
        page.select_option("select[name=department]", self.city.slug)
        page.locator("form.filter-form button[type=submit]").click()
        page.wait_for_load_state()
        self.assertIn("department=city", page.url)
        self.assertIn(self.article.headline, page.content())
        self.assertNotIn("全市优化营商环境考评出炉", page.content())

        page.fill("#masthead-q", "疫情")
        page.press("#masthead-q", "Enter")
        page.wait_for_load_state()
        self.assertIn("q=", page.url)
        page.get_by_role("link", name=self.article.headline).first.click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.article.get_absolute_url()))
        self.assertEqual(page.locator("h1").inner_text().strip(), self.article.headline)
        self.screenshot("article")

        page.get_by_role("link", name="王军方").first.click()
        page.wait_for_load_state()
        self.assertTrue(page.url.endswith(self.reporter.get_absolute_url()))
        self.assertIn(self.article.headline, page.content())
        self.assertEqual(self.console_errors, [])

    def test_phone_layout_has_no_horizontal_scroll(self):
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.page.goto(self.url(self.article.get_absolute_url()))
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.assertLessEqual(overflow, 0)
        self.screenshot("article-phone")
        self.assertTrue(Department.objects.exists())

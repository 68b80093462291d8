"""In Chromium: an editor corrects a published article (更正) and readers see
it; the body's 字数 counts live; a revision comparison marks the character."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.browser.base import BrowserTestCase
from tests.factories import make_article, make_user

PASSWORD = "correct horse battery staple"


class CorrectionJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("setup_roles", verbosity=0)
        self.editor = make_user(username="editor", password=PASSWORD, is_staff=True)
        self.editor.groups.add(Group.objects.get(name="编辑"))
        self.article = make_article(
            headline="航空港区召开优化营商环境大会",
            body="本报讯 大会宣布投入3000万元支持企业。\n\n第二段。",
        )

    def sign_in(self):
        self.page.goto(self.url("/admin/login/"))
        self.page.fill("#id_username", "editor")
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("input[type=submit], button[type=submit]").first.click()
        self.page.wait_for_load_state()

    def test_editor_publishes_a_correction_that_readers_see(self):
        page = self.page
        self.sign_in()
        page.goto(self.url(f"/admin/articles/article/{self.article.pk}/change/"))
        page.get_by_role("link", name="添加更正").click()
        page.wait_for_load_state()
        page.fill("#id_wrong", "3000万元")
        page.fill("#id_right", "300万元")
        page.check("#id_publish")
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()
        self.assertIn("/admin/editorial/correction/", page.url)

        page.goto(self.url(self.article.get_absolute_url()))
        box = page.locator(".article-corrections")
        self.assertIn("更正", box.inner_text())
        self.assertIn("“3000万元”有误，应为“300万元”。特此更正。", box.inner_text())
        self.screenshot("article-with-correction")

        page.goto(self.url("/corrections/"))
        page.get_by_role("link", name="航空港区召开优化营商环境大会").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("h1").inner_text().strip(), self.article.headline)
        self.assertEqual(self.console_errors, [])

    def test_body_count_follows_typing_and_a_comparison_marks_the_character(self):
        page = self.page
        self.sign_in()
        page.goto(self.url(f"/admin/articles/article/{self.article.pk}/change/"))
        count = page.locator(".body-count")
        self.assertEqual(count.inner_text(), "字数：24")
        page.fill("#id_body", "本报讯 大会宣布投入300万元支持企业。\n\n第二段。")
        self.assertEqual(count.inner_text(), "字数：23")
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()

        page.goto(self.url(f"/admin/articles/article/{self.article.pk}/history/"))
        page.get_by_role("button", name="比较所选版本").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("#revision-diff del").first.inner_text(), "0")
        self.screenshot("revision-comparison")
        self.assertEqual(self.console_errors, [])

"""In Chromium, JavaScript off: an editor uploads the sample page, corrects
the guessed title split and a byline in the preview, drops one article, keeps
one as a draft, previews again and imports exactly what was shown."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article
from editorial.import_warnings import ImportWarnings
from tests.browser.base import BrowserTestCase
from tests.factories import make_user

PASSWORD = "correct horse battery staple"
SAMPLE = settings.BASE_DIR / "samples" / "sample-page.txt"
SPLIT = "标题拆分为推测，请核对"
FIXED = "航空港实验区法治化营商环境全市排名第一"


class ImportPreviewJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # Plain HTML forms: the journey must work without any script.
        self.context.close()
        self.context = self.browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900},
            java_script_enabled=False,
        )  # fmt: skip
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        call_command("setup_roles", verbosity=0)
        editor = make_user(username="editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="编辑"))

    def sign_in(self):
        self.page.goto(self.url("/admin/login/"))
        self.page.fill("#id_username", "editor")
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("input[type=submit], button[type=submit]").first.click()
        self.page.wait_for_load_state()

    def article(self, position):
        return self.page.locator(f"#article-{position}")

    def test_editor_corrects_the_preview_and_imports_what_was_shown(self):
        page = self.page
        self.sign_in()
        page.goto(self.url("/admin/articles/importbatch/import/"))
        page.set_input_files("#id_upload", str(SAMPLE))
        page.fill("#id_issue_date", "2021-11-06")
        page.fill("#id_page", "A1")
        page.check("#id_publish")
        page.locator("input[type=submit][value=预览]").click()
        page.wait_for_load_state()

        # The guessed split is flagged beside the title it concerns.
        second = self.article(2)
        self.assertIn(SPLIT, second.locator(".field-headline").inner_text())
        self.assertNotIn(SPLIT, second.locator(".field-reporters").inner_text())
        self.assertEqual(
            second.locator("input[name$=-headline]").input_value(), "航空港实验区"
        )

        second.locator("input[name$=-headline]").fill(FIXED)
        second.locator("input[name$=-subheadline]").fill("")
        self.article(4).locator("input[name$=-correspondents]").fill(
            "刘坤、马国樑、李明"
        )
        self.article(5).locator("input[name$=-drop]").check()
        self.article(1).locator("input[name$=-keep_as_draft]").check()
        page.locator("input[name=_preview]").first.click()
        page.wait_for_load_state()

        second = self.article(2)
        self.assertIn(FIXED, second.locator("h2").inner_text())
        self.assertNotIn(SPLIT, second.inner_text())
        self.assertIn("[不导入]", self.article(5).locator("h2").inner_text())
        self.assertIn(
            "李明", self.article(4).locator(".field-correspondents").inner_text()
        )
        self.screenshot("import-preview-corrected")
        self.assertEqual(Article.objects.count(), 0)

        page.locator("input[name=_confirm]").first.click()
        page.wait_for_load_state()

        self.assertIn("已导入", page.locator(".messagelist").inner_text())
        stored = {a.page_position: a for a in Article.objects.all()}
        self.assertEqual(sorted(stored), [1, 2, 3, 4])
        self.assertEqual((stored[2].headline, stored[2].subheadline), (FIXED, ""))
        self.assertEqual(stored[2].status, Article.Status.PUBLISHED)
        self.assertEqual(stored[1].status, Article.Status.DRAFT)
        # Still a guessed split, not corrected: it waits in review.
        self.assertEqual(stored[3].status, Article.Status.REVIEW)
        self.assertTrue(ImportWarnings.objects.filter(article=stored[3]).exists())
        self.assertEqual(
            [
                byline.correspondent.name
                for byline in stored[4].correspondent_bylines.order_by("position")
            ],
            ["刘坤", "马国樑", "李明"],
        )

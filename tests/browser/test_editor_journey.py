"""An editor signs in, edits a draft, publishes it and sees it on the site."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article
from tests.browser.base import BrowserTestCase
from tests.factories import make_article, make_user

PASSWORD = "correct horse battery staple"


class EditorJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("setup_roles", verbosity=0)
        self.editor = make_user(username="editor", password=PASSWORD, is_staff=True)
        self.editor.groups.add(Group.objects.get(name="编辑"))
        self.draft = make_article(
            headline="草稿标题",
            status=Article.Status.DRAFT,
            published_at=None,
            body="本报讯 11月5日，一篇等待编辑审核的稿件。",
        )

    def sign_in(self):
        self.page.goto(self.url("/admin/login/"))
        self.page.fill("#id_username", "editor")
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("input[type=submit], button[type=submit]").first.click()
        self.page.wait_for_load_state()

    def test_editor_edits_publishes_and_reads_the_article(self):
        page = self.page
        self.sign_in()
        self.assertNotIn("/admin/login/", page.url)

        page.goto(self.url(f"/admin/articles/article/{self.draft.pk}/change/"))
        page.fill("#id_headline", "编辑改过的标题")
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.headline, "编辑改过的标题")

        page.goto(self.url(self.draft.get_absolute_url()))
        self.assertNotIn("编辑改过的标题", page.locator("main").inner_text())
        self.console_errors.clear()  # the 404 of the unpublished article is expected

        page.goto(self.url("/admin/articles/article/"))
        page.locator(f"input[name=_selected_action][value='{self.draft.pk}']").check()
        page.select_option("select[name=action]", "publish_now")
        page.locator("button[name=index], input[name=index]").first.click()
        page.wait_for_load_state()
        self.draft.refresh_from_db()
        self.assertIs(self.draft.is_published, True)

        page.goto(self.url("/"))
        page.get_by_role("link", name="编辑改过的标题").first.click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("h1").inner_text().strip(), "编辑改过的标题")
        self.screenshot("published-article")
        self.assertEqual(self.console_errors, [])

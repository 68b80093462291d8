"""In Chromium, the site and the admin run under the CSP with no violation."""

from django.urls import reverse

from articles.models import Article
from tests.browser.base import BrowserTestCase
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)

PASSWORD = "correct horse battery staple"
# Collects securitypolicyviolation events from the first script on each page.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
  );
});
"""


class ContentSecurityPolicyBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.page.add_init_script(RECORD_VIOLATIONS)
        desk = make_department(name="经济部")
        reporter = make_reporter(name="王军方")
        self.article = make_article(
            headline="航空港实验区召开会议<script>alert(1)</script>",
            department=desk,
            reporters=[reporter],
            correspondents=[make_correspondent(name="李四")],
        )
        self.draft = make_article(status=Article.Status.DRAFT, published_at=None)
        make_user(username="chief", password=PASSWORD, is_staff=True, is_superuser=True)

    def visit(self, path):
        """Open path, let its scripts run, and return the violations seen."""
        response = self.page.goto(self.url(path))
        self.assertLess(response.status, 400, path)
        self.page.wait_for_load_state("load")
        return self.page.evaluate("window.__cspViolations")

    def assertNoViolations(self, path):
        self.assertEqual(self.visit(path), [], path)
        self.assertEqual(self.console_errors, [], path)

    def sign_in(self):
        self.page.goto(self.url(reverse("admin:login")))
        self.page.fill("#id_username", "chief")
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("input[type=submit]").click()
        self.page.wait_for_load_state()

    def test_public_pages_run_without_csp_violations(self):
        for path in (
            "/",
            "/?q=会议",
            self.article.get_absolute_url(),
            self.article.department.get_absolute_url(),
            reverse("articles:archive"),
        ):
            with self.subTest(path=path):
                self.assertNoViolations(path)

    def test_an_inline_script_would_be_reported(self):
        """The recorder works: the checks above could fail."""
        self.visit("/")
        try:
            self.page.add_script_tag(content="window.__ran = true;")
        except Exception:  # noqa: BLE001 - Playwright reports the blocked script
            pass
        self.assertIsNone(self.page.evaluate("window.__ran"))
        self.assertTrue(
            any(
                v.startswith("script-src")
                for v in self.page.evaluate("window.__cspViolations")
            )
        )

    def test_the_hostile_headline_did_not_run(self):
        self.visit(self.article.get_absolute_url())
        self.assertIn("<script>", self.page.locator("h1").inner_text())

    def test_admin_pages_run_without_csp_violations(self):
        self.sign_in()
        for path in (
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_change", args=[self.draft.pk]),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_preview", args=[self.draft.pk]),
            reverse("admin:people_reporter_add"),
            reverse("admin:articles_importbatch_import"),
        ):
            with self.subTest(path=path):
                self.assertNoViolations(path)

    def test_admin_widgets_work_under_the_policy(self):
        """Scripts load from the site: the inline 'add another' row appears."""
        self.sign_in()
        self.visit(reverse("admin:articles_article_change", args=[self.draft.pk]))
        rows = self.page.locator("#images-group .inline-related:not(.empty-form)")
        before = rows.count()
        self.page.locator("#images-group .add-row a").click()
        self.assertEqual(rows.count(), before + 1)
        self.assertEqual(self.page.evaluate("window.__cspViolations"), [])

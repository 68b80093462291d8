"""Every form needs its CSRF token; no next= parameter leads off the site."""

import html
import re
from urllib.parse import urlsplit

from django.test import Client, TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_user

PASSWORD = "correct horse battery staple"
HOSTILE_NEXT = (
    "//evil.example",
    "https://evil.example",
    "http://evil.example/admin/",
    "/\\evil.example",
    "\\\\evil.example",
    "///evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "//evil.example%2f..",
    "/%2F%2Fevil.example",
    "http://testserver@evil.example/",
)


def stays_on_site(location):
    """True when a browser following location stays on this site."""
    parts = urlsplit(location.replace("\\", "/").strip())
    return (
        parts.scheme in ("", "http", "https")
        and parts.netloc in ("", "testserver")
        and not location.strip().lower().startswith("javascript:")
    )


class CsrfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(
            username="editor", password=PASSWORD, is_staff=True, is_superuser=True
        )
        cls.article = make_article(status=Article.Status.DRAFT, published_at=None)

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)

    def test_sign_in_without_a_token_is_refused(self):
        response = self.client.post(
            reverse("admin:login"), {"username": "editor", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_article_form_without_a_token_is_refused(self):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        response = self.client.post(url, {"headline": "被篡改的标题", "body": "x"})
        self.assertEqual(response.status_code, 403)
        self.article.refresh_from_db()
        self.assertNotEqual(self.article.headline, "被篡改的标题")

    def test_the_import_form_without_a_token_is_refused(self):
        self.client.force_login(self.editor)
        for name in ("import", "import_confirm"):
            with self.subTest(view=name):
                response = self.client.post(
                    reverse(f"admin:articles_importbatch_{name}"),
                    {"issue_date": "2021-11-06", "text": "标题\n\n本报讯 正文。"},
                )
                self.assertEqual(response.status_code, 403)

    def test_admin_actions_and_sign_out_without_a_token_are_refused(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [self.article.pk]},
        )
        self.assertEqual(response.status_code, 403)
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Article.Status.DRAFT)
        self.assertEqual(self.client.post(reverse("admin:logout")).status_code, 403)
        self.assertIn("_auth_user_id", self.client.session)

    def test_the_same_forms_work_with_the_token(self):
        """The refusals above are about the token, not broken forms."""
        login = reverse("admin:login")
        self.client.get(login)
        token = self.client.cookies["csrftoken"].value
        response = self.client.post(
            login,
            {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        self.assertEqual(response.status_code, 302)


class RedirectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(username="editor", password=PASSWORD, is_staff=True)

    def assertStaysOnSite(self, response):
        if response.status_code in (301, 302, 303, 307, 308):
            self.assertTrue(
                stays_on_site(response["Location"]),
                f"redirects to {response['Location']!r}",
            )

    def test_sign_in_never_redirects_off_site(self):
        for target in HOSTILE_NEXT:
            with self.subTest(next=target):
                self.client.logout()
                response = self.client.post(
                    reverse("admin:login") + "?next=" + target,
                    {"username": "editor", "password": PASSWORD, "next": target},
                )
                self.assertEqual(response.status_code, 302)
                self.assertStaysOnSite(response)

    def test_the_sign_in_form_does_not_carry_an_off_site_next(self):
        for target in HOSTILE_NEXT:
            with self.subTest(next=target):
                response = self.client.get(reverse("admin:login"), {"next": target})
                self.assertEqual(response.status_code, 200)
                carried = re.search(
                    r'<input type="hidden" name="next" value="([^"]*)"',
                    response.content.decode(),
                )
                self.assertIsNotNone(carried)
                self.assertTrue(stays_on_site(html.unescape(carried[1])), carried[1])

    def test_sign_out_never_redirects_off_site(self):
        for target in HOSTILE_NEXT:
            with self.subTest(next=target):
                self.client.force_login(self.editor)
                response = self.client.post(
                    reverse("admin:logout") + "?next=" + target, {"next": target}
                )
                self.assertLess(response.status_code, 500)
                self.assertStaysOnSite(response)

    def test_a_legitimate_next_is_followed(self):
        response = self.client.post(
            reverse("admin:login"),
            {"username": "editor", "password": PASSWORD, "next": "/admin/articles/"},
        )
        self.assertRedirects(
            response, "/admin/articles/", fetch_redirect_response=False
        )

    def test_stays_on_site_recognises_off_site_locations(self):
        for target in ("//evil.example", "https://evil.example/", "/\\evil.example"):
            with self.subTest(target=target):
                self.assertFalse(stays_on_site(target))
        self.assertTrue(stays_on_site("/admin/"))

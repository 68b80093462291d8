"""Inline styles are allowed on the admin's pages only."""

from django.test import TestCase

from tests.factories import make_article, make_user
from tests.security.test_headers import parse_csp


class StylePolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.staff = make_user(is_staff=True, is_superuser=True)

    def style_src(self, url):
        response = self.client.get(url)
        return parse_csp(response["Content-Security-Policy"])["style-src"]

    def test_public_pages_refuse_inline_style(self):
        for url in ("/", "/latest/", self.article.get_absolute_url(), "/nope/"):
            with self.subTest(url):
                self.assertEqual(self.style_src(url), ["'self'"])

    def test_the_admin_allows_the_inline_styles_django_sets(self):
        self.client.force_login(self.staff)
        for url in ("/admin/", "/admin/articles/article/", "/admin/login/"):
            with self.subTest(url):
                self.assertIn("'unsafe-inline'", self.style_src(url))
        self.assertEqual(self.style_src("/"), ["'self'"])

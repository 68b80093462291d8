"""Security headers on public pages, the admin and error pages, over HTTPS."""

import json
from unittest import mock

from django.conf import settings
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from tests.factories import make_article, make_user
from tests.reliability.outage import database_down
from tests.test_settings import production_variables, run_with_environment

ONE_YEAR = 365 * 24 * 60 * 60
PRINT_TLS_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'proxy': s.SECURE_PROXY_SSL_HEADER,"
    " 'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
    " 'session_secure': s.SESSION_COOKIE_SECURE,"
    " 'csrf_secure': s.CSRF_COOKIE_SECURE,"
    " 'session_httponly': s.SESSION_COOKIE_HTTPONLY}))"
)


def parse_csp(header):
    """Return {directive: [sources]} from a Content-Security-Policy header."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy.setdefault(words[0].lower(), words[1:])
    return policy


class SecurityHeaderAssertions:
    def assertSecurityHeaders(self, response, https=True):
        if https:
            hsts = response["Strict-Transport-Security"]
            max_age = int(hsts.split("max-age=")[1].split(";")[0])
            self.assertGreaterEqual(max_age, ONE_YEAR)
            self.assertIn("includeSubDomains", hsts)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn(
            response["Referrer-Policy"],
            {"strict-origin-when-cross-origin", "same-origin", "no-referrer"},
        )
        self.assertEqual(response["X-Frame-Options"], "DENY")
        policy = parse_csp(response["Content-Security-Policy"])
        scripts = policy.get("script-src", policy.get("default-src"))
        self.assertIsNotNone(scripts, "no script-src or default-src")
        self.assertNotIn("'unsafe-inline'", scripts)
        self.assertNotIn("'unsafe-eval'", scripts)
        self.assertNotIn("*", scripts)
        self.assertEqual(policy.get("frame-ancestors"), ["'none'"])
        self.assertEqual(policy.get("object-src"), ["'none'"])
        self.assertIn("base-uri", policy)


class SecurityHeaderTests(SecurityHeaderAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.editor = make_user(is_staff=True, is_superuser=True)

    def get(self, url, **extra):
        return self.client.get(url, secure=True, **extra)

    def test_public_pages_feeds_and_robots(self):
        for url in (
            reverse("articles:index"),
            reverse("articles:index") + "?q=测试",
            self.article.get_absolute_url(),
            reverse("articles:archive"),
            reverse("articles:feed"),
            reverse("sitemap"),
            reverse("robots_txt"),
        ):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertSecurityHeaders(response)

    def test_admin_sign_in_and_signed_in_pages(self):
        self.assertSecurityHeaders(self.get(reverse("admin:login")))
        self.client.force_login(self.editor)
        for url in (
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_change", args=[self.article.pk]),
            reverse("admin:articles_article_preview", args=[self.article.pk]),
            reverse("admin:articles_importbatch_import"),
        ):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertSecurityHeaders(response)

    def test_not_found_page(self):
        response = self.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertSecurityHeaders(response)

    def test_database_unavailable_page(self):
        with database_down():
            response = self.get(reverse("articles:index"))
        self.assertEqual(response.status_code, 503)
        self.assertSecurityHeaders(response)

    def test_server_error_page_shows_no_details(self):
        self.client.raise_request_exception = False
        with mock.patch(
            "articles.views.ArticleListView.get",
            side_effect=RuntimeError("secret detail"),
        ):
            response = self.get(reverse("articles:index"))
        self.assertEqual(response.status_code, 500)
        self.assertSecurityHeaders(response)
        self.assertNotIn(b"secret detail", response.content)
        self.assertNotIn(b"Traceback", response.content)

    @override_settings(AXES_ENABLED=True)
    def test_too_many_sign_in_attempts_page(self):
        form = {"username": self.editor.username, "password": "wrong"}
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            response = self.client.post(reverse("admin:login"), form, secure=True)
        self.assertEqual(response.status_code, 429)
        self.assertSecurityHeaders(response)

    def test_plain_http_gets_no_hsts_but_the_other_headers(self):
        response = self.client.get(reverse("articles:index"))
        self.assertNotIn("Strict-Transport-Security", response)
        self.assertSecurityHeaders(response, https=False)


class CookieTests(TestCase):
    def test_session_and_csrf_cookies_are_secure_and_the_session_http_only(self):
        make_user(username="editor", password="pw-Correct-horse-1", is_staff=True)
        login = reverse("admin:login")
        self.client.get(login, secure=True)
        response = self.client.post(
            login,
            {"username": "editor", "password": "pw-Correct-horse-1"},
            secure=True,
        )
        self.assertEqual(response.status_code, 302)
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(session["secure"])
        self.assertTrue(session["httponly"])
        self.assertIn(session["samesite"], ("Lax", "Strict"))
        csrf = self.client.cookies[settings.CSRF_COOKIE_NAME]
        self.assertTrue(csrf["secure"])


class DeploymentSettingsTests(SimpleTestCase):
    def tls_settings(self, **variables):
        result = run_with_environment(
            ["-c", PRINT_TLS_SETTINGS], **production_variables(**variables)
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_production_defaults_are_strict(self):
        printed = self.tls_settings()
        self.assertGreaterEqual(printed["hsts"], ONE_YEAR)
        self.assertIs(printed["redirect"], True)
        self.assertIs(printed["session_secure"], True)
        self.assertIs(printed["csrf_secure"], True)
        self.assertIs(printed["session_httponly"], True)
        self.assertIsNone(printed["proxy"])

    def test_behind_a_tls_proxy_the_forwarded_protocol_is_trusted(self):
        printed = self.tls_settings(DJANGO_BEHIND_TLS_PROXY="1")
        self.assertEqual(printed["proxy"], ["HTTP_X_FORWARDED_PROTO", "https"])

    def test_the_https_redirect_can_be_turned_off_for_a_terminating_proxy(self):
        self.assertIs(
            self.tls_settings(DJANGO_SECURE_SSL_REDIRECT="0")["redirect"], False
        )

    def test_deploy_checks_pass_behind_a_proxy_too(self):
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **production_variables(DJANGO_BEHIND_TLS_PROXY="1"),
        )
        self.assertEqual(result.returncode, 0, result.stderr)

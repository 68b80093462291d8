"""While the database is down readers get a 503 page, and the site recovers."""

import socket
import unittest

from django.db import OperationalError, connection
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from newsroom.middleware import is_connection_failure
from tests.factories import make_article, make_department, make_reporter, make_user
from tests.reliability.outage import database_down, with_page_cache

TRACEBACK_WORDS = ("Traceback", "OperationalError", "Connection refused", 'File "')


class DatabaseDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = make_department(name="经济部")
        cls.reporter = make_reporter(name="王军方")
        cls.article = make_article(department=cls.department, reporters=[cls.reporter])

    def public_urls(self):
        return [
            reverse("articles:index"),
            reverse("articles:index") + "?q=会议",
            self.article.get_absolute_url(),
            self.department.get_absolute_url(),
            self.reporter.get_absolute_url(),
            reverse("articles:archive"),
            reverse("articles:feed"),
            reverse("sitemap"),
            reverse("sitemap_news"),
        ]

    def assertUnavailable(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertIn("no-store", response["Cache-Control"])
        body = response.content.decode()
        for word in TRACEBACK_WORDS:
            self.assertNotIn(word, body)

    def test_public_pages_answer_503_with_retry_after_and_no_traceback(self):
        with database_down():
            for url in self.public_urls():
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertUnavailable(response)
                    self.assertContains(response, "网站暂时无法访问", status_code=503)

    def test_an_unknown_address_is_still_a_plain_404(self):
        with database_down():
            response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "没有找到这个页面", status_code=404)

    def test_readiness_says_503_and_liveness_stays_up(self):
        with database_down():
            self.assertEqual(self.client.get(reverse("readyz")).status_code, 503)
            self.assertEqual(self.client.get(reverse("healthz")).status_code, 200)

    def test_the_site_recovers_by_itself_when_the_database_returns(self):
        url = self.article.get_absolute_url()
        with database_down():
            self.assertEqual(self.client.get(url).status_code, 503)
        self.assertEqual(self.client.get(reverse("readyz")).status_code, 200)
        self.assertContains(self.client.get(url), self.article.headline)

    def test_other_ways_a_connection_is_lost_also_answer_503(self):
        for message in (
            "server closed the connection unexpectedly",
            "terminating connection due to administrator command",
            "the database system is starting up",
            "unable to open database file",
            'could not translate host name "db" to address',
            "sorry, too many clients already",
        ):
            with self.subTest(message=message), database_down(message):
                self.assertUnavailable(self.client.get(reverse("articles:index")))

    def test_signed_in_admin_pages_and_sign_in_answer_503_too(self):
        editor = make_user(is_staff=True, is_superuser=True)
        self.client.force_login(editor)
        with database_down():
            self.assertUnavailable(self.client.get(reverse("admin:index")))
        self.client.logout()
        with database_down():
            response = self.client.post(
                reverse("admin:login"),
                {"username": editor.username, "password": "x"},
            )
        self.assertUnavailable(response)

    @with_page_cache
    def test_with_the_page_cache_on_an_outage_page_is_not_cached(self):
        url = reverse("articles:archive")
        with database_down():
            self.assertUnavailable(self.client.get(url))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)


@unittest.skipUnless(connection.vendor == "postgresql", "needs a PostgreSQL server")
class PostgresConnectionFailureTests(SimpleTestCase):
    """Real psycopg2 errors, told apart as the 503 page needs."""

    databases = {"default"}

    def connect_error(self, **settings):
        """Return the error of connecting with settings changed."""
        other = connection.copy()
        other.settings_dict = {**other.settings_dict, **settings}
        try:
            with self.assertRaises(OperationalError) as caught:
                other.ensure_connection()
        finally:
            other.close()
        return caught.exception

    def unused_port(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def test_an_unknown_host_is_an_outage(self):
        error = self.connect_error(HOST="db.invalid")
        self.assertTrue(is_connection_failure(error), error)

    def test_a_refused_connection_is_an_outage(self):
        error = self.connect_error(HOST="127.0.0.1", PORT=self.unused_port())
        self.assertTrue(is_connection_failure(error), error)

    def test_a_server_with_no_connection_left_is_an_outage(self):
        role = "newsroom_no_connections"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP ROLE IF EXISTS {role}")
            cursor.execute(f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 0")
        self.addCleanup(self.drop_role, role)
        error = self.connect_error(USER=role, PASSWORD="")
        self.assertIn("too many connections", str(error))
        self.assertTrue(is_connection_failure(error), error)

    def drop_role(self, role):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP ROLE IF EXISTS {role}")

    def test_a_query_cancelled_by_a_timeout_is_not_an_outage(self):
        with self.assertRaises(OperationalError) as caught:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 1")
                try:
                    cursor.execute("SELECT pg_sleep(1)")
                finally:
                    cursor.execute("RESET statement_timeout")
        self.assertFalse(is_connection_failure(caught.exception))

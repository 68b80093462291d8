"""Two app servers sharing PostgreSQL and Redis never serve a stale page.

Starts two gunicorn processes (one worker each) with production settings and
the page cache on, against this test run's PostgreSQL database and one Redis
database. An editor withdraws an article through server A's admin; server B
must stop showing it at once.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.parse
from http.client import HTTPConnection
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase

from tests.factories import make_article, make_user

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
START_TIMEOUT = 30
REQUEST_TIMEOUT = 10
PASSWORD = "scale-out correct horse battery staple"
SECRET_KEY = secrets.token_urlsafe(50)


def redis_error():
    """Return why the test Redis database cannot be used, or None."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # any failure means: skip, with the reason
        return f"Redis at {REDIS_URL} is not reachable ({error})"
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = urllib.parse.quote(db["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{db['NAME']}"


class AppServer:
    """One gunicorn process with production settings on a loopback port."""

    def __init__(self, name):
        self.name = name
        self.port = free_port()
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "NEWSROOM_", "REDIS_"))
        }
        environ.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=SECRET_KEY,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_LOG_LEVEL="WARNING",
            PYTHONWARNINGS="ignore:No directory at",
            DATABASE_URL=database_url(),
            REDIS_URL=REDIS_URL,
            NEWSROOM_PAGE_CACHE_SECONDS="300",
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi:application",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=environ,
            start_new_session=True,
        )

    def wait_until_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server {self.name} exited during start-up")
            try:
                if Browser(self).get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server {self.name} did not answer /healthz in time")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Browser:
    """A minimal HTTP client that keeps cookies, Secure ones included."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, form=None):
        """Return (status, headers, body text)."""
        http = HTTPConnection("127.0.0.1", self.server.port, timeout=REQUEST_TIMEOUT)
        # Behind a load balancer every server sees the site's one public host.
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            http.request(method, path, body=body, headers=headers)
            response = http.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            http.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        form = {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        return self.request("POST", path, form)

    def sign_in(self, username, password):
        self.get("/admin/login/")
        status, headers, _ = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert status == 302, f"sign-in failed with {status}"
        assert "sessionid" in self.cookies


@pytest.mark.postgres
class ScaleOutTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls):
        if connection.vendor != "postgresql":
            raise unittest.SkipTest(
                "needs PostgreSQL: two servers must share a real database "
                "(run with DATABASE_URL=postgres://...)"
            )
        reason = redis_error()
        if reason:
            raise unittest.SkipTest(reason)
        super().setUpClass()

    def setUp(self):
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        self.article = make_article(headline="两台服务器共享的稿件")
        editor = make_user(username="editor", is_staff=True, is_superuser=True)
        # The servers run production settings, whose hashers do not include
        # the test suite's fast MD5 one.
        editor.password = PBKDF2PasswordHasher().encode(PASSWORD, "salt", 1000)
        editor.save(update_fields=["password"])
        self.servers = [AppServer("A"), AppServer("B")]
        for server in self.servers:
            self.addCleanup(server.stop)
        deadline = time.monotonic() + START_TIMEOUT
        for server in self.servers:
            server.wait_until_ready(deadline)

    def assertPage(self, response, cache, present):
        status, headers, text = response
        self.assertEqual(status, 200)
        self.assertEqual(headers["X-Page-Cache"], cache)
        if present:
            self.assertIn(self.article.headline, text)
        else:
            self.assertNotIn(self.article.headline, text)

    def test_change_through_one_server_is_served_fresh_by_the_other(self):
        server_a, server_b = self.servers
        reader_a, reader_b = Browser(server_a), Browser(server_b)
        article_url = self.article.get_absolute_url()
        self.assertPage(reader_a.get("/"), "miss", present=True)
        self.assertPage(reader_a.get("/"), "hit", present=True)
        # Server B is served the page server A stored in the shared cache.
        self.assertPage(reader_b.get("/"), "hit", present=True)
        self.assertEqual(reader_b.get(article_url)[0], 200)
        self.assertEqual(reader_b.get(article_url)[1]["X-Page-Cache"], "hit")

        editor = Browser(server_a)
        editor.sign_in("editor", PASSWORD)
        status, _, _ = editor.post(
            "/admin/articles/article/",
            {"action": "withdraw", "_selected_action": [self.article.pk]},
        )
        self.assertEqual(status, 302)

        self.assertPage(reader_b.get("/"), "miss", present=False)
        self.assertEqual(reader_b.get(article_url)[0], 404)
        self.assertPage(reader_a.get("/"), "hit", present=False)

    def test_signed_in_editor_is_never_served_the_shared_cache(self):
        server_a, server_b = self.servers
        Browser(server_a).get("/")
        editor = Browser(server_b)
        editor.sign_in("editor", PASSWORD)
        status, headers, _ = editor.get("/")
        self.assertEqual(status, 200)
        self.assertNotIn("X-Page-Cache", headers)
        self.assertIn("private", headers["Cache-Control"])

"""An outage or a scan writes one concise log line per request, no tracebacks."""

import logging

from django.test import TestCase, override_settings

from tests.factories import make_article
from tests.reliability.outage import database_down, with_page_cache


class CountingHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        if record.levelno >= logging.INFO:
            self.lines.extend(self.format(record).splitlines())


class LogVolumeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def setUp(self):
        self.handler = CountingHandler()
        root = logging.getLogger()
        root.addHandler(self.handler)
        self.addCleanup(root.removeHandler, self.handler)

    @with_page_cache
    @override_settings(FRAGMENT_CACHE_SECONDS=3600)
    def test_with_the_database_down_each_request_logs_one_line(self):
        urls = ["/", "/latest/", "/archive/", self.article.get_absolute_url()]
        urls += ["/feed/rss/", "/sitemap.xml", "/latest/?q=会议"]
        with database_down():
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 503, url)
        self.assertEqual(len(self.handler.lines), len(urls), self.handler.lines)
        for line in self.handler.lines:
            self.assertTrue(line.startswith("Database unavailable: "), line)

    @override_settings(ALLOWED_HOSTS=["news.example.com"])
    def test_a_bad_host_header_logs_one_line_without_a_traceback(self):
        for host in ("evil.example", "x" * 300, "news.example.com.evil"):
            self.client.get("/", HTTP_HOST=host)
        # The security logger does not propagate its records' tracebacks.
        lines = [line for line in self.handler.lines if "HTTP_HOST" in line]
        self.assertEqual(len(lines), 3, self.handler.lines)
        self.assertEqual(len(self.handler.lines), 3, self.handler.lines)

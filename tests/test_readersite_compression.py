"""Public pages are sent gzipped to clients that accept it, plain to others,
whether rendered or served from the page cache."""

import gzip

from django.test import TestCase, override_settings
from django.urls import reverse

from newsroom import pagecache
from tests.factories import make_article, make_department, make_reporter


class PublicPageCompressionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_department(name="要闻部")
        reporter = make_reporter(name="王军方")
        cls.article = make_article(
            headline="疫情防控会议", department=desk, reporters=[reporter]
        )
        day = cls.article.url_date
        cls.pages = {
            "front page": reverse("front"),
            "latest": reverse("articles:index"),
            "search": reverse("articles:index") + "?q=疫情",
            "filtered list": reverse("articles:index") + f"?department={desk.slug}",
            "desk": desk.get_absolute_url(),
            "reporter": reporter.get_absolute_url(),
            "archive day": reverse(
                "articles:archive_day", args=[day.year, day.month, day.day]
            ),
            "article": cls.article.get_absolute_url(),
        }

    def setUp(self):
        pagecache.page_cache().clear()

    def assertCompressedForGzipClients(self, path):
        plain = self.client.get(path)
        packed = self.client.get(path, headers={"Accept-Encoding": "gzip, br"})
        self.assertEqual(plain.status_code, 200)
        self.assertNotIn("Content-Encoding", plain)
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", packed["Vary"])
        self.assertEqual(gzip.decompress(packed.content), plain.content)
        # Worth it: a list page shrinks to under a third.
        self.assertLess(len(packed.content), len(plain.content) / 2)

    def test_every_kind_of_public_page_is_compressed(self):
        for kind, path in self.pages.items():
            with self.subTest(kind):
                self.assertCompressedForGzipClients(path)

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_pages_from_the_page_cache_are_compressed_too(self):
        for kind, path in self.pages.items():
            with self.subTest(kind):
                self.client.get(path)  # fills the cache
                self.assertCompressedForGzipClients(path)
                hit = self.client.get(path, headers={"Accept-Encoding": "gzip"})
                self.assertEqual(hit["X-Page-Cache"], "hit")
                self.assertEqual(hit["Content-Encoding"], "gzip")

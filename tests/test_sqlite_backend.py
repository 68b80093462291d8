"""The SQLite backend (newsroom.sqlite3) runs statements as Django's does,
converting each text's placeholders once."""

import sqlite3
from unittest import skipUnless

from django.db import connection, connections
from django.db.backends.sqlite3 import base as django_sqlite
from django.test import SimpleTestCase, TestCase

from articles.models import Article
from newsroom.sqlite3 import base
from tests.factories import make_article

STATEMENTS = (
    "SELECT 1",
    "SELECT %s, '100%%' FROM t WHERE x LIKE %s ESCAPE '\\' AND y IN (%s, %s)",
    "SELECT '%%s literal', %s",
)


def cursor(factory):
    return sqlite3.connect(":memory:").cursor(factory=factory)


class ConversionTests(SimpleTestCase):
    def test_statements_convert_as_djangos_backend_converts_them(self):
        ours = cursor(base.SQLiteCursorWrapper)
        djangos = cursor(django_sqlite.SQLiteCursorWrapper)
        for sql in STATEMENTS:
            with self.subTest(sql=sql):
                self.assertEqual(ours.convert_query(sql), djangos.convert_query(sql))

    def test_a_text_seen_before_is_not_converted_again(self):
        sql = "SELECT %s -- seen before"
        base.qmark_style(sql)
        hits = base.qmark_style.cache_info().hits
        base.qmark_style(sql)
        self.assertEqual(base.qmark_style.cache_info().hits, hits + 1)

    def test_named_parameters_convert_as_djangos_backend_converts_them(self):
        sql = "SELECT %(a)s, %(b)s"
        self.assertEqual(
            cursor(base.SQLiteCursorWrapper).convert_query(sql, param_names=["a", "b"]),
            "SELECT :a, :b",
        )


@skipUnless(connection.vendor == "sqlite", "the SQLite backend")
class BackendTests(TestCase):
    def test_the_site_runs_on_the_backend(self):
        self.assertIsInstance(connections["default"], base.DatabaseWrapper)
        with connection.cursor() as cursor:
            self.assertIsInstance(cursor.cursor, base.SQLiteCursorWrapper)

    def test_queries_with_parameters_and_percents_return_their_rows(self):
        article = make_article(headline="百分之百 100% 完成")
        found = Article.objects.filter(headline__contains="100%", pk=article.pk)
        self.assertEqual(list(found), [article])
        self.assertFalse(Article.objects.filter(headline__contains="100%%").exists())

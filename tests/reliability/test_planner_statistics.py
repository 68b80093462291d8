"""An import leaves the query planner with statistics of what it wrote."""

import datetime
import io
import shutil
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import TestCase

from articles.importing.pages import load_page
from articles.importing.store import import_page
from articles.models import Article, ImportBatch
from newsroom import db_statistics

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "sample-page.txt"


class PlannerStatisticsTests(TestCase):
    def import_sample(self):
        page = load_page(SAMPLE.read_bytes(), SAMPLE.name, datetime.date(2021, 11, 6))
        import_page(page)

    @unittest.skipUnless(connection.vendor == "postgresql", "ANALYZE is PostgreSQL's")
    def test_an_import_into_a_table_the_planner_thinks_empty_analyzes_it(self):
        with connection.cursor() as cursor:
            # Statistics outlive the rollback of earlier tests' rows: make
            # the planner believe what this test sees, an empty table.
            cursor.execute("ANALYZE articles_article")
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'articles_article'"
            )
            self.assertLessEqual(cursor.fetchone()[0], 0)
            self.import_sample()
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'articles_article'"
            )
            self.assertEqual(cursor.fetchone()[0], Article.objects.count())

    def test_a_failed_refresh_neither_fails_nor_repeats_the_import(self):
        # Another writer holding a lock made the refresh fail after the
        # import had committed; the import took that for its own failure
        # and stored every page of the group a second time.
        pages = [SAMPLE, SAMPLE.with_name("sample-page-a2.txt")]
        with tempfile.TemporaryDirectory() as folder:
            for page in pages:
                shutil.copy(page, folder)
            locked = OperationalError("database is locked")
            with mock.patch.object(db_statistics, "_refresh", side_effect=locked):
                with self.assertLogs("newsroom.db_statistics", "WARNING"):
                    call_command(
                        "import_articles",
                        folder,
                        "--issue-date",
                        "2021-11-06",
                        stdout=io.StringIO(),
                    )
        self.assertEqual(
            sorted(ImportBatch.objects.values_list("file_name", flat=True)),
            sorted(page.name for page in pages),
        )

    def test_an_import_runs_on_either_database(self):
        self.import_sample()
        self.assertGreater(Article.objects.count(), 0)

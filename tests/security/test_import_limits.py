"""Every way into an import has the same limits: size and date domain."""

import io
from datetime import date

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from articles import importing
from articles.models import Article, ImportBatch
from tests.factories import make_user

IMPORT_URL = reverse("admin:articles_importbatch_import")


class ImportLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(is_staff=True, is_superuser=True)

    def test_pasted_text_over_the_upload_limit_is_refused(self):
        self.client.force_login(self.editor)
        text = "标题\n\n本报讯 正文。\n" + "字" * (importing.MAX_PAGE_BYTES // 3 + 1)
        response = self.client.post(
            IMPORT_URL, {"text": text, "issue_date": "2021-11-06"}
        )
        self.assertContains(response, "粘贴的文本过大", status_code=400)
        self.assertFalse(Article.objects.exists())

    def test_an_issue_date_outside_the_domain_is_refused_in_the_admin(self):
        self.client.force_login(self.editor)
        for day in ("0001-01-01", "1899-12-31", "2100-01-01"):
            with self.subTest(day):
                response = self.client.post(
                    IMPORT_URL,
                    {"text": "标题\n\n本报讯 正文。\n", "issue_date": day},
                )
                self.assertContains(response, "1900 至 2099", status_code=400)
        self.assertFalse(ImportBatch.objects.exists())

    def test_an_issue_date_outside_the_domain_stops_the_command(self):
        for option in (["--issue-date", "0001-01-01"], ["--year", "2100"]):
            with self.subTest(option):
                with self.assertRaisesMessage(CommandError, "超出范围"):
                    call_command(
                        "import_articles",
                        "samples/sample-page.txt",
                        *option,
                        stdout=io.StringIO(),
                        stderr=io.StringIO(),
                    )
        self.assertFalse(ImportBatch.objects.exists())

    def test_the_database_refuses_a_date_outside_the_domain(self):
        from django.db import IntegrityError, transaction

        with self.assertRaises(IntegrityError), transaction.atomic():
            ImportBatch.objects.create(
                file_name="x",
                sha256="0" * 64,
                encoding="utf-8",
                issue_date=date(1, 1, 1),
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(
                headline="h",
                body="b",
                fingerprint="f",
                published_at="0001-01-02T00:00:00+00:00",
            )

"""Pages with NUL and other control characters import cleanly."""

import tempfile
import unittest
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase

from articles.models import Article
from articles.parsing import ParseError, decode_page, parse_page
from people.models import Reporter
from tests.reliability.harness import SAMPLE_PAGE

CONTROL_CHARACTERS = "\x00\x01\x07\x08\x0e\x1b\x7f\x85\x9f"


def page_with_odd_characters():
    """The sample page with NUL and control characters scattered through it."""
    text = SAMPLE_PAGE.read_text(encoding="utf-8")
    text = text.replace("本报讯", "本报\x00讯", 2).replace("记者", "记\x00者", 1)
    text = text.replace("，", "，\x07", 3).replace("。", "\x1b。", 3)
    return ("\x00" + text + "\x00\x00").encode("utf-8")


def contains_control_characters(text):
    return any(ch in text for ch in CONTROL_CHARACTERS)


class OddBytesDecodingTests(SimpleTestCase):
    def test_stray_nuls_in_utf8_text_are_dropped(self):
        text, encoding = decode_page(page_with_odd_characters())
        self.assertEqual(encoding, "utf-8")
        self.assertNotIn("\x00", text)
        self.assertIn("本报讯", text)

    def test_parsed_articles_carry_no_control_characters(self):
        text, _ = decode_page(page_with_odd_characters())
        page = parse_page(text, date(2021, 11, 6))
        self.assertEqual(len(page.articles), 5)
        for article in page.articles:
            for value in (article.headline, *article.paragraphs, *article.reporters):
                self.assertFalse(contains_control_characters(value), repr(value))

    def test_binary_files_are_still_refused(self):
        for data in (
            b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256)) * 4,
            "航空港新闻 本报讯".encode("utf-16-le") * 20,  # UTF-16 without a BOM
            b"\x00" * 1000,
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50,
        ):
            with self.subTest(data=data[:12]), self.assertRaises(ParseError):
                decode_page(data)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "PostgreSQL refuses NUL in text; SQLite would store it and prove nothing",
)
class OddBytesImportTests(TestCase):
    def test_the_command_imports_a_page_with_nul_and_control_characters(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "odd-page.txt"
            path.write_bytes(page_with_odd_characters())
            out = StringIO()
            call_command(
                "import_articles",
                str(path),
                "--issue-date",
                "2021-11-06",
                "--publish",
                stdout=out,
                stderr=StringIO(),
            )
        self.assertIn("新建 5 篇", out.getvalue())
        self.assertEqual(Article.objects.count(), 5)
        for article in Article.objects.all():
            for value in (article.headline, article.body, article.summary):
                self.assertFalse(contains_control_characters(value), repr(value))
        self.assertQuerySetEqual(
            Reporter.objects.values_list("name", flat=True), ["王军方"]
        )

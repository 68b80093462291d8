"""`make run` on another port or host makes the site's links name it."""

import io
import os
import shutil
import subprocess
import tempfile
import unittest
from contextlib import chdir
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from articles.models import Article

BASE_DIR = Path(__file__).resolve().parents[1]
FAKE_PYTHON = """#!/bin/sh
echo "$NEWSROOM_SITE_URL $*" >> "$FAKE_LOG"
"""


@unittest.skipUnless(shutil.which("make"), "make is not installed")
class MakeRunTests(SimpleTestCase):
    def run_make(self, *arguments, **variables):
        """Run `make run` with a stand-in Python that records what it is given."""
        folder = Path(tempfile.mkdtemp(prefix="newsroom-make-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        (folder / "bin").mkdir()
        python = folder / "bin" / "python"
        python.write_text(FAKE_PYTHON)
        python.chmod(0o755)
        log = folder / "log"
        environ = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
        subprocess.run(
            ["make", "--no-print-directory", "run", f"VENV={folder}", *arguments],
            cwd=BASE_DIR,
            env={**environ, "FAKE_LOG": str(log), **variables},
            check=True,
            capture_output=True,
            timeout=60,
        )
        return log.read_text().splitlines()

    def test_links_name_the_port_and_host_served(self):
        lines = self.run_make("PORT=8101", "HOST=0.0.0.0")
        served = [line for line in lines if "runserver" in line]
        self.assertEqual(
            served, ["http://0.0.0.0:8101 manage.py runserver 0.0.0.0:8101"]
        )
        self.assertEqual({line.split()[0] for line in lines}, {"http://0.0.0.0:8101"})

    def test_a_public_address_given_is_kept(self):
        lines = self.run_make(NEWSROOM_SITE_URL="https://news.example.cn")
        self.assertEqual(
            {line.split()[0] for line in lines}, {"https://news.example.cn"}
        )


@unittest.skipUnless(shutil.which("make"), "make is not installed")
class MakeRunSampleTests(TestCase):
    """What `make run` imports is published only where nothing is in doubt."""

    def test_the_demo_publishes_no_guessed_title_split(self):
        lines = MakeRunTests.run_make(self)
        imports = [line.split()[2:] for line in lines if " import_articles " in line]
        self.assertEqual(len(imports), 2)

        with chdir(BASE_DIR):
            for arguments in imports:
                call_command(*arguments, stdout=io.StringIO(), stderr=io.StringIO())

        published = Article.objects.published()
        self.assertFalse(published.filter(import_warnings__isnull=False).exists())
        self.assertFalse(published.filter(headline="航空港实验区").exists())
        self.assertTrue(
            published.filter(
                headline="航空港实验区法治化营商环境全市排名第一", subheadline=""
            ).exists()
        )
        self.assertEqual(published.count(), Article.objects.count())

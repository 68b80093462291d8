"""`make run` on another port or host makes the site's links name it."""

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from django.test import SimpleTestCase

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

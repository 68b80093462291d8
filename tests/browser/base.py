"""Browser tests: Playwright's Python client driving Debian's Chromium."""

import os
import shutil
import unittest
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def browser_missing_reason():
    if sync_playwright is None:
        return "Playwright's Python client is not installed (pip install -r requirements-dev.txt)"
    if not shutil.which(CHROMIUM):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return ""


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server plus one headless Chromium page per test."""

    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        reason = browser_missing_reason()
        if reason:
            raise unittest.SkipTest(reason)
        # Playwright's sync API runs an event loop in this thread; the ORM
        # calls the tests make between browser steps are still synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        self.context = self.browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on(
            "console",
            lambda message: (
                message.type == "error" and self.console_errors.append(message.text)
            ),
        )

    def tearDown(self):
        self.context.close()

    def url(self, path):
        return f"{self.live_server_url}{path}"

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

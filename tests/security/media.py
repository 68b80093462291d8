"""A private media folder per test class, for tests that store uploads."""

import shutil
import tempfile

from django.test import override_settings


class TemporaryMediaMixin:
    """Store uploads in a folder of the test class's own, removed afterwards."""

    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp(prefix="newsroom-test-media-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        # Entered before setUpTestData, which may already store images.
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()

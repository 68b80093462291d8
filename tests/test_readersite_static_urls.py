"""Static URLs found once per process (readersite.static_urls) are static()'s,
and follow the settings tests override."""

import json
import tempfile

from django.templatetags.static import static
from django.test import SimpleTestCase, override_settings

from readersite.static_urls import static_url

MANIFEST_STORAGE = {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}


class StaticUrlTests(SimpleTestCase):
    def test_a_url_is_the_one_static_gives(self):
        for name in ("css/site.css", "logo.png", "a b?.svg"):
            with self.subTest(name=name):
                self.assertEqual(static_url(name), static(name))

    def test_a_url_follows_an_overridden_static_url(self):
        plain = static_url("css/site.css")
        with override_settings(STATIC_URL="https://cdn.example/assets/"):
            self.assertEqual(
                static_url("css/site.css"), "https://cdn.example/assets/css/site.css"
            )
        self.assertEqual(static_url("css/site.css"), plain)

    def test_a_url_follows_an_overridden_manifest_storage_and_debug(self):
        with tempfile.TemporaryDirectory() as root:
            with open(f"{root}/staticfiles.json", "w") as manifest:
                paths = {"css/site.css": "css/site.0123456789ab.css"}
                json.dump({"paths": paths, "version": "1.1", "hash": "x"}, manifest)
            storages = {"staticfiles": MANIFEST_STORAGE}
            with override_settings(STATIC_ROOT=root, STORAGES=storages):
                hashed = static_url("css/site.css")
                with override_settings(DEBUG=True):
                    debug = static_url("css/site.css")
                self.assertEqual(static_url("css/site.css"), hashed)
        self.assertEqual(hashed, static("css/site.0123456789ab.css"))
        self.assertEqual(debug, static("css/site.css"))

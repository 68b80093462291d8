"""A rejected or failed upload leaves no file behind, and a stored original is
never read by a browser as anything but an image."""

import io
import os
import struct
import zlib
from unittest import mock

from django.conf import settings
from django.test import override_settings
from PIL import Image

from articles.models import ArticleImage
from people.models import Reporter
from tests.security.test_uploads import (
    ArticleImageUploadTests,
    ReporterPhotoUploadTests,
    UploadTestCase,
    image_bytes,
    png_chunk,
    upload,
)


def media_files():
    return sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


def truncated_jpeg():
    out = io.BytesIO()
    Image.effect_noise((300, 200), 80).convert("RGB").save(out, format="JPEG")
    data = out.getvalue()
    return data[: len(data) // 2]


def png_with(extra_chunks, corrupt=False):
    """An 8×6 PNG, its image data corrupted if asked, with chunks added
    after the image data (where Pillow reads them only while decoding)."""
    header = struct.pack(">IIBBBBB", 8, 6, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xc8\x1e\x1e" * 8 for _ in range(6))
    data = zlib.compress(rows)
    if corrupt:
        data = data[:2] + bytes(b ^ 0x5A for b in data[2:-4]) + data[-4:]
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + b"".join(extra_chunks)
        + png_chunk(b"IEND", b"")
    )


def oversized_text_png():
    """A PNG whose compressed text chunk expands to 20 MB."""
    text = b"Comment\x00\x00" + zlib.compress(b"a" * 20_000_000, 9)
    return png_with([png_chunk(b"zTXt", text)])


BROKEN_IMAGES = {
    "truncated.jpg": (truncated_jpeg, "image/jpeg"),
    "corrupt.png": (lambda: png_with([], corrupt=True), "image/png"),
    "text-bomb.png": (oversized_text_png, "image/png"),
}


class BrokenArticleImageTests(UploadTestCase):
    """Each broken image gets a form error and leaves the media folder as it was."""

    post_image = ArticleImageUploadTests.post_image

    def test_broken_images_are_refused_with_nothing_stored(self):
        for name, (make, content_type) in BROKEN_IMAGES.items():
            with self.subTest(name):
                before = media_files()
                _, response = self.post_image(upload(name, make(), content_type))
                self.assertRejected(response, "图片")
                self.assertEqual(media_files(), before)
        self.assertFalse(ArticleImage.objects.exists())

    def test_a_failure_after_the_original_is_stored_removes_it(self):
        before = media_files()
        failing = mock.patch(
            "articles.models.make_renditions", side_effect=OSError("disk full")
        )
        with failing, self.assertRaises(OSError):
            self.post_image(upload("photo.jpg", image_bytes("JPEG")))
        self.assertEqual(media_files(), before)

    def test_a_good_image_is_still_stored_with_its_renditions(self):
        before = media_files()
        _, response = self.post_image(upload("photo.jpg", image_bytes("JPEG")))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(media_files()), len(before) + 4)


class BrokenReporterPhotoTests(UploadTestCase):
    post_photo = ReporterPhotoUploadTests.post_photo

    def test_broken_photos_are_refused_with_nothing_stored(self):
        for name, (make, content_type) in BROKEN_IMAGES.items():
            with self.subTest(name):
                before = media_files()
                reporter, response = self.post_photo(upload(name, make(), content_type))
                self.assertRejected(response, "图片")
                self.assertEqual(media_files(), before)
                self.assertEqual(Reporter.objects.get(pk=reporter.pk).photo.name, "")

    def test_a_failure_after_the_photo_is_stored_removes_it(self):
        reporter = Reporter.objects.create(name="王五")
        before = media_files()
        reporter.photo = upload("me.png", image_bytes("PNG"), "image/png")
        failing = mock.patch(
            "people.models.Person.save",
            autospec=True,
            side_effect=lambda self, *a, **k: (
                self.photo.save(self.photo.name, self.photo.file, save=False),
                (_ for _ in ()).throw(OSError("database gone")),
            ),
        )
        with failing, self.assertRaises(OSError):
            reporter.save()
        self.assertEqual(media_files(), before)


def html_in_gif():
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(
        out, format="GIF", comment=b"<html><script>alert(1)</script></html>"
    )
    return out.getvalue()


@override_settings(DEBUG=False)
class OriginalsAreNeverPagesTests(UploadTestCase):
    post_image = ArticleImageUploadTests.post_image

    def test_a_gif_carrying_html_is_served_as_an_image_to_save(self):
        article, response = self.post_image(upload("x.gif", html_in_gif(), "image/gif"))
        self.assertEqual(response.status_code, 302)
        image = article.images.get()
        served = self.client.get(image.image.url)
        self.assertEqual(served.status_code, 200)
        self.assertEqual(served["Content-Type"], "image/gif")
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")
        self.assertEqual(served["Content-Disposition"], "attachment")
        self.assertIn("sandbox", served["Content-Security-Policy"])

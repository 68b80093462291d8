"""Uploads through the admin: real raster images only, within limits, renamed."""

import io
import struct
import zlib
from pathlib import PurePath
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from PIL import BmpImagePlugin, Image, TiffImagePlugin

from articles.models import Article, ArticleImage
from people.models import Reporter
from tests.factories import make_article, make_reporter, make_user
from tests.security.media import TemporaryMediaMixin

# Pillow warns of a possible decompression bomb on opening these images, which
# are bombs on purpose: the tests prove that the upload refuses them.
EXPECTED_BOMB_WARNING = pytest.mark.filterwarnings(
    "ignore::PIL.Image.DecompressionBombWarning"
)

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML_AS_JPEG = b"<html><body><script>alert(1)</script><?php system($_GET['c']); ?>"


def image_bytes(image_format, size=(8, 6)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def noisy_png(size):
    """A PNG that does not compress well, so its byte size grows with size."""
    out = io.BytesIO()
    Image.effect_noise(size, 100).save(out, format="PNG")
    return out.getvalue()


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(width=10_000, height=10_000):
    """A 100-megapixel PNG header with almost no data: under 100 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00"))
        + png_chunk(b"IEND", b"")
    )


def gif_bomb(width=10_000, height=10_000):
    """A 1×1 GIF on a 10000×10000 logical screen."""
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0, 0, 0)
        + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def watching_decoder(image_file_class):
    """Patch a Pillow plugin's _open, still calling it, to see if it ran."""
    return mock.patch.object(
        image_file_class,
        "_open",
        autospec=True,
        side_effect=image_file_class._open,
    )


ACCEPTED_FORMATS = "只能上传 JPEG、PNG、GIF 或 WebP 格式的图片"


class UploadTestCase(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = make_user(username="chief", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def assertRejected(self, response, message):
        """The form comes back (200, nothing saved) with message shown."""
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")
        self.assertContains(response, message)


class ArticleImageUploadTests(UploadTestCase):
    """Images posted through the ArticleImage inline of the article form."""

    def post_image(self, file, **extra):
        article = make_article(status=Article.Status.DRAFT, published_at=None)
        data = {
            "kicker": "",
            "headline": article.headline,
            "subheadline": "",
            "slug": article.slug,
            "department": "",
            "source_label": "",
            "dateline_date": "",
            "body": article.body,
            "summary": article.summary,
            "status": Article.Status.DRAFT,
            "published_at_0": "",
            "published_at_1": "",
            "_save": "保存",
        }
        for prefix, count in (
            ("reporter_bylines", 0),
            ("correspondent_bylines", 0),
            ("images", 1),
        ):
            data.update(
                {
                    f"{prefix}-TOTAL_FORMS": str(count),
                    f"{prefix}-INITIAL_FORMS": "0",
                    f"{prefix}-MIN_NUM_FORMS": "0",
                    f"{prefix}-MAX_NUM_FORMS": "1000",
                }
            )
        data.update(
            {
                "images-0-image": file,
                "images-0-caption": "说明",
                "images-0-credit": "",
                "images-0-position": "0",
                "images-0-article": str(article.pk),
            }
        )
        data.update(extra)
        url = f"/admin/articles/article/{article.pk}/change/"
        return article, self.client.post(url, data)

    def test_a_jpeg_is_stored_under_a_server_generated_name(self):
        article, response = self.post_image(upload("家乡.jpg", image_bytes("JPEG")))
        self.assertEqual(response.status_code, 302)
        stored = ArticleImage.objects.get(article=article)
        name = PurePath(stored.image.name)
        self.assertNotIn("家乡", stored.image.name)
        self.assertEqual(name.suffix, ".jpg")
        self.assertRegex(name.stem, r"^[0-9a-f]{32}$")

    def test_png_gif_and_webp_are_accepted(self):
        for image_format, suffix in (("PNG", "png"), ("GIF", "gif"), ("WEBP", "webp")):
            with self.subTest(image_format):
                article, response = self.post_image(
                    upload(f"a.{suffix}", image_bytes(image_format))
                )
                self.assertEqual(response.status_code, 302)
                self.assertTrue(ArticleImage.objects.filter(article=article).exists())

    def test_svg_is_rejected(self):
        article, response = self.post_image(upload("logo.svg", SVG, "image/svg+xml"))
        self.assertRejected(response, "图片")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    def test_svg_renamed_to_png_is_rejected(self):
        article, response = self.post_image(upload("logo.png", SVG, "image/png"))
        self.assertRejected(response, "图片")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    def test_html_and_php_renamed_to_jpg_are_rejected(self):
        article, response = self.post_image(upload("evil.jpg", HTML_AS_JPEG))
        self.assertRejected(response, "图片")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    def test_a_bmp_is_rejected_though_pillow_can_read_it(self):
        article, response = self.post_image(
            upload("scan.bmp", image_bytes("BMP"), "image/bmp")
        )
        self.assertRejected(response, ACCEPTED_FORMATS)
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    def test_a_bmp_is_never_handed_to_pillows_bmp_decoder(self):
        with watching_decoder(BmpImagePlugin.BmpImageFile) as bmp_open:
            article, response = self.post_image(
                upload("scan.bmp", image_bytes("BMP"), "image/bmp")
            )
        self.assertRejected(response, ACCEPTED_FORMATS)
        bmp_open.assert_not_called()

    @EXPECTED_BOMB_WARNING
    def test_a_100_megapixel_png_bomb_is_rejected_with_its_size(self):
        bomb = png_bomb()
        self.assertLess(len(bomb), 200)
        article, response = self.post_image(upload("bomb.png", bomb, "image/png"))
        self.assertRejected(response, "10000×10000")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    def test_a_bomb_too_big_for_pillow_to_open_is_rejected_with_the_limit(self):
        bomb = png_bomb(20_000, 20_000)  # 400 megapixels: Pillow raises
        article, response = self.post_image(upload("bomb.png", bomb, "image/png"))
        self.assertRejected(response, "图片尺寸过大，上限为 4000 万像素")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    @EXPECTED_BOMB_WARNING
    def test_a_tiny_gif_on_a_huge_logical_screen_is_rejected(self):
        article, response = self.post_image(upload("bomb.gif", gif_bomb(), "image/gif"))
        self.assertRejected(response, "10000×10000")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())

    @override_settings(IMAGE_MAX_BYTES=1024)
    def test_a_file_over_the_size_limit_is_rejected_with_the_limit(self):
        big = noisy_png((300, 300))
        self.assertGreater(len(big), 1024)
        article, response = self.post_image(upload("big.png", big, "image/png"))
        self.assertRejected(response, "图片文件过大")
        self.assertFalse(ArticleImage.objects.filter(article=article).exists())


class ReporterPhotoUploadTests(UploadTestCase):
    """The photo field of the reporter form."""

    def post_photo(self, file):
        reporter = make_reporter()
        data = {
            "name": reporter.name,
            "slug": reporter.slug,
            "rank": reporter.rank,
            "department": "",
            "photo": file,
            "bio": "",
            "email": "",
            "phone": "",
            "is_active": "on",
            "user": "",
            "_save": "保存",
        }
        url = f"/admin/people/reporter/{reporter.pk}/change/"
        return reporter, self.client.post(url, data)

    def test_a_photo_is_stored_under_a_server_generated_name(self):
        reporter, response = self.post_photo(
            upload("张三 证件照.png", image_bytes("PNG"))
        )
        self.assertEqual(response.status_code, 302)
        reporter.refresh_from_db()
        name = PurePath(reporter.photo.name)
        self.assertNotIn("证件照", reporter.photo.name)
        self.assertRegex(name.stem, r"^[0-9a-f]{32}$")

    def test_svg_photo_is_rejected(self):
        reporter, response = self.post_photo(upload("me.svg", SVG, "image/svg+xml"))
        self.assertRejected(response, "图片")
        self.assertEqual(Reporter.objects.get(pk=reporter.pk).photo.name, "")

    def test_html_renamed_to_jpg_is_rejected(self):
        reporter, response = self.post_photo(upload("evil.jpg", HTML_AS_JPEG))
        self.assertRejected(response, "图片")
        self.assertEqual(Reporter.objects.get(pk=reporter.pk).photo.name, "")

    def test_a_tiff_photo_is_refused_without_the_tiff_decoder(self):
        with watching_decoder(TiffImagePlugin.TiffImageFile) as tiff_open:
            reporter, response = self.post_photo(
                upload("me.tif", image_bytes("TIFF"), "image/tiff")
            )
        self.assertRejected(response, ACCEPTED_FORMATS)
        tiff_open.assert_not_called()
        self.assertEqual(Reporter.objects.get(pk=reporter.pk).photo.name, "")

    @EXPECTED_BOMB_WARNING
    def test_a_pixel_bomb_photo_is_rejected(self):
        reporter, response = self.post_photo(
            upload("bomb.png", png_bomb(), "image/png")
        )
        self.assertRejected(response, "10000×10000")
        self.assertEqual(Reporter.objects.get(pk=reporter.pk).photo.name, "")


class ImageFormFieldTests(SimpleTestCase):
    """The form field the image and photo fields give their forms."""

    def test_an_accepted_image_is_annotated_as_by_django(self):
        for model, name in ((ArticleImage, "image"), (Reporter, "photo")):
            with self.subTest(name):
                field = model._meta.get_field(name).formfield()
                cleaned = field.clean(upload("a.png", image_bytes("PNG")))
                self.assertEqual(cleaned.image.format, "PNG")
                self.assertEqual(cleaned.content_type, "image/png")
                self.assertEqual(cleaned.tell(), 0)

    def test_a_tiff_is_refused_before_any_decoder_outside_the_list_opens_it(self):
        field = ArticleImage._meta.get_field("image").formfield()
        with watching_decoder(TiffImagePlugin.TiffImageFile) as tiff_open:
            with self.assertRaisesMessage(ValidationError, ACCEPTED_FORMATS):
                field.clean(upload("scan.tif", image_bytes("TIFF"), "image/tiff"))
        tiff_open.assert_not_called()

    def test_the_file_picker_offers_only_the_accepted_formats(self):
        field = ArticleImage._meta.get_field("image").formfield()
        html = field.widget.render("image", None)
        self.assertIn('accept="image/jpeg,image/png,image/gif,image/webp"', html)

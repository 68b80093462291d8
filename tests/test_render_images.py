"""manage.py render_images: renditions made again from the stored originals."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from PIL import Image

from articles.models import ArticleImage
from tests.factories import make_article
from tests.security.media import TemporaryMediaMixin
from tests.test_articles_images import jpeg_with_orientation


def stored_image(content, name="photo.jpg"):
    return ArticleImage.objects.create(
        article=make_article(), image=SimpleUploadedFile(name, content)
    )


def rendition_size(image):
    with image.list_rendition.open("rb") as file:
        return Image.open(io.BytesIO(file.read())).size


class RenderImagesTests(TemporaryMediaMixin, TestCase):
    def run_command(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("render_images", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def make_sideways(self, image):
        """Give image the sideways rendition made before EXIF was read."""
        sideways = Image.new("RGB", (40, 20))
        out = io.BytesIO()
        sideways.save(out, "JPEG")
        image.list_rendition.save("old.jpg", io.BytesIO(out.getvalue()), save=False)
        ArticleImage.objects.filter(pk=image.pk).update(
            list_rendition=image.list_rendition.name
        )
        return Path(settings.MEDIA_ROOT, image.list_rendition.name)

    def test_all_makes_every_rendition_again_and_removes_the_old_files(self):
        image = stored_image(jpeg_with_orientation(6).getvalue())
        old_file = self.make_sideways(image)

        out, _ = self.run_command("--all")

        image.refresh_from_db()
        self.assertEqual(rendition_size(image), (20, 40))  # upright
        self.assertFalse(old_file.exists())
        self.assertIn("已重新生成 1 张", out)

    def test_by_default_only_images_never_rendered_are_rendered(self):
        done = stored_image(jpeg_with_orientation(1).getvalue())
        missing = stored_image(jpeg_with_orientation(1).getvalue())
        ArticleImage.objects.filter(pk=missing.pk).update(
            rendered_from="", list_rendition=""
        )
        before = done.list_rendition.name

        self.run_command()

        done.refresh_from_db()
        missing.refresh_from_db()
        self.assertEqual(done.list_rendition.name, before)
        self.assertEqual(missing.rendered_from, missing.image.name)
        self.assertTrue(missing.list_rendition)

    def test_a_missing_original_is_reported_and_the_others_are_rendered(self):
        lost = stored_image(jpeg_with_orientation(1).getvalue())
        kept = stored_image(jpeg_with_orientation(6).getvalue())
        Path(settings.MEDIA_ROOT, lost.image.name).unlink()
        self.make_sideways(kept)

        with self.assertRaisesMessage(CommandError, "1 张图片的原图无法读取"):
            self.run_command("--all")

        kept.refresh_from_db()
        self.assertEqual(rendition_size(kept), (20, 40))

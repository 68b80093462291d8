"""Renditions made from uploaded images."""

import io

from django.test import SimpleTestCase
from PIL import ExifTags, Image

from articles.images import make_renditions

ORIENTATION = ExifTags.Base.Orientation
RED = (220, 0, 0)
BLUE = (0, 0, 220)


def jpeg_with_orientation(orientation):
    """A 40×20 JPEG, red on its left half and blue on its right, with EXIF
    telling viewers how to turn it."""
    picture = Image.new("RGB", (40, 20), BLUE)
    picture.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=95)
    out.seek(0)
    return out


def rendition_of(source):
    rendition = make_renditions(source, {"list": (480, 320)})["list"]
    image = Image.open(io.BytesIO(rendition.read()))
    image.load()
    return image


def is_near(colour, expected):
    return all(abs(a - b) < 40 for a, b in zip(colour, expected, strict=True))


class MakeRenditionsTests(SimpleTestCase):
    def test_a_phone_photo_turned_by_exif_comes_out_upright(self):
        # Orientation 6: turn 90° clockwise, so the left (red) half goes on top.
        image = rendition_of(jpeg_with_orientation(6))
        self.assertEqual(image.size, (20, 40))
        self.assertIs(is_near(image.getpixel((10, 5)), RED), True)
        self.assertIs(is_near(image.getpixel((10, 35)), BLUE), True)

    def test_the_rendition_carries_no_orientation_to_turn_it_again(self):
        image = rendition_of(jpeg_with_orientation(6))
        self.assertNotIn(ORIENTATION, image.getexif())

    def test_a_photo_without_turning_keeps_its_shape(self):
        image = rendition_of(jpeg_with_orientation(1))
        self.assertEqual(image.size, (40, 20))
        self.assertIs(is_near(image.getpixel((5, 10)), RED), True)

"""Image upload checks and renditions, done with Pillow once, not per request."""

import contextlib
import io
import re
import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
UNSUPPORTED_IMAGE = (
    "只能上传 JPEG、PNG、GIF 或 WebP 格式的图片；该文件不是可识别的图片。"
)

# name -> (max width, max height); renditions keep the aspect ratio.
RENDITIONS = {
    "list": (480, 320),
    "detail": (1200, 1200),
    "social": (1200, 630),
}


def validate_image(file):
    """Reject anything but a JPEG, PNG, GIF or WebP within the size limits.

    A file already in storage passed this check when it was uploaded; reading
    it back (a download, on S3) every time its form is saved would be waste.
    """
    if getattr(file, "_committed", False):
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "图片文件过大（%(size).1f MB），上限为 %(limit).0f MB。",
            code="image_too_large",
            params={"size": size / 1e6, "limit": settings.IMAGE_MAX_BYTES / 1e6},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            # The size as stored: turning a photo by its EXIF Orientation swaps
            # width and height, never the area limited here.
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    "图片尺寸过大（%(w)d×%(h)d 像素），上限为 %(limit)d 万像素。",
                    code="image_too_many_pixels",
                    params={
                        "w": width,
                        "h": height,
                        "limit": settings.IMAGE_MAX_PIXELS // 10_000,
                    },
                )
            image.verify()
        # verify() reads the structure, not the pixels: a truncated JPEG or
        # a PNG with corrupt data passes it and fails only when renditions
        # are made, after the file is stored. Decoding it all here refuses it
        # with a message instead.
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            image.load()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            UNSUPPORTED_IMAGE,
            # Not "invalid_image": forms.ImageField would replace this message,
            # which names the accepted formats, with its generic one.
            code="unsupported_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)


class UploadImageFormField(forms.ImageField):
    """An image upload that only the decoders of ALLOWED_FORMATS ever read.

    forms.ImageField tries every format Pillow knows, and some of those
    decoders have had vulnerabilities; a file in any of them is refused
    anyway, so it is refused before a decoder outside the list sees it.
    """

    default_error_messages = {"invalid_image": UNSUPPORTED_IMAGE}

    def widget_attrs(self, widget):
        # The file picker offers the accepted formats, not every image type.
        attrs = super().widget_attrs(widget)
        if attrs.get("accept") == "image/*":
            attrs["accept"] = ",".join(
                f"image/{name.lower()}" for name in ALLOWED_FORMATS
            )
        return attrs

    def to_python(self, data):
        # forms.ImageField.to_python, with Image.open limited to ALLOWED_FORMATS.
        f = forms.FileField.to_python(self, data)
        if f is None:
            return None
        if hasattr(data, "temporary_file_path"):
            file = data.temporary_file_path()
        elif hasattr(data, "read"):
            file = io.BytesIO(data.read())
        else:
            file = io.BytesIO(data["content"])
        try:
            image = Image.open(file, formats=ALLOWED_FORMATS)
            image.verify()
            f.image = image
            f.content_type = Image.MIME.get(image.format)
        except Image.DecompressionBombError:
            # Pillow refuses to open twice its own pixel limit; under that,
            # validate_image() names the size.
            raise ValidationError(
                "图片尺寸过大，上限为 %(limit)d 万像素。",
                code="image_too_many_pixels",
                params={"limit": settings.IMAGE_MAX_PIXELS // 10_000},
            ) from None
        except Exception as exc:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc
        if hasattr(f, "seek") and callable(f.seek):
            f.seek(0)
        return f


class UploadImageField(models.ImageField):
    """An ImageField whose forms take uploads through UploadImageFormField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadImageFormField, **kwargs})

    def deconstruct(self):
        # Only the form field differs from a plain ImageField, and migrations
        # never build forms: recorded as one, the switch needs no migration
        # (on SQLite, a table rebuild) for a column that does not change.
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


def server_name(folder, filename):
    """Return a server-chosen name in folder; only a known image extension is kept."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png", ".gif", ".webp"):
        suffix = ".img"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def generated_name(instance, filename):
    """Store article images under a server-chosen name."""
    return server_name("articles/images", filename)


def generated_photo_name(instance, filename):
    """Store reporters' photos under a server-chosen name."""
    return server_name("people/photos", filename)


def make_renditions(source, boxes):
    """Return {name: ContentFile} of WebP copies of source, each fitting its box.

    source is decoded once, whatever the number of renditions. A photo whose
    EXIF Orientation tells viewers to turn it is turned here, as browsers show
    it; the WebP copies carry no EXIF, so nothing turns them a second time.
    """
    source.seek(0)
    with Image.open(source, formats=ALLOWED_FORMATS) as image:
        image.seek(0)
        ImageOps.exif_transpose(image, in_place=True)
        picture = image.convert("RGB")
    renditions = {}
    for name, box in boxes.items():
        copy = picture.copy()
        copy.thumbnail(box, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        copy.save(out, format="WEBP", quality=82, method=4)
        width, height = copy.size
        renditions[name] = ContentFile(
            out.getvalue(), name=f"{uuid.uuid4().hex}-{width}x{height}.webp"
        )
    return renditions


@contextlib.contextmanager
def files_removed_on_failure(instance, *field_names):
    """Delete the files a save of instance stored, if the save then fails.

    An upload is written to storage before its row; whatever fails after
    that (renditions, the row itself) would otherwise leave a file no row
    names, and a staff member could fill the disk with them.
    """
    before = {name: getattr(instance, name).name for name in field_names}
    try:
        yield
    except BaseException:
        for name in field_names:
            stored = getattr(instance, name)
            if stored and stored.name != before[name] and stored._committed:
                stored.storage.delete(stored.name)
        raise


RENDITION_SIZE = re.compile(r"-(\d+)x(\d+)\.webp$")


def image_size(field_file):
    """Return (width, height) of a stored image, for the page's <img> tags.

    A rendition's name carries its size, so pages need no file I/O (a
    download, on a bucket); other files (renditions made before names carried
    it, originals) are measured by reading their header.
    """
    if not field_file:
        return None
    if match := RENDITION_SIZE.search(field_file.name):
        return int(match[1]), int(match[2])
    try:
        return field_file.width, field_file.height
    except (OSError, ValueError):
        return None

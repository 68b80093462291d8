"""Uploaded images served by the app itself, as the README's production recipe runs.

With media in a folder (the default), gunicorn serves /media/ through this
view: only the image types uploads may have, with the type fixed by the file's
extension (never sniffed), and cached for a year, since stored names are
generated and never reused. gunicorn hands the file to the kernel
(sendfile); a busy site may still put a web server or a CDN in front of
/media/, or keep media in a bucket (DJANGO_MEDIA_S3_BUCKET), which this
view then never sees.
"""

import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
ONE_YEAR = 365 * 24 * 3600
# An image needs nothing from the page around it, and is never a page itself.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; sandbox"


def serves_media():
    """Whether media lives in the local folder this process can serve."""
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


@require_safe
def serve(request, path):
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404("Not an image.")
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404("No such file.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response["Last-Modified"] = http_date(os.fstat(handle.fileno()).st_mtime)
    response["Content-Security-Policy"] = MEDIA_POLICY
    # Whatever bytes an upload carried besides the picture (HTML in a GIF's
    # comment), no browser may read the file as anything but its type, and a
    # file opened on its own is saved, not displayed: <img> ignores this.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "attachment"
    return response

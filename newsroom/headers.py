"""Response headers every page gets: Permissions-Policy, and compressed text."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

# Types worth compressing; images and fonts are compressed already.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class PermissionsPolicyMiddleware:
    """Tell browsers the site uses no camera, microphone, location and the like,
    so that nothing embedded in a page can ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class CompressTextMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH length padding) for pages, feeds and
    sitemaps, when the client accepts it; media is left as it is."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)

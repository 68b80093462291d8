"""System checks for the project's own production settings (check --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@register(Tags.staticfiles, deploy=True)
def static_files_are_hashed(app_configs, **kwargs):
    """Unhashed static files cannot be cached for long, and a deploy that
    changes the style sheet may serve the old one from a browser's cache."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if settings.DEBUG or backend == MANIFEST_STORAGE:
        return []
    return [
        Warning(
            "Static files are served without hashed, compressed names.",
            hint="Set DJANGO_MANIFEST_STATIC=1 and run manage.py collectstatic.",
            id="newsroom.W001",
        )
    ]

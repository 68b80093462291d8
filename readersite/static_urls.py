"""The URLs of static files, found once per process.

static() asks the storage on every call; the manifest storage looks the name
up and joins it to STATIC_URL, tens of microseconds each time, half a dozen
times a page. Within a process the answer cannot change: the storage reads
its manifest and base URL once, when it is created. Django creates a new one
when a test overrides the settings it depends on (django.test.signals); the
URLs found are forgotten then too.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static

# The settings Django recreates the storage for, and DEBUG (the manifest
# storage gives unhashed names in debug) and INSTALLED_APPS (without
# staticfiles, static() joins STATIC_URL itself).
STATIC_SETTINGS = frozenset(
    {"STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG", "INSTALLED_APPS"}
)


@functools.lru_cache(maxsize=64)
def static_url(path):
    """Return static(path), found once per process."""
    return static(path)


@receiver(setting_changed)
def forget_static_urls(*, setting, **kwargs):
    if setting in STATIC_SETTINGS:
        static_url.cache_clear()

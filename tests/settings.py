"""Settings for the test suite: production settings with test-only secrets."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-deployment-0123456789"
)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from newsroom.settings import *  # noqa: E402,F403

# Hashing passwords at full strength only slows the suite down.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
if "versions" in CACHES:  # noqa: F405
    CACHES["versions"]["LOCATION"] = BASE_DIR / ".test-cache"  # noqa: F405
    CACHES["page-tags"]["LOCATION"] = BASE_DIR / ".test-cache-tags"  # noqa: F405

# Cached pages would outlive each test's rolled-back data; the page-cache tests
# turn it on for themselves.
PAGE_CACHE_SECONDS = 0
# Cached fragments are keyed by a content version that only changes on
# commit, which TestCase never does; fragment tests turn them on.
FRAGMENT_CACHE_SECONDS = 0

# django-axes refuses Client.login() (it has no request); the throttling tests
# turn it on and sign in through the real form.
AXES_ENABLED = False

# Serve static files from the source folders: the suite never runs collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

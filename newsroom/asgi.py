"""ASGI entry point for Newsroom."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import SECRET_KEY_MISSING

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_asgi_application()

# Sessions and CSRF tokens are signed with the key: no server without it.
# (settings leave it empty only outside debugging, without the variable.)
if not settings.DEBUG and not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured(SECRET_KEY_MISSING)

"""Django settings for Newsroom, read from the environment (see README)."""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from newsroom.env import (
    database_from_url,
    env_bool,
    env_list,
    media_image_sources,
    media_storage,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Without a key outside debugging the app server refuses to start (wsgi.py,
# asgi.py); commands that sign nothing, such as imports, still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (
    "django-insecure-development-only-key-never-use-in-production" if DEBUG else ""
)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin on a hardened site (newsroom.admin_site).
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    # django-axes, with its admin section titled in Chinese.
    "editorial.admin_language.AxesConfig",
    "newsroom",
    "people",
    "articles",
    "simple_history",
    "editorial",
    "edition",
    "contributions",
    "readersite",
]

MIDDLEWARE = [
    # First: load balancers probe by address over plain HTTP (newsroom.health).
    "newsroom.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.headers.PermissionsPolicyMiddleware",
    # Above the page cache and conditional GET: cached pages are kept plain
    # and compressed per request, for the clients that accept gzip.
    "newsroom.headers.CompressTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Revisions made by a save() during a request record who made them.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.SitePolicyCSPMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), BASE_DIR)}
# Optional read replica: public reads go there (newsroom.routers); tests use
# the primary's database for it.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL, BASE_DIR)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("newsroom.middleware.AnonymousPageCacheMiddleware"),
        "newsroom.middleware.ReplicaRoutingMiddleware",
    )
    # Pages rendered this long after a change may come from a replica that
    # lacks it, so the page cache keeps them no longer than that.
    PAGE_CACHE_REPLICA_LAG_SECONDS = int(
        os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese for the admin strings Django and django-axes leave in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Media (uploaded images and their renditions), shared by every app server:
# the folder DJANGO_MEDIA_ROOT by default, or an S3-compatible bucket (Amazon
# S3, MinIO, Ceph, R2) when DJANGO_MEDIA_S3_BUCKET is set (newsroom.env).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_IMAGE_SOURCES = media_image_sources(STORAGES["default"])

# Cache: Redis, shared by every app server, when REDIS_URL is set. Otherwise
# each process keeps pages in its own memory, and the content version that
# makes them stale (newsroom.pagecache) in a folder that every process of this
# machine reads: workers and command-line imports see each other's changes.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("NEWSROOM_CACHE_DIR", BASE_DIR / ".cache"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A hung Redis must not hang page views: after a second the
            # cache counts as down, and pages are rendered without it
            # until it is tried again (newsroom.cache).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    VERSION_CACHE_ALIAS = TAG_CACHE_ALIAS = "default"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages (9-26 KB) and list items (about 1 KB): the default 300
            # entries were culled under a working newsroom's read mix.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "versions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "versions",
        },
        # A generation per article shown on a cached page: apart from the
        # versions, so that culling them never drops a version.
        "page-tags": {
            "BACKEND": "newsroom.cache.SeldomCulledFileCache",
            "LOCATION": CACHE_DIR / "page-tags",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    VERSION_CACHE_ALIAS = "versions"
    TAG_CACHE_ALIAS = "page-tags"
# Rendered pages for anonymous readers (newsroom.pagecache); 0 turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", 300))
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/readyz", "/static/", "/media/")
# Rendered list items, menu and filter form per content version
# (readersite.fragments), in the page cache's store; 0 turns them off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_FRAGMENT_CACHE_SECONDS", 3600))

# Site identity used in templates, feeds and structured data.
SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "航空港新闻")
SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Uploaded images: limits enforced by articles.images.validate_image.
IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Security: Django's defaults kept, tightened outside debug.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SILENCED_SYSTEM_CHECKS = []
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if not SECURE_SSL_REDIRECT:
        # Turned off on purpose (=0): the TLS proxy in front redirects.
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a hard-to-undo, per-domain decision for the operator
        # (DJANGO_SECURE_HSTS_PRELOAD=1), so its absence is not a warning.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Revisions of articles (django-simple-history, see editorial/revisions.py):
# listed per article, never by date, so the date needs no index of its own.
SIMPLE_HISTORY_DATE_INDEX = False

# 三审 (editorial/reviews.py): the review steps publishing needs — none,
# first (初审 only) or all (初审, 复审, 终审) — and whether the article page
# names its 责任编辑.
REVIEW_STEPS = os.environ.get("NEWSROOM_REVIEW_STEPS", "none").strip().lower()
if REVIEW_STEPS not in ("none", "first", "all"):
    raise ImproperlyConfigured(
        f"NEWSROOM_REVIEW_STEPS must be none, first or all, not {REVIEW_STEPS!r}"
    )
SHOW_RESPONSIBLE_EDITOR = env_bool("NEWSROOM_SHOW_RESPONSIBLE_EDITOR", default=True)

# Content-Security-Policy (django-csp): scripts only from this site, never
# inline. JSON-LD blocks are data, not scripts, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Public pages use only the site's style sheets.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_IMAGE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The Django admin sets a few inline style attributes: its pages alone may
# (newsroom.middleware.SitePolicyCSPMiddleware).
ADMIN_CONTENT_SECURITY_POLICY_REPLACE = {"style-src": ["'self'", "'unsafe-inline'"]}

# Permissions-Policy: browser features no page of the site uses, refused to
# every page and anything embedded in it (newsroom.headers).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures the
# pair of username and address is locked for a while; the same user signing
# in from another address is not locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
# Behind N reverse proxies the client's address is the Nth from the right in
# X-Forwarded-For; without proxies it is REMOTE_ADDR, which clients cannot forge.
# (django-axes only consults ipware if django-ipware is installed, so the
# rule is applied by newsroom.network.client_ip.)
TRUSTED_PROXY_COUNT = int(os.environ.get("NEWSROOM_TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "newsroom.network.client_ip"
# Staff sign in only to the admin (Django's default is /accounts/profile/,
# a 404 here): where a sign-in with no usable "next" lands.
LOGIN_REDIRECT_URL = "/admin/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "newsroom.logfilters.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Start-up chatter at INFO; lock-outs are logged as warnings.
        "axes": {"level": "WARNING"},
        # A request for a host the site does not serve is the client's
        # mistake or a scan: one line each, not a traceback.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}

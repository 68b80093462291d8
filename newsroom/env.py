"""Small standard-library helpers that read settings from the environment."""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


SECRET_KEY_MISSING = (
    "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
    "or set DJANGO_DEBUG=1 for local development."
)


def env_bool(name, default=False, environ=os.environ):
    """Return the boolean value of an environment variable such as "1" or "off"."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_list(name, default=(), environ=os.environ):
    """Return a comma-separated environment variable as a list of stripped items."""
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url, base_dir):
    """Return a Django DATABASES entry for a sqlite:/// or postgres:// URL.

    An empty URL means the embedded SQLite database in the project folder.
    """
    if not url:
        return sqlite_database(base_dir / "db.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db -> "relative.db"; sqlite:////abs/path.db -> "/abs/path.db"
        name = unquote(parts.path)[1:]
        return sqlite_database(name or base_dir / "db.sqlite3")
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ValueError(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported "
        "(use postgres://user:password@host:port/name or sqlite:///path)"
    )


def sqlite_database(name):
    """SQLite tuned so the site keeps serving while an import writes."""
    return {
        # Django's backend, converting each statement's placeholders once.
        "ENGINE": "newsroom.sqlite3",
        "NAME": name,
        # Keep the connection between requests as on PostgreSQL: opening it and
        # running the PRAGMAs below cost a noticeable share of a cheap page.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # Take the write lock at BEGIN so concurrent writers wait on the busy
            # timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
        },
    }


FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"
# Signed media URLs end up in cached HTML (fragments for an hour by default,
# pages, CDNs), so they must stay valid well beyond that.
SIGNED_MEDIA_URL_SECONDS = 24 * 3600


def media_storage(environ=os.environ):
    """Return the STORAGES["default"] entry for uploaded media.

    The filesystem (MEDIA_ROOT) unless DJANGO_MEDIA_S3_BUCKET names a bucket
    in an S3-compatible store, served through django-storages.
    """
    bucket = environ.get("DJANGO_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM_STORAGE}
    return {"BACKEND": S3_STORAGE, "OPTIONS": s3_media_options(bucket, environ)}


def s3_media_options(bucket, environ):
    """Return S3Storage options for bucket from DJANGO_MEDIA_S3_* variables.

    Credentials are left to boto3 (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
    a profile or an instance role) so that they never sit in settings.
    """
    endpoint_url = environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL", "").strip() or None
    region = environ.get("DJANGO_MEDIA_S3_REGION", "").strip() or None
    if not endpoint_url and not region:
        raise ValueError(
            "DJANGO_MEDIA_S3_REGION is required for Amazon S3 "
            "(or set DJANGO_MEDIA_S3_ENDPOINT_URL for MinIO, Ceph, R2 …)"
        )
    protocol, custom_domain = public_media_url(environ)
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": region,
        "location": environ.get("DJANGO_MEDIA_S3_PREFIX", "").strip().strip("/"),
        # Other stores and bucket names with dots (which break the TLS
        # certificate of a virtual host) are addressed as endpoint/bucket/key.
        "addressing_style": "path" if endpoint_url or "." in bucket else "virtual",
        "signature_version": "s3v4",
        "url_protocol": protocol,
        "custom_domain": custom_domain,
        # A public URL needs no signature; without one, URLs are signed so
        # that a private bucket works, unless DJANGO_MEDIA_S3_SIGNED_URLS=0.
        "querystring_auth": not custom_domain
        and env_bool("DJANGO_MEDIA_S3_SIGNED_URLS", default=True, environ=environ),
        "querystring_expire": SIGNED_MEDIA_URL_SECONDS,
        # Access is the bucket policy's business, not a per-object ACL.
        "default_acl": None,
        "file_overwrite": False,
        # Names are server-chosen and never rewritten, so a file never changes.
        "object_parameters": {"CacheControl": "max-age=31536000, immutable"},
    }


def public_media_url(environ):
    """Return (protocol, host and path) of DJANGO_MEDIA_S3_PUBLIC_URL, or a default."""
    raw = environ.get("DJANGO_MEDIA_S3_PUBLIC_URL", "").strip()
    if not raw:
        return "https:", None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ValueError(
            f"DJANGO_MEDIA_S3_PUBLIC_URL={raw!r} is not a URL such as "
            "https://media.example.com or https://cdn.example.com/media"
        )
    return f"{parts.scheme}:", parts.netloc + parts.path.rstrip("/")


def media_image_sources(storage):
    """Return the Content-Security-Policy sources that media URLs start with.

    Empty for the filesystem, whose URLs are on this site ('self').
    """
    if storage["BACKEND"] != S3_STORAGE:
        return []
    options = storage["OPTIONS"]
    bucket = options["bucket_name"]
    if options["custom_domain"]:
        return [f"{options['url_protocol']}//{options['custom_domain']}/"]
    if options["endpoint_url"]:
        return [f"{options['endpoint_url'].rstrip('/')}/{bucket}/"]
    region = options["region_name"]
    host = "s3.amazonaws.com" if region == "us-east-1" else f"s3.{region}.amazonaws.com"
    if options["addressing_style"] == "path":
        return [f"https://{host}/{bucket}/"]
    return [f"https://{bucket}.{host}/"]

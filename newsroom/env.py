"""Small standard-library helpers that read settings from the environment."""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


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
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
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

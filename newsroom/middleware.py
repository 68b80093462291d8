"""Site-wide middleware: the anonymous page cache and the database-down page."""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import cc_delim_re

from newsroom import pagecache
from newsroom.routers import primary_only

logger = logging.getLogger(__name__)

CACHEABLE_METHODS = ("GET", "HEAD")
# Headers a cached page may vary on: the key holds the language, and requests
# with a session cookie are never served from the cache.
KEYED_VARY_HEADERS = {"accept-language", "cookie"}


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        try:
            version, key, response = pagecache.lookup(request)
            deadline = None
            if response is None:
                deadline = pagecache.cache_deadline(version)
        except DisallowedHost:
            raise
        except Exception:
            # Cache or database trouble: render as if the cache were off, and
            # let the view report a database outage its own way.
            logger.exception("Page cache lookup failed: rendering without it")
            return self.get_response(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            self.store(key, version, response, pagecache.timeout_until(deadline))
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def store(key, version, response, timeout):
        if timeout <= 0:
            return
        try:
            pagecache.store(key, version, response, timeout)
        except Exception:
            logger.exception("Page cache unreachable: page not stored")

    @staticmethod
    def is_cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in CACHEABLE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        vary = {h.lower() for h in cc_delim_re.split(response.get("Vary", "")) if h}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
            and vary <= KEYED_VARY_HEADERS
        )


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not a traceback, while the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if not is_connection_failure(exception):
            return None
        logger.error("Database unavailable: %s", exception)
        body = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


def is_connection_failure(exception: DatabaseError):
    """Tell a lost or refused connection from an error in a query."""
    if isinstance(exception, InterfaceError):
        return True
    message = str(exception).lower()
    return any(
        words in message
        for words in (
            "could not connect",
            "connection refused",
            "server closed the connection",
            "terminating connection",
            "connection to server",
            "the database system is",
            "unable to open database",
            "database is locked",
            "disk i/o error",
            "connection already closed",
        )
    )


class ReplicaRoutingMiddleware:
    """Keep signed-in users and writes on the primary database (see routers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in CACHEABLE_METHODS and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return self.get_response(request)
        with primary_only():
            return self.get_response(request)

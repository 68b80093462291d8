"""Site-wide middleware: page cache, database-down page, CSP header, replicas."""

import functools
import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
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
            pagecache.log_failure(
                logger, "Page cache lookup failed: rendering without it"
            )
            return self.get_response(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            timeout = pagecache.timeout_until(deadline)
            tags = getattr(request, "page_cache_tags", None)
            recheck = getattr(request, "page_cache_recheck", None)
            self.store(key, (version, tags, recheck), response, timeout)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def store(key, versions, response, timeout):
        if timeout <= 0:
            return
        version, tags, recheck = versions
        try:
            if tags is None:
                pagecache.store(key, version, response, timeout)
            else:
                pagecache.store_tagged(key, version, tags, response, timeout, recheck)
        except Exception:
            pagecache.log_failure(logger, "Page cache unreachable: page not stored")

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
        # libpq's messages run over several lines: one line per event.
        logger.error("Database unavailable: %s", " ".join(str(exception).split()))
        body = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        # Logged above, once: django.request would add a second line.
        response._has_been_logged = True
        return response


# SQLSTATE classes of a server that cannot serve: connection exception,
# insufficient resources (too many clients), operator intervention (shutdown,
# starting up), system error.
UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "53", "57P", "58")
# SQLite's errors carry no code: what its messages say when the file cannot
# be used.
UNAVAILABLE_SQLITE_MESSAGES = (
    "unable to open database",
    "database is locked",
    "disk i/o error",
)


def is_connection_failure(exception: DatabaseError):
    """Tell a lost or refused connection from an error in a query."""
    if isinstance(exception, InterfaceError):
        return True
    cause = exception.__cause__
    if hasattr(cause, "pgcode"):
        # psycopg2: libpq's own errors (host unknown, refused, timed out,
        # connection lost, refused at start-up) carry no SQLSTATE; an error
        # in a query always does.
        code = cause.pgcode
        return code is None or code.startswith(UNAVAILABLE_SQLSTATE_PREFIXES)
    message = str(exception).lower()
    return any(
        words in message
        for words in (
            *UNAVAILABLE_SQLITE_MESSAGES,
            # The same libpq messages, for an error raised without its cause.
            "could not connect",
            "could not translate host name",
            "connection refused",
            "connection to server",
            "server closed the connection",
            "terminating connection",
            "the database system is",
            "too many clients",
            "too many connections",
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


# Attributes through which django-csp's decorators give a response its own policy.
OWN_POLICY_ATTRIBUTES = tuple(
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@functools.cache
def site_policies():
    """Return [(header, policy)] from the settings, or None if paths are excluded."""
    settings_names = {
        HEADER: "CONTENT_SECURITY_POLICY",
        HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    }
    policies = []
    for header, name in settings_names.items():
        if (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES"):
            return None
        policies.append((header, build_policy(report_only=header != HEADER)))
    return policies


def forget_site_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policies.cache_clear()


setting_changed.connect(forget_site_policies, dispatch_uid="newsroom-csp-policies")


def is_admin_request(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site-wide policy built once per process.

    django-csp builds the enforced and the report-only policy from the settings
    for every response. A response with a policy of its own (django-csp's
    decorators), a request that used a nonce, excluded paths and the debug
    pages go through django-csp's own code.
    """

    def process_response(self, request, response):
        if is_admin_request(request) and not any(
            hasattr(response, name) for name in OWN_POLICY_ATTRIBUTES
        ):
            response._csp_replace = settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE
        policies = site_policies()
        if (
            policies is None
            or settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in OWN_POLICY_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        for header, policy in policies:
            if policy and header not in response:
                response[header] = policy
        # As django-csp does: a nonce asked for once the header is written is
        # an error, not a nonce missing from the policy.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

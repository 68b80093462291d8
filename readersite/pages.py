"""What every public page of the reader site does: caching headers, the
site's menu in its context, absolute addresses, lookups by slug."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator

from readersite import fragments
from readersite.navigation import navigation_links


def public_cache(view):
    """Let shared caches keep a page briefly, unless the visitor has a session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response, public=True, max_age=60, stale_while_revalidate=300
            )
        return response

    return wrapped


def absolute_url(path):
    """Return path at the public address; a URL that has its own host (media on
    a bucket or CDN) is already absolute and is returned as it is."""
    return path if urlsplit(path).netloc else settings.SITE_URL + path


def get_by_slug_or_404(queryset, slug):
    # PostgreSQL rejects NUL in a query string; no slug contains one anyway.
    if "\x00" in slug:
        raise Http404("No such slug.")
    return get_object_or_404(queryset, slug=slug)


class SiteMixin:
    """Context every public page needs, and caching headers for shared caches."""

    @method_decorator(public_cache)
    def dispatch(self, request, *args, **kwargs):
        # Read the content version before the database (see pagecache).
        fragments.content_version()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("nav_departments", navigation_links())
        return super().get_context_data(**kwargs)

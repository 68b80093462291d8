"""Server-side cache of rendered pages for anonymous readers.

Every cached page is stored under the current *content version*, one small
key in the shared cache. Any change to articles, people or departments
replaces the version once the transaction commits, so every app server that
shares the cache (Redis in production) misses on its next request and renders
fresh. A page is also never kept past the moment the next scheduled article
goes live, so scheduled publication shows up on time without any job.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "pagecache:version"
NEXT_SCHEDULED_KEY = "pagecache:next-scheduled:{version}"
NO_SCHEDULED = "none"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_version():
    cache = page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate():
    """Start a new content version so that every cached page is stale."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def invalidate_on_commit(**kwargs):
    """Invalidate when the surrounding transaction commits (signal receiver)."""
    transaction.on_commit(invalidate)


def page_key(request, version):
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{version}:{digest}"


def seconds_until_next_scheduled(version):
    """Seconds until the next scheduled article goes live, or None if none is."""
    from articles.models import Article

    cache = page_cache()
    key = NEXT_SCHEDULED_KEY.format(version=version)
    now = timezone.now()
    stored = cache.get(key)
    if stored is None or (stored != NO_SCHEDULED and stored <= now):
        upcoming = Article.objects.scheduled().order_by("published_at")
        stored = upcoming.values_list("published_at", flat=True).first() or NO_SCHEDULED
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    if stored == NO_SCHEDULED:
        return None
    return max((stored - now).total_seconds(), 0)


def timeout_for(version):
    timeout = settings.PAGE_CACHE_SECONDS
    until_scheduled = seconds_until_next_scheduled(version)
    if until_scheduled is not None:
        timeout = min(timeout, int(until_scheduled))
    return timeout

"""Rendered pieces of public pages, cached per content version.

Each piece is cached under the page cache's content version, which any
change to articles, people or departments replaces, so a renamed reporter or
desk never shows in a stale piece. List items are cached under the structure
version and their article's updated_at instead (item_key()), so an edit of
one article leaves the others' items cached. When the cache cannot be
reached, pieces are rendered as if it were empty.
"""

import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone

from newsroom import pagecache
from readersite import items

logger = logging.getLogger(__name__)

# Bump when code that renders a cached piece changes (template filters and
# tags, context), so deployed servers ignore old pieces. A changed template
# file or static file changes deploy_digest() by itself.
TEMPLATE_VERSION = 1


@functools.cache
def deploy_digest():
    """Return a digest of the project's template files and static manifest.

    Read once per process: pieces cached by servers running other templates,
    or linking other static file versions, are not used.
    """
    digest = hashlib.sha256()
    for folder in map(Path, settings.TEMPLATES[0]["DIRS"]):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()[:16]


def piece_key(version, name):
    """Return the cache key of a piece: content version, deploy, code."""
    return f"fragment:{TEMPLATE_VERSION}:{deploy_digest()}:{version}:{name}"


def content_version():
    """Return the current content version, or None if caching is off or down."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return None
    try:
        return pagecache.current_version()
    except Exception:
        pagecache.log_failure(
            logger, "Fragment cache unreachable: rendering without it"
        )
        return None


def structure_version():
    """Return the structure version, or None if the cache is down."""
    try:
        return pagecache.structure_version()
    except Exception:
        pagecache.log_failure(
            logger, "Fragment cache unreachable: rendering without it"
        )
        return None


def cache_get_many(keys):
    try:
        return pagecache.page_cache().get_many(keys)
    except Exception:
        pagecache.log_failure(
            logger, "Fragment cache unreachable: rendering without it"
        )
        return {}


def cache_set_many(values, timeout=None):
    timeout = settings.FRAGMENT_CACHE_SECONDS if timeout is None else timeout
    if values and timeout > 0:
        try:
            pagecache.page_cache().set_many(values, timeout)
        except Exception:
            pagecache.log_failure(
                logger, "Fragment cache unreachable: piece not stored"
            )


# What finding an article's cached item takes (see item_key).
# published_at: where reading goes on after the last page (pagination.py).
ITEM_KEY_FIELDS = ("id", "updated_at", "published_at")


def item_key(version, article, lead):
    """version: the structure version (newsroom.pagecache), not the content
    version: an item shows its own article's fields, whose every save
    changes updated_at, and desks, people and photos, whose changes replace
    the structure; an edit of another article's text leaves it valid."""
    stamp = article.updated_at.timestamp() if article.updated_at else ""
    return piece_key(version, f"item:{article.pk}:{stamp}:{lead:d}")


def item_rows(queryset):
    """Return queryset's articles as article_items() wants them.

    Only the key fields while items are cached: most are, and the rest are
    read together. With the cache off, every field an item shows, with the
    article's desk.
    """
    if content_version() is None:
        return items.plain_rows(queryset)
    return queryset.only(*ITEM_KEY_FIELDS)


def article_items(articles, lead_first=False):
    """Return the list-item HTML of each article, from the cache where possible.

    Only the articles not in the cache are rendered (readersite.items).
    """
    version = content_version() and structure_version()
    keys = [item_key(version, a, lead_first and i == 0) for i, a in enumerate(articles)]
    found = cache_get_many(keys) if version else {}
    missing = [a for i, a in enumerate(articles) if keys[i] not in found]
    lead_pk = articles[0].pk if lead_first and articles else None
    rendered = items.render(missing, lead_pk) if missing else {}
    # An article deleted since the list was read is left out.
    fresh = {
        keys[i]: rendered[a.pk]
        for i, a in enumerate(articles)
        if keys[i] not in found and a.pk in rendered
    }
    if version:
        cache_set_many(fresh)
    items_html = found | fresh
    return [items_html[key] for key in keys if key in items_html]


def cached_piece(name, render, deadline=None):
    """Return render() for this content version, cached until deadline if any.

    deadline is a callable returning a datetime or None; it is only called
    when the piece has to be rendered.
    """
    version = content_version()
    if version is None:
        return render()
    key = piece_key(version, name)
    found = cache_get_many([key])
    if key in found:
        return found[key]
    try:
        # Read before rendering, as the page cache does.
        timeout = piece_timeout(version, deadline)
    except Exception:
        # Error pages render pieces too, maybe with the database down.
        pagecache.log_failure(logger, "Fragment deadline unknown: piece not stored")
        return render()
    piece = render()
    cache_set_many({key: piece}, timeout)
    return piece


def piece_timeout(version, deadline):
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if deadline is not None:
        moment = deadline(version)
        if moment is not None:
            timeout = min(timeout, int((moment - timezone.now()).total_seconds()))
    return timeout


def list_ids(queryset, name, start, stop):
    """Return the ids of rows start to stop of queryset, a filtered list.

    The ids read so far, and where the reading stopped, are kept per content
    version under name (which must identify the list and its filters): a
    page read again costs no query over the list's filters (on SQLite, a
    search scans every article's text), and a later page resumes where the
    last one stopped instead of starting again from the newest article.
    queryset is ordered newest first, like Article.Meta.ordering. Return None
    when pieces are not cached.
    """
    version = content_version()
    if version is None:
        return None
    key = piece_key(version, f"ids:{name}")
    found = cache_get_many([key]).get(key)
    if found is None:
        found = {"ids": [], "last": None, "complete": False}
    if len(found["ids"]) < stop and not found["complete"]:
        found = read_further(queryset, found, stop - len(found["ids"]))
        cache_set_many({key: found}, piece_timeout(version, pagecache.cache_deadline))
    return found["ids"][start:stop]


def read_further(queryset, found, count):
    """Return found with up to count more ids, from where its reading stopped."""
    rest = queryset
    if found["last"]:
        pk, at = found["last"]
        rest = rest.filter(published_at__lte=at).exclude(published_at=at, pk__gte=pk)
    more = list(rest.values_list("pk", "published_at")[:count])
    return {
        "ids": found["ids"] + [pk for pk, _ in more],
        "last": more[-1] if more else found["last"],
        "complete": len(more) < count,
    }

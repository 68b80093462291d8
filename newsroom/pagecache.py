"""Server-side cache of rendered pages for anonymous readers.

Every cached page is stored under the current *content version*, one small
key in the shared cache. Any change to articles, people or departments
replaces the version once the transaction commits, so every app server that
shares the cache (Redis in production) misses on its next request and renders
fresh. Without Redis, pages stay in each process's memory but the version is
kept in a file (settings.VERSION_CACHE_ALIAS), so a change made by one worker,
or by an import run from the command line, reaches every worker of the
machine. A page is also never kept past the moment the next scheduled article
goes live, so scheduled publication shows up on time without any job.

This module knows no app: apps tell it what to watch in their
AppConfig.ready(), with watch(model) for the models whose changes show on
public pages, and register_schedule(callable) for the next moment something
scheduled goes live.

A change need not make every page cold. Beside the content version there is
a *structure* version, which changes the cache cannot place replace
(everything invalidate() covers), and a generation per *tag*. A page that
declares what it shows (depends_only_on()) stays valid through changes that
replace only other tags (invalidate_tags()). Tags are of two kinds: the
content of one article, and a *list* (the newest of one desk, the articles
of one day...), which a change of what a list holds replaces
(invalidate_lists()): an edit of one article's text leaves the pages of
unrelated articles warm, and an import leaves the pages of articles whose
desk, reporters and neighbours in time it does not touch warm. A page that
names no lists depends on every one (ALL_LISTS); one that names its lists
depends on the site's menu too (MENU), which every page shows.

The cache only ever saves work: when it cannot be reached, pages are rendered
as if it were turned off.
"""

import datetime
import functools
import hashlib
import logging
import sys
import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_request

from newsroom.cache import CacheUnavailable

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
STRUCTURE_KEY = "pagecache:structure"
TAG_KEY = "pagecache:tag:{tag}"
# Every change of what a list holds replaces it.
ALL_LISTS = "lists:all"
# What every page shows beside its own lists (the desks in the site's menu).
MENU = "lists:menu"
NEXT_SCHEDULED_KEY = "pagecache:next-scheduled:{version}"
NO_SCHEDULED = "none"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def version_cache():
    return caches[settings.VERSION_CACHE_ALIAS]


def tag_cache():
    return caches[getattr(settings, "TAG_CACHE_ALIAS", settings.VERSION_CACHE_ALIAS)]


def new_version():
    """Return a unique version that records when it started (Unix time)."""
    return f"{uuid.uuid4().hex}-{time.time():.3f}"


# The version the current request renders under, read from the cache once.
# Read before the request reads the database, it keeps every piece the request
# caches at least as new as the version it is stored under.
request_state = Local()


def start_request(**kwargs):
    request_state.in_request = True
    request_state.version = None
    request_state.structure = None


def finish_request(**kwargs):
    request_state.in_request = False
    request_state.version = None
    request_state.structure = None


request_started.connect(start_request, dispatch_uid="pagecache-start-request")
request_finished.connect(finish_request, dispatch_uid="pagecache-finish-request")


def remember(version):
    if getattr(request_state, "in_request", False):
        request_state.version = version


def current_version():
    """Return the content version, read once per request."""
    return read_version(VERSION_KEY, "version")


def read_version(key, attribute):
    """Return the version stored under key (started if missing), kept on the
    request's state as attribute for the rest of the request."""
    version = getattr(request_state, attribute, None)
    if version is not None:
        return version
    cache = version_cache()
    version = cache.get(key)
    if version is None:
        cache.add(key, new_version(), None)
        version = cache.get(key)
    if getattr(request_state, "in_request", False):
        setattr(request_state, attribute, version)
    return version


def log_failure(log, message):
    """Log the cache error being handled, without a traceback while the cache
    is known to be down (newsroom.cache): one outage, one traceback per
    process, not several for every page. A database that cannot be reached
    is reported once per request, by the page that answers 503
    (newsroom.middleware), not again by every piece that needed it."""
    error = sys.exc_info()[1]
    if isinstance(error, CacheUnavailable) or is_database_outage(error):
        log.debug(message)
    else:
        log.exception(message)


def is_database_outage(error):
    from django.db import InterfaceError, OperationalError

    from newsroom.middleware import is_connection_failure

    return isinstance(
        error, (OperationalError, InterfaceError)
    ) and is_connection_failure(error)


def structure_version():
    """Return the structure version, read once per request (by lookup())."""
    return read_version(STRUCTURE_KEY, "structure")


def invalidate():
    """Start a new content version so that every cached page is stale."""
    request_state.version = None
    request_state.structure = None
    try:
        version_cache().set_many(
            {VERSION_KEY: new_version(), STRUCTURE_KEY: new_version()}, None
        )
    except Exception:
        # The change is committed; failing the editor's request would not
        # undo it. Pages cached before the outage expire on their timeout.
        logger.exception("Page cache unreachable: cached pages may be stale")


def invalidate_on_commit(**kwargs):
    """Invalidate when the surrounding transaction commits (signal receiver)."""
    transaction.on_commit(invalidate)


def invalidate_tags(tags):
    """Start a new content version and a new generation of each tag, keeping
    the structure: only pages that show these tags' content, or that declared
    no tags, go stale."""
    request_state.version = None
    version = new_version()
    generations = {TAG_KEY.format(tag=tag): version for tag in tags}
    try:
        # The content version first: store_tagged() relies on the order.
        version_cache().set(VERSION_KEY, version, None)
        tag_cache().set_many(generations, None)
        # And once more after: generations read under this version are the
        # new ones, and a process may keep them for it (current_generations()).
        version_cache().set(VERSION_KEY, new_version(), None)
    except Exception:
        logger.exception("Page cache unreachable: cached pages may be stale")


def invalidate_tags_on_commit(tags):
    transaction.on_commit(functools.partial(invalidate_tags, tuple(tags)))


def invalidate_lists(tags):
    """Start a new content version and a new generation of each tag and of
    ALL_LISTS: what some lists hold changed (an article added, published,
    withdrawn or moved), and pages that name other lists stay valid."""
    invalidate_tags((ALL_LISTS, *tags))


def invalidate_lists_on_commit(tags):
    transaction.on_commit(functools.partial(invalidate_lists, tuple(tags)))


def depends_only_on(request, tags, lists=None, recheck=None):
    """Declare that the page answering request shows nothing but the structure
    (see invalidate()), the content of these tags, and what these lists hold:
    the lists named (with the menu, on every page), or, if None, any list.

    recheck, (name, argument), is for a page that also depends on the
    content of articles it does not show, as a search does on which articles
    match: after any change, the page is served only if the check registered
    under name (register_recheck()) gives for argument what it gave when the
    page was stored.
    """
    lists = (ALL_LISTS,) if lists is None else (*lists, MENU)
    request.page_cache_tags = (*tags, *lists)
    request.page_cache_recheck = recheck


# {name: dotted path of a function(argument) -> a value to compare}, by app.
rechecks = {}


def register_recheck(name, path):
    """Have depends_only_on(recheck=(name, argument)) call path(argument)."""
    rechecks[name] = path


def recheck_value(recheck):
    name, argument = recheck
    return import_string(rechecks[name])(argument)


def watch(model, new_row_lists=None):
    """Make every save or delete of model start a new content version.

    new_row_lists, if given, returns the lists a new row of model changes
    (a function of the row): a save that creates a row replaces those lists
    only.
    """
    label = model._meta.label
    receiver = invalidate_on_commit
    if new_row_lists is not None:
        receiver = functools.partial(lists_or_all_on_commit, new_row_lists)
    post_save.connect(
        receiver, sender=model, dispatch_uid=f"pc-save-{label}", weak=False
    )
    post_delete.connect(
        invalidate_on_commit, sender=model, dispatch_uid=f"pc-delete-{label}"
    )


def in_no_list(row):
    """For watch(): a new row that only pages depending on every list show."""
    return []


def lists_or_all_on_commit(new_row_lists, instance, created=False, **kwargs):
    if created:
        invalidate_lists_on_commit(new_row_lists(instance))
    else:
        invalidate_on_commit()


# Callables that return the next moment something scheduled becomes public,
# or None; registered by apps (register_schedule).
schedules = []


def register_schedule(next_moment):
    """Have next_moment() count among the moments a page must expire at."""
    if next_moment not in schedules:
        schedules.append(next_moment)


def next_scheduled_moment():
    moments = [moment() for moment in schedules]
    return min((m for m in moments if m is not None), default=None)


def page_key(request):
    # The language is part of the key because LocaleMiddleware may render the
    # same URL in another language (Accept-Language, language cookie).
    language = get_language_from_request(request)
    url = f"{language}|{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{digest}"


def lookup(request):
    """Return (current version, page key, cached response or None).

    Each page is stored with the version it was rendered under, and read
    together with the current version in one round trip to the cache; a page
    of an older version is a miss, and is overwritten when stored again. A
    page that declared its tags is stored with the structure version and its
    tags' generations instead (see store_tagged()), and is valid while those
    are current.
    """
    key = page_key(request)
    if settings.VERSION_CACHE_ALIAS == settings.PAGE_CACHE_ALIAS:
        found = page_cache().get_many([VERSION_KEY, STRUCTURE_KEY, key])
    else:
        found = {key: page_cache().get(key)}
    version = found.get(VERSION_KEY) or current_version()
    remember(version)
    if STRUCTURE_KEY in found and getattr(request_state, "in_request", False):
        request_state.structure = found[STRUCTURE_KEY]
    structure = structure_version()
    entry = found.get(key)
    if entry is None:
        return version, key, None
    if len(entry) == 2:
        stored_version, response = entry
        return version, key, response if stored_version == version else None
    stored_structure, generations, response, *check = entry
    if stored_structure != structure:
        return version, key, None
    if current_generations(version, generations) != generations:
        return version, key, None
    if check and not still_true(key, entry, version):
        return version, key, None
    return version, key, response


def still_true(key, entry, version):
    """Whether a page's recheck (depends_only_on()) gives what it gave, read
    under version: if so, the page is kept as checked under version, until
    the moment it was to expire."""
    check = entry[3]
    if check["version"] == version:
        return True
    if recheck_value(check["recheck"]) != check["value"]:
        return False
    timeout = int(check["expires_at"] - time.time())
    if timeout > 0:
        checked = {**check, "version": version}
        page_cache().set(key, (*entry[:3], checked), timeout)
    return True


# The generations of tags read under one content version, kept by this
# process while the version is current: a change of a tag's generation is
# followed by a new version (invalidate_tags()).
known = (None, {})


def current_generations(version, wanted):
    """Return {tag key: generation} of the tag keys in wanted, as read under
    version (the current content version)."""
    global known
    known_version, generations = known
    if known_version != version:
        generations = {}
        known = (version, generations)
    missing = [key for key in wanted if key not in generations]
    if missing:
        found = tag_cache().get_many(missing)
        # A missing generation (evicted, never started) stays unknown.
        generations.update(found)
    return {key: generations[key] for key in wanted if key in generations}


def tag_generations(tags):
    """Return {tag key: generation} of tags, starting those that have none
    (never changed, or evicted from the cache)."""
    cache = tag_cache()
    keys = [TAG_KEY.format(tag=tag) for tag in tags]
    found = cache.get_many(keys)
    for key in set(keys) - set(found):
        cache.add(key, new_version(), None)
        found[key] = cache.get(key)
    return found


def store(key, version, response, timeout):
    page_cache().set(key, (version, response), timeout)


def store_tagged(key, version, tags, response, timeout, recheck=None):
    """Store a page that declared its tags, rendered under version (see
    lookup()), with the tags' generations read after rendering, and the
    value of its recheck if it has one.

    Every change replaces the content version before the generations of its
    tags, so if version is still current once the generations and the
    recheck are read, no change was made while the page was rendered and
    what was read is what the page shows. Otherwise the page is not stored.
    """
    generations = tag_generations(tags)
    check = None
    if recheck is not None:
        check = {
            "recheck": recheck,
            "value": recheck_value(recheck),
            "version": version,
            "expires_at": time.time() + timeout,
        }
    if version_cache().get(VERSION_KEY) != version:
        return
    entry = (structure_version(), generations, response)
    page_cache().set(key, entry if check is None else (*entry, check), timeout)


def cache_deadline(version):
    """Return the moment after which a page rendered now must not be served.

    That is when the next scheduled article goes live, and, with a read
    replica, the end of the replica's allowed lag after the last change: a
    page rendered in that window may lack the change.
    """
    moments = [next_scheduled_at(version)]
    lag = getattr(settings, "PAGE_CACHE_REPLICA_LAG_SECONDS", 0)
    if lag:
        caught_up = changed_at(version) + datetime.timedelta(seconds=lag)
        if caught_up > timezone.now():
            moments.append(caught_up)
    return min((m for m in moments if m is not None), default=None)


def changed_at(version):
    """Return when version started: the moment of the last content change."""
    started = float(version.rpartition("-")[2] or 0)
    return datetime.datetime.fromtimestamp(started, datetime.UTC)


def next_scheduled_at(version):
    """Return when the next scheduled article goes live, or None if none is."""
    cache = page_cache()
    key = NEXT_SCHEDULED_KEY.format(version=version)
    stored = cache.get(key)
    if stored is None or (stored != NO_SCHEDULED and stored <= timezone.now()):
        stored = next_scheduled_moment() or NO_SCHEDULED
        # Kept under this version, which a newly scheduled article replaces,
        # for as long as pages or pieces rendered under it may be.
        timeout = max(settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS)
        cache.set(key, stored, timeout)
    return None if stored == NO_SCHEDULED else stored


def timeout_until(deadline):
    """Return whole seconds a page may be kept: the setting, capped by deadline.

    deadline is read before the page is rendered, so a page rendered just
    before a scheduled article went live is not kept past that moment.
    """
    timeout = settings.PAGE_CACHE_SECONDS
    if deadline is not None:
        remaining = (deadline - timezone.now()).total_seconds()
        timeout = min(timeout, int(remaining))
    return max(timeout, 0)

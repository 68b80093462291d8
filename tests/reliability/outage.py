"""Simulated database outages, and the page cache, for in-process tests."""

import functools
from contextlib import contextmanager
from unittest import mock

from django.db import OperationalError, connections
from django.test import override_settings

from newsroom import pagecache

REFUSED = "could not connect to server: Connection refused"


@contextmanager
def database_down(message=REFUSED, alias="default"):
    """Make every new cursor on the connection fail as a lost server would."""

    def refuse(*args, **kwargs):
        raise OperationalError(message)

    with mock.patch.object(connections[alias], "ensure_connection", refuse):
        yield


def with_page_cache(test):
    """Run test with the page cache on, emptied before and after.

    Test transactions never commit, so the content version never changes
    and pages cached by one test would otherwise be served to the next.
    """

    @override_settings(PAGE_CACHE_SECONDS=300)
    @functools.wraps(test)
    def wrapped(self, *args, **kwargs):
        pagecache.page_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)
        return test(self, *args, **kwargs)

    return wrapped

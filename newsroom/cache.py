"""Django's Redis cache, made to step aside for a while when Redis fails.

The page and fragment caches only ever save work: when the cache raises,
pages are rendered without it. But a Redis that hangs costs every cache
operation its socket timeout, several per page. After a connection error or
a timeout, this backend fails at once for RETRY_SECONDS, without touching
the network, then tries Redis again.
"""

import functools
import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

RETRY_SECONDS = 10

# When each Redis server (by its configured location) may be tried again;
# shared by the threads of a process, which each hold their own cache object.
_retry_at = {}


class CacheUnavailable(ConnectionError):
    """Redis failed a moment ago and is not being tried again yet."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = tuple(self._servers)


def _guarded(method):
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if time.monotonic() < _retry_at.get(self._location, 0):
            raise CacheUnavailable(
                f"Redis at {self._location[0]} failed less than "
                f"{RETRY_SECONDS} s ago; not tried again yet"
            )
        try:
            return method(self, *args, **kwargs)
        except (ConnectionError, TimeoutError):
            _retry_at[self._location] = time.monotonic() + RETRY_SECONDS
            raise

    return guarded


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _name, _guarded(getattr(RedisCache, _name)))


class SeldomCulledFileCache(FileBasedCache):
    """Django's file-based cache, counting its files once every CULL_EVERY
    writes of a process instead of at every write.

    Django's lists the whole folder at each set() or add() to learn whether
    to cull it: with the page cache's tag generations, thousands of files,
    that cost 8-30 ms a write, several writes for each page stored. The
    folder may grow past MAX_ENTRIES by CULL_EVERY files a process between
    two counts; a culled file is read as missing, as before.
    """

    CULL_EVERY = 500

    def _cull(self):
        self._writes = getattr(self, "_writes", 0) + 1
        if self._writes % self.CULL_EVERY == 1:
            super()._cull()

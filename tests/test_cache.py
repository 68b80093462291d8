"""The Redis cache steps aside after a failure instead of slowing every page."""

import shutil
import socketserver
import tempfile
import threading
from unittest import mock

from django.test import SimpleTestCase, TestCase, override_settings
from redis.exceptions import TimeoutError

from newsroom import cache
from newsroom.cache import CacheUnavailable, ResilientRedisCache
from tests.test_scale_out import REDIS_URL, redis_error

TIMEOUTS = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}


class SilentServer(socketserver.ThreadingTCPServer):
    """Accepts connections and reads every byte, but never answers: a hung Redis."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.bytes_received = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SilentHandler)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.server_address[1]}/0"


class SilentHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(65536):
            with self.server.lock:
                self.server.bytes_received += len(data)


class HungRedisMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = SilentServer()
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    def setUp(self):
        super().setUp()
        cache._retry_at.clear()
        self.addCleanup(cache._retry_at.clear)

    def received(self):
        with self.server.lock:
            return self.server.bytes_received


class HungRedisTests(HungRedisMixin, SimpleTestCase):
    def hung_cache(self):
        return ResilientRedisCache(self.server.url, {"OPTIONS": TIMEOUTS})

    def test_after_a_timeout_every_operation_fails_at_once_without_the_network(self):
        hung = self.hung_cache()
        with self.assertRaises(TimeoutError):
            hung.get("key")
        sent = self.received()
        self.assertGreater(sent, 0)
        for operation in (
            lambda: hung.get("key"),
            lambda: hung.get_many(["a", "b"]),
            lambda: hung.set("key", 1),
            lambda: hung.add("key", 1),
            lambda: hung.delete("key"),
        ):
            with self.assertRaises(CacheUnavailable):
                operation()
        self.assertEqual(self.received(), sent)

    def test_other_cache_objects_of_the_process_know_it_too(self):
        with self.assertRaises(TimeoutError):
            self.hung_cache().get("key")
        sent = self.received()
        with self.assertRaises(CacheUnavailable):
            self.hung_cache().get("key")
        self.assertEqual(self.received(), sent)

    def test_redis_is_tried_again_once_the_retry_time_has_passed(self):
        hung = self.hung_cache()
        with self.assertRaises(TimeoutError):
            hung.get("key")
        sent = self.received()
        later = cache.time.monotonic() + cache.RETRY_SECONDS + 1
        with (
            mock.patch.object(cache.time, "monotonic", return_value=later),
            self.assertRaises(TimeoutError),
        ):
            hung.get("key")
        self.assertGreater(self.received(), sent)


class PagesWhileRedisHangsTests(HungRedisMixin, TestCase):
    def test_pages_are_served_and_only_the_first_one_waits_for_redis(self):
        hung = {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": self.server.url,
            "OPTIONS": TIMEOUTS,
        }
        with (
            override_settings(
                CACHES={"default": hung},
                VERSION_CACHE_ALIAS="default",
                PAGE_CACHE_SECONDS=300,
                FRAGMENT_CACHE_SECONDS=3600,
            ),
            self.assertLogs(level="ERROR") as logs,
        ):
            self.assertEqual(self.client.get("/").status_code, 200)
            sent, errors_logged = self.received(), len(logs.records)
            self.assertEqual(self.client.get("/").status_code, 200)
            self.assertEqual(self.client.get("/archive/").status_code, 200)
        self.assertEqual(self.received(), sent)
        self.assertEqual(len(logs.records), errors_logged, "logged again while resting")


class WorkingRedisTests(SimpleTestCase):
    def setUp(self):
        reason = redis_error()
        if reason:
            self.skipTest(reason)

    def test_a_working_redis_stores_and_returns_values(self):
        redis_cache = ResilientRedisCache(REDIS_URL, {"OPTIONS": TIMEOUTS})
        redis_cache.set("newsroom-test-cache", "值", 30)
        self.addCleanup(redis_cache.delete, "newsroom-test-cache")
        self.assertEqual(redis_cache.get("newsroom-test-cache"), "值")


class SeldomCulledFileCacheTests(SimpleTestCase):
    """The tag generations' file cache counts its files now and then only."""

    def setUp(self):
        folder = tempfile.mkdtemp(prefix="newsroom-tags-")
        self.addCleanup(shutil.rmtree, folder, True)
        self.cache = cache.SeldomCulledFileCache(
            folder, {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}}
        )

    def test_the_folder_is_listed_once_every_so_many_writes(self):
        with mock.patch.object(
            self.cache, "_list_cache_files", wraps=self.cache._list_cache_files
        ) as listing:
            for n in range(cache.SeldomCulledFileCache.CULL_EVERY):
                self.cache.add(f"tag:{n}", "generation", None)
        self.assertEqual(listing.call_count, 1)

    def test_a_folder_past_its_entries_is_still_culled(self):
        for n in range(cache.SeldomCulledFileCache.CULL_EVERY + 1):
            self.cache.set(f"tag:{n}", "generation", None)
        self.assertLess(
            len(self.cache._list_cache_files()), cache.SeldomCulledFileCache.CULL_EVERY
        )

"""A real server loses PostgreSQL, answers 503, and recovers on its own.

gunicorn serves a scratch database through a TCP proxy; stopping the proxy
refuses new connections and cuts the open ones, as a restarting or
unreachable database server does.
"""

import unittest

from django.db import connection
from django.test import SimpleTestCase

from tests.reliability.harness import (
    Gunicorn,
    ScratchDatabases,
    TcpProxy,
    import_command,
    run_manage,
    with_address,
    write_pages,
)
from tests.reliability.test_import_faults import server_url

# Pages that read the database on every request: 503 while it is away.
READING_PAGES = ("/", "/?q=%E7%96%AB%E6%83%85", "/feed/rss/")
# Pages built from what is cached per content version (the periods that have
# articles): still true while the database is away, so they may answer 200.
CACHED_PAGES = ("/archive/", "/sitemap.xml")
PAGES = READING_PAGES + CACHED_PAGES


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "SQLite has no server to lose; test_database_down covers the outage page",
)
class LiveDatabaseOutageTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scratch = ScratchDatabases("postgres", server_url())
        cls.addClassCleanup(cls.scratch.close)
        url = cls.scratch.fresh()
        write_pages(cls.scratch.folder / "pages", 2)
        run_manage(url, *import_command(cls.scratch.folder / "pages", "-v0")[2:])
        settings = connection.settings_dict
        cls.proxy = TcpProxy(
            settings["HOST"] or "localhost", int(settings["PORT"] or 5432)
        )
        cls.proxy.start()
        cls.addClassCleanup(cls.proxy.stop)
        cls.server = Gunicorn(
            with_address(url, "127.0.0.1", cls.proxy.port),
            cls.scratch.folder / "gunicorn.log",
            workers=1,
            NEWSROOM_PAGE_CACHE_SECONDS="0",
        )
        cls.addClassCleanup(cls.server.stop)

    def assertServes(self):
        for path in PAGES:
            with self.subTest(path=path, database="up"):
                self.assertEqual(self.server.get(path)[0], 200)
        self.assertEqual(self.server.get("/readyz")[0], 200)

    def test_pages_answer_503_while_the_database_is_away_then_200_again(self):
        self.assertServes()
        self.proxy.stop()
        try:
            for path in PAGES * 2:
                with self.subTest(path=path, database="down"):
                    status, headers, body = self.server.get(path)
                    self.assertNotIn("Traceback", body)
                    if path in CACHED_PAGES and status == 200:
                        continue
                    self.assertEqual(status, 503)
                    self.assertGreater(int(headers["Retry-After"]), 0)
            self.assertEqual(self.server.get("/readyz")[0], 503)
            self.assertEqual(self.server.get("/healthz")[0], 200)
        finally:
            self.proxy.start()
        self.assertServes()

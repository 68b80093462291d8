"""Without Redis, every worker of one machine still serves a change at once.

gunicorn runs two workers with production settings and no REDIS_URL: each
worker caches pages in its own memory. A withdrawal made by another process
(manage.py, as an import or a script would) must still reach both workers
on their next request.
"""

import re
import subprocess

from django.test import SimpleTestCase

from tests.reliability.harness import (
    Gunicorn,
    ScratchDatabases,
    import_command,
    manage_command,
    subprocess_environment,
    write_pages,
)

ARTICLE_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/(\d+)/)"')
REQUESTS_PER_CHECK = 12

WITHDRAW = """
from articles.models import Article
article = Article.objects.get(pk={pk})
article.status = Article.Status.WITHDRAWN
article.save()
"""


class OneMachineWithoutRedisTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scratch = ScratchDatabases("sqlite")
        cls.addClassCleanup(cls.scratch.close)
        cls.database_url = cls.scratch.fresh()
        cls.variables = {"NEWSROOM_CACHE_DIR": str(cls.scratch.folder / "cache")}
        write_pages(cls.scratch.folder / "pages", 1)
        cls.manage(*import_command(cls.scratch.folder / "pages", "-v0")[2:])
        cls.server = Gunicorn(
            cls.database_url,
            cls.scratch.folder / "gunicorn.log",
            workers=2,
            NEWSROOM_PAGE_CACHE_SECONDS="300",
            **cls.variables,
        )
        cls.addClassCleanup(cls.server.stop)

    @classmethod
    def manage(cls, *args):
        subprocess.run(
            manage_command(*args),
            env=subprocess_environment(cls.database_url, **cls.variables),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def test_a_withdrawal_by_another_process_reaches_every_worker(self):
        status, _, home = self.server.get("/")
        self.assertEqual(status, 200)
        url, pk = ARTICLE_LINK.search(home).groups()
        served = [self.server.get(url) for _ in range(REQUESTS_PER_CHECK)]
        self.assertEqual({status for status, _, _ in served}, {200})
        self.assertIn("hit", {headers["X-Page-Cache"] for _, headers, _ in served})

        self.manage("shell", "-c", WITHDRAW.format(pk=int(pk)))

        statuses = [self.server.get(url)[0] for _ in range(REQUESTS_PER_CHECK)]
        self.assertEqual(set(statuses), {404})
        homes = [self.server.get("/")[2] for _ in range(REQUESTS_PER_CHECK)]
        self.assertFalse([page for page in homes if url in page])

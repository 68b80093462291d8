"""Every write reaches every public surface on the very next request.

The matrix: each write path of tests.freshness.writes × each surface of
tests.freshness.surfaces. One gunicorn server (two workers, production
settings, page and fragment caches on) serves readers for the whole module;
a writer process of its own writes, as an admin server or an operator's
shell would; imports run in a third process. On SQLite the cache is the
one-machine kind (pages in each worker's memory, the content version in a
shared folder); on PostgreSQL it is Redis, as in production.

For each write path: the content is laid out, every surface is read twice
(so both workers cache it) and must already tell the truth (drafts and
scheduled articles never show); then the write; then each surface is asked
again, first with the validators it gave before (a 304 for a changed page
is stale), then plainly, and must tell the new truth.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.freshness import surfaces
from tests.freshness.writes import BASE_DIR, WRITE_PATHS
from tests.reliability.harness import Gunicorn, ScratchDatabases, subprocess_environment

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
CACHE_VARIABLES = {
    "NEWSROOM_PAGE_CACHE_SECONDS": "300",
    "NEWSROOM_FRAGMENT_CACHE_SECONDS": "3600",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def on_postgresql():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def redis_variables():
    """REDIS_URL for the servers, on an emptied database; skip without Redis."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
    except Exception as error:  # any failure means: skip, with the reason
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({error})")
    return {"REDIS_URL": REDIS_URL}


class Writer:
    """The writer process (tests.freshness.writer)."""

    def __init__(self, database_url, log_path, variables):
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.freshness.writer"],
            cwd=BASE_DIR,
            env=subprocess_environment(database_url, **variables),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def call(self, **command):
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the writer exited:\n{open(self.log.name).read()}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise AssertionError(f"the write failed in the writer:\n{answer['error']}")
        return answer["truth"]

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()


@pytest.fixture(scope="module")
def stack():
    """(reader server, writer process), shared by every case of the module."""
    if on_postgresql():
        variables = {**CACHE_VARIABLES, **redis_variables()}
        scratch = ScratchDatabases("postgres", os.environ["DATABASE_URL"])
    else:
        scratch = ScratchDatabases("sqlite")
        variables = {**CACHE_VARIABLES, "NEWSROOM_CACHE_DIR": str(scratch.folder)}
    variables["DJANGO_MEDIA_ROOT"] = str(scratch.folder / "media")
    database_url = scratch.fresh()
    server = writer = None
    try:
        server = Gunicorn(
            database_url, scratch.folder / "gunicorn.log", workers=2, **variables
        )
        writer = Writer(database_url, scratch.folder / "writer.log", variables)
        yield server, writer
    finally:
        if writer is not None:
            writer.stop()
        if server is not None:
            log = server.stop()
            assert "Traceback" not in log, log
        scratch.close()


def fetch(server, path, headers=None):
    """Return (status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(server.base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def validators(headers):
    sent = {}
    if headers.get("ETag"):
        sent["If-None-Match"] = headers["ETag"]
    if headers.get("Last-Modified"):
        sent["If-Modified-Since"] = headers["Last-Modified"]
    return sent


def read_all(server, addresses):
    """Read each address twice, so that each worker is likely to cache it."""
    answers = {}
    for _, path in addresses:
        if path not in answers:
            fetch(server, path)
            answers[path] = fetch(server, path)
    return answers


@pytest.mark.parametrize(
    "number,write_path",
    list(enumerate(WRITE_PATHS)),
    ids=[path.name for path in WRITE_PATHS],
)
def test_a_write_shows_on_every_surface_at_the_next_request(stack, number, write_path):
    server, writer = stack
    before = writer.call(op="begin", case=number, write=write_path.name)
    earlier = read_all(server, surfaces.addresses(before))
    problems = [
        f"before the write: {problem}"
        for surface, path in surfaces.addresses(before)
        for problem in surfaces.check(
            surface, path, before, (earlier[path][0], earlier[path][2])
        )
    ]

    after = writer.call(op="write")
    if "path" not in after and "path" in before:
        after = {**before, **after}  # deleted: what it was, not public
    if write_path.keeps_time:
        # Saving a form must not move the article in print order.
        assert after["published_at"] == before["published_at"], (before, after)
    removed = surfaces.gone(before, after)
    answers = {}
    for surface, path in surfaces.addresses(before, after):
        if path not in answers:
            answers[path] = []
            if path in earlier:
                status, headers, body = earlier[path]
                conditional = fetch(server, path, validators(headers))
                if conditional[0] == 304:
                    # The client keeps the page it has: it must still be true.
                    answers[path].append(("a 304 answer", (status, body)))
                else:
                    answers[path].append(("a conditional GET", conditional[::2]))
            answers[path].append(("the next GET", fetch(server, path)[::2]))
        for label, answer in answers[path]:
            problems += [
                f"{label}: {problem}"
                for problem in surfaces.check(surface, path, after, answer, removed)
            ]
    assert not problems, "\n".join(problems)

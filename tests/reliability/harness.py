"""Scratch databases, generated page folders and import subprocesses.

Shared by the reliability tests and by the scripts that print figures
(scripts/kill_import.py, scripts/load.py). Imports only the standard
library and, for PostgreSQL, psycopg2, so scripts can use it without
setting Django up.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
SAMPLE_PAGE = BASE_DIR / "samples" / "sample-page.txt"
ISSUE_DATE = "2021-11-06"
LEAD_LINE = re.compile(r"(?m)^(本报讯.*)$")


def write_pages(folder, count, first=1):
    """Write count page files, the sample page with each article made unique."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sample = SAMPLE_PAGE.read_text(encoding="utf-8")
    paths = []
    for number in range(first, first + count):
        text = LEAD_LINE.sub(lambda m, n=number: f"{m.group(1)}（本报第{n}期）", sample)
        path = folder / f"page-{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def subprocess_environment(database_url, **variables):
    """Production settings on database_url, free of the calling process's."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "NEWSROOM_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
        **variables,
    )
    return environ


def manage_command(*args):
    return [sys.executable, str(BASE_DIR / "manage.py"), *args]


def import_command(folder, *extra):
    return manage_command(
        "import_articles", str(folder), "--issue-date", ISSUE_DATE, "--publish", *extra
    )


def run_manage(database_url, *args, timeout=300):
    result = subprocess.run(
        manage_command(*args),
        cwd=BASE_DIR,
        env=subprocess_environment(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


# What the importer and the admin write; emptied between PostgreSQL runs.
CONTENT_TABLES = (
    "articles_articlereporter",
    "articles_articlecorrespondent",
    "articles_articleimage",
    "articles_article",
    "articles_importbatch",
    "people_reporter",
    "people_correspondent",
    "people_department",
)


class ScratchDatabases:
    """Fresh, migrated databases outside the test database, removed at exit.

    SQLite: files in a temporary folder, copied from one migrated template.
    PostgreSQL: one database on the server of server_url (any database on
    it; only its address is used), emptied for each use, since creating
    and dropping databases costs a checkpoint each.
    """

    def __init__(self, vendor, server_url=None):
        self.vendor = vendor
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-scratch-"))
        self.server_url = server_url
        self.name = f"newsroom_scratch_{os.getpid()}_{secrets.token_hex(3)}"
        self.created = False
        self.count = 0
        if vendor == "sqlite":
            self.template = f"sqlite:///{self.folder / 'template.db'}"
        else:
            with admin_connection(server_url) as cursor:
                cursor.execute(f"CREATE DATABASE {self.name}")
            self.created = True
            self.template = with_database(server_url, self.name)
        run_manage(self.template, "migrate", "--noinput", "-v0")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def fresh(self):
        """Return the URL of an empty database holding the migrated schema."""
        self.count += 1
        if self.vendor == "sqlite":
            path = self.folder / f"db{self.count}.db"
            shutil.copyfile(self.folder / "template.db", path)
            return f"sqlite:///{path}"
        self.disconnect_others()
        import psycopg2

        connection = psycopg2.connect(self.template)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(
                    f"TRUNCATE {', '.join(CONTENT_TABLES)} RESTART IDENTITY CASCADE"
                )
        finally:
            connection.close()
        return self.template

    def disconnect_others(self):
        """End sessions a killed importer left behind, which may hold locks."""
        with admin_connection(self.server_url) as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )

    def close(self):
        if self.created:
            with admin_connection(self.server_url) as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self.created = False
        shutil.rmtree(self.folder, ignore_errors=True)


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}", query=""))


def with_address(url, host, port):
    """Return url with its host and port replaced, credentials kept."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}:{port}" if userinfo else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


class admin_connection:
    """An autocommit cursor on the server's postgres database."""

    def __init__(self, url):
        self.url = with_database(url, "postgres")

    def __enter__(self):
        import psycopg2

        self.connection = psycopg2.connect(self.url)
        self.connection.autocommit = True
        return self.connection.cursor()

    def __exit__(self, *exc_info):
        self.connection.close()


def query(url, sql):
    """Return all rows of a constant SQL query on the database at url."""
    if url.startswith("sqlite:"):
        connection = sqlite3.connect(urlsplit(url).path[1:] or ":memory:")
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        connection.close()


@dataclass
class Snapshot:
    """What the importer left in a database, keyed by file name."""

    batches: dict = field(default_factory=lambda: defaultdict(list))
    articles: dict = field(default_factory=lambda: defaultdict(set))
    bylines: dict = field(default_factory=dict)
    articles_without_batch: int = 0
    people_without_byline: int = 0
    duplicate_fingerprints: int = 0
    integrity: str = "ok"

    @property
    def article_count(self):
        return sum(len(prints) for prints in self.articles.values())


def take_snapshot(url):
    snapshot = Snapshot()
    batch_files = {}
    for pk, name, found, created, skipped in query(
        url,
        "SELECT id, file_name, articles_found, articles_created, articles_skipped "
        "FROM articles_importbatch",
    ):
        batch_files[pk] = name
        snapshot.batches[name].append((pk, found, created, skipped))
    reporters = dict(
        query(
            url,
            "SELECT article_id, COUNT(*) FROM articles_articlereporter "
            "GROUP BY article_id",
        )
    )
    for pk, fingerprint, batch in query(
        url, "SELECT id, fingerprint, import_batch_id FROM articles_article"
    ):
        if batch is None:
            snapshot.articles_without_batch += 1
            continue
        snapshot.articles[batch_files[batch]].add(fingerprint)
        snapshot.bylines[fingerprint] = (batch, reporters.get(pk, 0))
    (snapshot.people_without_byline,) = query(
        url,
        "SELECT COUNT(*) FROM people_reporter r WHERE NOT EXISTS "
        "(SELECT 1 FROM articles_articlereporter b WHERE b.reporter_id = r.id)",
    )[0]
    (snapshot.duplicate_fingerprints,) = query(
        url,
        "SELECT COUNT(*) - COUNT(DISTINCT fingerprint) FROM articles_article",
    )[0]
    if url.startswith("sqlite:"):
        snapshot.integrity = query(url, "PRAGMA integrity_check")[0][0]
    return snapshot


def database_problems(snapshot):
    """Return damage no import, finished or not, may leave behind."""
    problems = []
    if snapshot.integrity != "ok":
        problems.append(f"integrity check: {snapshot.integrity}")
    if snapshot.articles_without_batch or snapshot.people_without_byline:
        problems.append(
            f"{snapshot.articles_without_batch} articles without a batch, "
            f"{snapshot.people_without_byline} reporters without a byline"
        )
    if snapshot.duplicate_fingerprints:
        problems.append(f"{snapshot.duplicate_fingerprints} duplicate articles")
    return problems


def all_or_nothing_problems(snapshot, expected):
    """Return every file imported in part, or with a batch that lies."""
    problems = database_problems(snapshot)
    for name, prints in expected.articles.items():
        present = snapshot.articles.get(name, set())
        batches = snapshot.batches.get(name, [])
        if not present:
            if batches:
                problems.append(f"{name}: a batch but no articles")
            continue
        if present != prints:
            problems.append(f"{name}: {len(present)} of {len(prints)} articles")
        if len(batches) != 1 or batches[0][2] != len(prints):
            problems.append(f"{name}: batches {batches} for {len(prints)} articles")
        for fingerprint in present:
            _, want = expected.bylines[fingerprint]
            batch, have = snapshot.bylines[fingerprint]
            if have != want or batch != batches[0][0]:
                problems.append(f"{name}: an article with {have} of {want} bylines")
    return problems


@dataclass
class KillOutcome:
    delay: float
    files_imported: int
    files_total: int
    returncode: int


def import_and_kill(
    database_url, folder, files_total, rng, by_progress=True, max_delay=2.0
):
    """Start an import and SIGKILL it at a seeded random moment.

    by_progress waits until the importer reports starting a random file
    from a tenth to eight tenths of the way through (then up to 20 ms more),
    so kills land in the middle of the writes whatever the machine's speed
    (nearer the end, a fast import commits its last files within those 20
    ms); otherwise a random delay of up to
    max_delay seconds from the start also hits start-up and the reading of
    files, or may come after a fast import has finished (exit status 0).
    """
    started = time.monotonic()
    process = subprocess.Popen(
        # Five 5-article files a transaction, so that kills fall between commits.
        import_command(folder, "--group-articles", "25"),
        cwd=BASE_DIR,
        env=subprocess_environment(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if by_progress:
            number = rng.randint(files_total // 10, files_total * 8 // 10)
            target = f"[{number}/{files_total}] 导入"
            for line in process.stderr:
                if line.startswith(target):
                    break
            time.sleep(rng.uniform(0, 0.02))
        else:
            time.sleep(rng.uniform(0, max_delay))
        process.send_signal(signal.SIGKILL)
    finally:
        returncode = process.wait()
        process.stderr.close()
    snapshot = take_snapshot(database_url)
    return KillOutcome(
        delay=time.monotonic() - started,
        files_imported=sum(1 for prints in snapshot.articles.values() if prints),
        files_total=files_total,
        returncode=returncode,
    )


def run_concurrent_imports(database_url, folder, processes=4, timeout=300):
    """Run the same import in several processes at once; return their results."""
    running = [
        subprocess.Popen(
            import_command(folder, "-v0"),
            cwd=BASE_DIR,
            env=subprocess_environment(database_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for process in running:
        _, stderr = process.communicate(timeout=timeout)
        results.append((process.returncode, stderr))
    return results


def concurrency_problems(snapshot, expected, processes):
    """Return duplicates, lost articles and batch counts that do not add up."""
    problems = database_problems(snapshot)
    if snapshot.article_count != expected.article_count:
        problems.append(
            f"{snapshot.article_count} articles, expected {expected.article_count}"
        )
    for name, prints in expected.articles.items():
        present = snapshot.articles.get(name, set())
        if present != prints:
            problems.append(f"{name}: {len(present)} of {len(prints)} articles")
        batches = snapshot.batches.get(name, [])
        created = sum(batch[2] for batch in batches)
        skipped = sum(batch[3] for batch in batches)
        if (len(batches), created, skipped) != (
            processes,
            len(prints),
            len(prints) * (processes - 1),
        ):
            problems.append(
                f"{name}: {len(batches)} batches, {created} created, {skipped} skipped"
            )
        for fingerprint in present & prints:
            if snapshot.bylines[fingerprint][1] != expected.bylines[fingerprint][1]:
                problems.append(f"{name}: an article lost bylines")
    return problems


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpProxy:
    """Forward a local port to a server; stop() is the server going away.

    While stopped, nothing listens on the port (connections are refused)
    and every connection made through it has been cut.
    """

    def __init__(self, host, port):
        self.upstream = (host, port)
        self.port = free_port()
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(
            target=self._accept, args=(self.listener,), daemon=True
        ).start()

    def stop(self):
        listener, self.listener = self.listener, None
        _close(listener)
        with self.lock:
            for sock in self.sockets:
                _close(sock)
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                if self.listener is not listener:
                    return
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(
                    target=self._pipe, args=(source, target), daemon=True
                ).start()

    def _pipe(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)


def _close(sock):
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class Gunicorn:
    """gunicorn serving the site on a free loopback port, production settings."""

    def __init__(self, database_url, log_path, workers=2, **variables):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        variables.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "newsroom.wsgi:application",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=60",
            ],
            cwd=BASE_DIR,
            env=subprocess_environment(database_url, **variables),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_up()

    def wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz")

    def get(self, path, timeout=15):
        """Return (status, headers, body text) of a GET, whatever the status."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        return self.log_path.read_text()

"""The site as production runs it, for the checkers: the README's recipe.

A temporary SQLite database and media folder, `migrate`, `collectstatic` with
hashed and compressed static files, the data set of `tests.checkers.dataset`,
then gunicorn with `DJANGO_DEBUG=0`, the real middleware, the page cache and
the public address set to the server's own.
"""

import gzip
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30
REQUEST_TIMEOUT = 20


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    url: str

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self):
        return self.body.decode("utf-8")


@dataclass
class ProductionSite:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp("-checkers")))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    manifest: dict = field(default_factory=dict)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def environ(self):
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "NEWSROOM_", "REDIS_"))
        }
        environ.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_MANIFEST_STATIC="1",
            DJANGO_STATIC_ROOT=str(self.folder / "static"),
            DJANGO_MEDIA_ROOT=str(self.folder / "media"),
            DJANGO_LOG_LEVEL="WARNING",
            DATABASE_URL=f"sqlite:///{self.folder / 'db.sqlite3'}",
            NEWSROOM_CACHE_DIR=str(self.folder / "cache"),
            NEWSROOM_SITE_URL=self.url,
            PYTHONPATH=str(ROOT),
        )
        return environ

    def run(self, *command, env=None):
        """Run a step of the recipe; a failure shows what the step printed."""
        done = subprocess.run(
            [sys.executable, *command],
            cwd=ROOT,
            env=env or self.environ(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")

    def manage(self, *args):
        self.run("manage.py", *args)

    def start(self):
        env = self.environ()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        manifest = self.folder / "manifest.json"
        self.run("-m", "tests.checkers.dataset", str(manifest), env=env)
        self.manifest = json.loads(manifest.read_text())
        self.log = open(self.folder / "gunicorn.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.server_log()}")
            try:
                if self.get("/healthz").status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer: {self.server_log()}")

    def server_log(self):
        return (self.folder / "gunicorn.log").read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def get(self, path_or_url, headers=None):
        """GET without following redirects; a gzip body is returned decoded."""
        parts = urlsplit(path_or_url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        path = quote(path, safe="/%?=&:;,+@!$'()*~")
        connection = HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("GET", path or "/", headers=headers or {})
            answer = connection.getresponse()
            body = answer.read()
            response_headers = {k.lower(): v for k, v in answer.getheaders()}
        finally:
            connection.close()
        if response_headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return Response(answer.status, response_headers, body, path)

    def sign_in(self, username, password):
        """Sign in through the admin's login form; return the cookies
        {name: value} of the staff session."""
        cookies = {}

        def exchange(method, body=None, headers=None):
            connection = HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
            try:
                sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
                connection.request(
                    method, "/admin/login/", body, {**sent, **(headers or {})}
                )
                answer = connection.getresponse()
                page = answer.read().decode("utf-8", "replace")
                for name, value in answer.getheaders():
                    if name.lower() == "set-cookie":
                        key, _, rest = value.partition("=")
                        cookies[key] = rest.split(";")[0]
                return answer.status, page
            finally:
                connection.close()

        _, form = exchange("GET")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        body = urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        status, page = exchange(
            "POST", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"signing in as {username} failed ({status}): {page}")
        return cookies

    def is_own(self, url):
        parts = urlsplit(url)
        return not parts.netloc or parts.netloc == f"127.0.0.1:{self.port}"

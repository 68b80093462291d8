"""Benchmark the importer: parse only, and full imports on SQLite and PostgreSQL.

Usage, from the project's root:

    .venv/bin/python bench/import.py [--articles 10000] [--databases sqlite,postgres]
        [--rounds 2] [--postgres-url postgres://…/newsroom_bench]

It writes page files of 5 to 10 articles each into a temporary folder, made
from the sample page with distinct headlines and bodies (so every article
has its own fingerprint) and reporters drawn from a realistic pool; then it
times, in articles per second:

- parsing alone (decode and parse every file, in this process);
- a full import of the folder by `manage.py import_articles`, bylines and
  people included, into a fresh database of each kind;
- the same import with revisions turned off (`SIMPLE_HISTORY_ENABLED`), so
  that the cost of keeping each article's first revision is measured in the
  same run: `--rounds` imports with and without in turn (default 2), the
  fastest of each reported;
- a bare `Article.objects.bulk_create` of the same number of articles into a
  fresh database of each kind, the baseline the import is compared with.

Imports and baselines run in child processes, so the peak RSS printed is
that of the import alone. PostgreSQL databases are created and dropped here
(default postgres://postgres@127.0.0.1:5432/newsroom_bench).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path, where a sibling
# script (bench/http.py) would hide the standard module of the same name.
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

from articles import parsing  # noqa: E402  (standard library only)
from bench import common  # noqa: E402

ISSUE_DATE = date(2021, 11, 6)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "军方文韬彦庆坤国樑明华静强伟芳娜敏丽磊洋勇艳杰涛超秀英霞平刚桂兰"
CHILD_ENV = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_DEBUG": "0",  # debug mode would keep every query in memory
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def names(rng, count):
    pool = set()
    while len(pool) < count:
        given = "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        pool.add(rng.choice(SURNAMES) + given)
    return sorted(pool)


def article_text(template, number, rng, reporters, correspondents):
    """Return one article as printed: titles, paragraphs, byline lines."""
    month_day = f"{rng.randint(1, 11)}月{rng.randint(1, 28)}日"
    lead, *rest = template.paragraphs
    lead = lead.replace("本报讯 ", f"本报讯 {month_day},第{number}次", 1)
    body = [lead, *(f"{p[:-1]}（{number}）{p[-1]}" for p in rest)]
    titles = f"{template.headline}（{number}）"
    if template.subheadline:
        titles += f" {template.subheadline}"
    lines = [
        titles,
        *body,
        "记者 " + " ".join(rng.sample(reporters, rng.randint(1, 2))),
    ]
    if rng.random() < 0.5:
        lines.append(
            "通讯员 " + " ".join(rng.sample(correspondents, rng.randint(1, 2)))
        )
    return "\n\n".join(lines)


def write_pages(folder, count, seed=20211106):
    """Write count articles as page files of 5 to 10; return the number of files."""
    rng = random.Random(seed)
    sample = (ROOT / "samples" / "sample-page.txt").read_bytes()
    templates = parsing.parse_page(parsing.decode_page(sample)[0], ISSUE_DATE).articles
    reporters, correspondents = names(rng, 60), names(rng, 300)
    number = files = 0
    while number < count:
        size = min(rng.randint(5, 10), count - number)
        texts = []
        for _ in range(size):
            number += 1
            template = rng.choice(templates)
            texts.append(article_text(template, number, rng, reporters, correspondents))
        files += 1
        page = "\n\n".join(texts) + "\n"
        Path(folder, f"page{files:06}.txt").write_text(page, encoding="utf-8")
    return files


def parse_only(folder):
    started, found = time.perf_counter(), 0
    for path in sorted(Path(folder).glob("*.txt")):
        text, _ = parsing.decode_page(path.read_bytes())
        found += len(parsing.parse_page(text, ISSUE_DATE).articles)
    return found, time.perf_counter() - started


# --- Databases ----------------------------------------------------------------


class SqliteDatabase:
    label = "sqlite"

    def __init__(self, workdir):
        self.workdir = workdir
        self.made = 0

    def create(self):
        self.made += 1
        return f"sqlite:///{self.workdir}/bench{self.made}.db"

    def drop(self):
        pass  # the temporary folder goes at the end


class PostgresDatabase:
    label = "postgres"

    def __init__(self, url):
        import psycopg2

        self.url = url
        base, _, self.name = url.rpartition("/")
        self.connection = psycopg2.connect(f"{base}/postgres")
        self.connection.autocommit = True

    def create(self):
        self.drop()
        with self.connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def drop(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def run_child(database_url, *args):
    env = {**os.environ, **CHILD_ENV, "DATABASE_URL": database_url}
    for command in (["manage.py", "migrate", "-v0"], [__file__, "--child", *args]):
        result = subprocess.run(
            [sys.executable, *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Child processes ----------------------------------------------------------


def child(mode, folder):
    """Run one import or one baseline in this process; print its figures as JSON."""
    import django

    django.setup()
    from django.conf import settings

    from articles.models import Article

    if mode == "import-without-revisions":
        settings.SIMPLE_HISTORY_ENABLED = False
    figures = bulk_create(folder) if mode == "baseline" else import_folder(folder)
    figures["stored"] = Article.objects.count()
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def import_folder(folder):
    """Time the command, and within it reading (decode, parse, check) and storing."""
    from django.core.management import call_command

    from articles.importing import pages, store

    figures = {"load": 0.0, "store": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                figures[name] += time.perf_counter() - started

        return wrapper

    pages.load_page = timed("load", pages.load_page)
    store.import_pages = timed("store", store.import_pages)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command(
            "import_articles",
            folder,
            "--issue-date",
            ISSUE_DATE.isoformat(),
            "--publish",
            stdout=quiet,
            stderr=quiet,
        )
    figures["seconds"] = time.perf_counter() - started
    return figures


def bulk_create(folder):
    """Time a bare bulk_create of the folder's articles, prepared beforehand."""
    from articles.importing import pages
    from articles.models import Article

    articles = []
    for path in sorted(Path(folder).glob("*.txt")):
        page = pages.load_page(path.read_bytes(), path.name, ISSUE_DATE)
        articles += [pages.build_article(parsed) for parsed in page.articles]
    started = time.perf_counter()
    Article.objects.bulk_create(articles, batch_size=1000)
    return {"seconds": time.perf_counter() - started}


# --- Report -------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="comma list: sqlite,postgres"
    )
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="imports with and without revisions, in turn; the fastest counts",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as workdir:
        folder = Path(workdir, "pages")
        folder.mkdir()
        files = write_pages(folder, args.articles)
        found, parse_seconds = parse_only(folder)
        print(f"Machine: {common.machine_summary()}; load {common.load_average()}")
        print(f"{args.articles} articles in {files} page files of 5 to 10 articles")
        if found != args.articles:
            print(f"warning: the parser found {found} articles, not {args.articles}")
        print(f"parse only: {found / parse_seconds:,.0f} articles/s")
        print()
        print(
            f"{'database':<10}{'import/s':>10}{'bulk_create/s':>15}{'ratio':>8}"
            f"{'parse s':>9}{'db s':>7}{'db/parse':>10}{'peak RSS':>10}"
            f"{'no rev/s':>10}{'rev/no rev':>12}"
        )
        for label in args.databases.split(","):
            try:
                database = (
                    SqliteDatabase(workdir)
                    if label == "sqlite"
                    else PostgresDatabase(args.postgres_url)
                )
            except Exception as error:  # psycopg2.OperationalError: no server
                print(f"{label:<10}skipped: {str(error).strip()}")
                continue
            try:
                # With and without revisions in turn, the fastest of each
                # kept: on a shared machine the load changes between runs.
                imported = bare = None
                for _ in range(args.rounds):
                    imported = fastest(
                        imported, run_child(database.create(), "import", str(folder))
                    )
                    bare = fastest(
                        bare,
                        run_child(
                            database.create(), "import-without-revisions", str(folder)
                        ),
                    )
                baseline = run_child(database.create(), "baseline", str(folder))
            finally:
                database.drop()
            report(label, args.articles, imported, baseline, bare)
        print(
            "\nratio: import rate / bulk_create rate; parse s: decoding, parsing and"
            "\nchecking inside the import; db s: storing (import_pages); peak RSS of"
            "\nthe import process; no rev/s: the import with revisions off;"
            "\nrev/no rev: the import's rate with revisions over that without."
        )
        print(f"\nLoad average at the end: {common.load_average()}")


def fastest(best, run):
    return run if best is None or run["seconds"] < best["seconds"] else best


def report(label, count, imported, baseline, bare):
    stored = [run["stored"] for run in (imported, baseline, bare)]
    if any(number != count for number in stored):
        print(f"warning: {label} stored {' / '.join(map(str, stored))}")
    rate, base = count / imported["seconds"], count / baseline["seconds"]
    bare_rate = count / bare["seconds"]
    print(
        f"{label:<10}{rate:>10,.0f}{base:>15,.0f}{rate / base:>8.2f}"
        f"{imported['load']:>9.2f}{imported['store']:>7.2f}"
        f"{imported['store'] / imported['load']:>10.2f}"
        f"{imported['peak_rss_mb']:>8.0f}MB"
        f"{bare_rate:>10,.0f}{rate / bare_rate:>12.2f}"
    )


if __name__ == "__main__":
    main()

"""CPU time of an uncached page, against plain Django on the same machine.

    .venv/bin/python bench/cold_pages.py                      # 10,000 articles
    .venv/bin/python bench/cold_pages.py --requests 50 --rounds 3
    .venv/bin/python bench/cold_pages.py --anchors ../shared/bench/anchors
    .venv/bin/python bench/cold_pages.py --profile /latest/   # where the time goes
    .venv/bin/python bench/cold_pages.py \
        --database-url postgres://postgres@127.0.0.1:5432/cold_newsroom \
        --anchor-db pg:cold_anchor                            # on PostgreSQL

Fills a temporary SQLite file with generated articles for Newsroom and
another with the plain Django anchor's own generator (`djnews` in the
anchors folder, same article count), then measures, in rounds that alternate
the two sites, the CPU time (time.process_time) each request takes in a
fresh process of each site: the full Django handler and middleware through
django.test.Client, every cache off on Newsroom's side (page cache and
cached pieces). Each page is requested once before it is timed, so template
loading is not counted. The figure per page is the median over all rounds;
the ratio compares it with plain Django's list page (for Newsroom's lists)
or article page (for its article page): above 1.0, Newsroom costs less.

CPU time, not wall time: the machine is shared, and the CPU time a request
takes in its own process is what a busy server pays for it. On SQLite the
database work runs in the same process, so it is counted too. On PostgreSQL
(--anchor-db pg:NAME, and a postgres:// --database-url for Newsroom, both
refilled) the server's work is not: the wall time per request is reported
beside the CPU time, and counts it.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

DEFAULT_ANCHORS = common.BASE_DIR.parent / "shared" / "bench" / "anchors"


def newsroom_paths():
    """Return [(name, kind, path)] of the pages measured, from the dataset."""
    import datetime

    from django.utils import timezone

    from articles.models import Article
    from people.models import Department, Reporter

    published = Article.objects.published()
    desk = Department.objects.filter(kind=Department.Kind.DESK).first()
    reporter = Reporter.objects.filter(articles__in=published[:50]).first()
    old_day = timezone.localtime(published.order_by("published_at")[50].published_at)
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    return [
        ("front page", "list", "/"),
        ("latest list", "list", "/latest/"),
        ("department", "list", desk.get_absolute_url()),
        ("person", "list", reporter.get_absolute_url()),
        ("filtered list", "list", f"/latest/?department={desk.slug}"),
        ("list since a year", "list", f"/latest/?date_from={year_ago}"),
        ("search 疫情", "list", "/latest/?q=疫情"),
        (
            "archive day",
            "list",
            f"/archive/{old_day.year}/{old_day.month}/{old_day.day}/",
        ),
        ("article", "article", published[100].get_absolute_url()),
        (
            "old article",
            "article",
            published.order_by("published_at")[7].get_absolute_url(),
        ),
    ]


def anchor_paths():
    from news.models import Article

    published = Article.objects.filter(status="published").order_by("-published_at")
    return [
        ("list", "list", "/articles/"),
        ("article", "article", f"/articles/{published[100].pk}/"),
    ]


def measure(paths, requests):
    """Return {path: [CPU ms of each request]} (each page requested once first)."""
    from django.test import Client

    client = Client()
    times = {}
    for _, _, path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        samples = []
        for _ in range(requests):
            start, wall = time.process_time(), time.perf_counter()
            client.get(path)
            cpu_ms = (time.process_time() - start) * 1000
            samples.append((cpu_ms, (time.perf_counter() - wall) * 1000))
        times[path] = samples
    return times


def setup_site(site, database_url, anchor_dir):
    """Set Django up in this process for site, every cache off on Newsroom's
    side; return the pages to measure."""
    if site == "newsroom":
        common.setup_django(
            database_url,
            NEWSROOM_PAGE_CACHE_SECONDS="0",
            NEWSROOM_FRAGMENT_CACHE_SECONDS="0",
        )
        return newsroom_paths()
    sys.path.insert(0, str(anchor_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "djnews.settings"
    import django

    django.setup()
    return anchor_paths()


def worker(args):
    """Measure one site in this process; print JSON."""
    paths = setup_site(args.site, args.database_url, args.anchor_dir)
    print(json.dumps({"paths": paths, "times": measure(paths, args.requests)}))


def profile(args):
    """Print the 30 costliest functions (cumulative) of one Newsroom page."""
    import cProfile
    import pstats

    common.setup_django(
        args.database_url,
        NEWSROOM_PAGE_CACHE_SECONDS="0",
        NEWSROOM_FRAGMENT_CACHE_SECONDS="0",
    )
    from django.test import Client

    client = Client()
    client.get(args.profile)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.requests):
        client.get(args.profile)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def run_worker(site, args, database_url, anchor_dir, environ):
    command = [
        sys.executable,
        __file__,
        "--worker",
        site,
        "--requests",
        str(args.requests),
        "--database-url",
        database_url,
        "--anchor-dir",
        str(anchor_dir),
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, env=environ, check=False
    )
    if out.returncode:
        raise SystemExit(f"{site} worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(args, workdir):
    """Fill both databases; return (newsroom URL, anchor folder, anchor env)."""
    newsroom_url = args.database_url or f"sqlite:///{workdir}/newsroom.db"
    if not args.database_url or getattr(args, "refill", False):
        if newsroom_url.startswith("postgres"):
            common.recreate_postgres_database(newsroom_url)
        subprocess.run(
            [
                sys.executable,
                str(common.BASE_DIR / "bench" / "common.py"),
                "dataset",
                "--database-url",
                newsroom_url,
                "--articles",
                str(args.articles),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if getattr(args, "anchor_db", None):
        os.environ["ANCHOR_DB"] = args.anchor_db
        if args.anchor_db.startswith("pg:"):
            name = args.anchor_db.removeprefix("pg:")
            common.recreate_postgres_database(
                f"postgres://postgres@127.0.0.1:5432/{name}"
            )
    anchor_dir = workdir / "djnews"
    shutil.copytree(Path(args.anchors) / "djnews", anchor_dir)
    environ = {
        **os.environ,
        "ANCHOR_WORK": str(workdir),
        # newsgen.py, the anchors' text generator, sits beside djnews/.
        "PYTHONPATH": str(Path(args.anchors).resolve()),
    }
    for step in (["migrate", "-v0"], ["gen_articles", "--n", str(args.articles)]):
        subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=anchor_dir,
            env=environ,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return newsroom_url, anchor_dir, environ


def medians(samples):
    """Return the median CPU ms and the median wall ms of samples."""
    return tuple(statistics.median(column) for column in zip(*samples, strict=True))


def report(results):
    """Print the median CPU and wall ms per page, and the ratios to plain Django."""
    anchor = {}
    for _, kind, path in results["anchor"]["paths"]:
        anchor[kind] = medians(results["anchor"]["times"][path])
    print(f"{'page':<20} {'CPU ms':>8} {'ratio':>6} {'wall ms':>8} {'ratio':>6}")
    for kind in ("list", "article"):
        cpu, wall = anchor[kind]
        print(f"{'plain Django ' + kind:<20} {cpu:8.2f} {'':>6} {wall:8.2f}")
    for name, kind, path in results["newsroom"]["paths"]:
        cpu, wall = medians(results["newsroom"]["times"][path])
        print(
            f"{name:<20} {cpu:8.2f} {anchor[kind][0] / cpu:6.2f}"
            f" {wall:8.2f} {anchor[kind][1] / wall:6.2f}   {path}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--anchors", default=str(DEFAULT_ANCHORS))
    parser.add_argument(
        "--database-url",
        help="Newsroom's database: an existing SQLite file (not refilled),"
        " or a PostgreSQL database on loopback (refilled)",
    )
    parser.add_argument(
        "--anchor-db", help="ANCHOR_DB for plain Django (pg:NAME: recreated)"
    )
    parser.add_argument("--profile", metavar="PATH")
    parser.add_argument("--worker", choices=("newsroom", "anchor"), dest="site")
    parser.add_argument("--anchor-dir", type=Path)
    args = parser.parse_args()
    if args.site:
        return worker(args)
    if args.profile:
        return profile(args)
    # A PostgreSQL database is the benchmark's own: refilled.
    args.refill = bool(args.database_url and args.database_url.startswith("postgres"))
    print(f"Machine: {common.machine_summary()}; load {common.load_average()}")
    with tempfile.TemporaryDirectory(prefix="newsroom-cold-") as tmp:
        newsroom_url, anchor_dir, environ = prepare(args, Path(tmp))
        results = {"newsroom": None, "anchor": None}
        for _ in range(args.rounds):
            for site in ("anchor", "newsroom"):
                found = run_worker(site, args, newsroom_url, anchor_dir, environ)
                if results[site] is None:
                    results[site] = found
                else:
                    for path, samples in found["times"].items():
                        results[site]["times"][path] += samples
        database = "PostgreSQL" if newsroom_url.startswith("postgres") else "SQLite"
        print(
            f"{args.articles:,} articles, {database}, all caches off; "
            f"{args.rounds} rounds x {args.requests} requests per page, "
            f"median CPU time per request; load {common.load_average()}"
        )
        report(results)


if __name__ == "__main__":
    main()

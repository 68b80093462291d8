"""A working newsroom: readers, an editor saving, imports; caches on.

    .venv/bin/python bench/newsroom_day.py                  # 10,000 articles, 60 s
    .venv/bin/python bench/newsroom_day.py --seconds 120 --save-every 10 \\
        --import-every 60 --anchors ../shared/bench/anchors
    .venv/bin/python bench/newsroom_day.py --articles 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/NAME \\
        --redis-url redis://127.0.0.1:6379/3 --anchor-db pg:NAME_anchor

Readers request a realistic mix, drawn with a fixed seed: the front page and
the latest list, their next pages, desk and reporter pages, recent articles
most, a long tail of old articles (Zipf over every published article by
age, so an old article is rarely asked for twice), searches and feeds.
Meanwhile an editor saves a recent article every --save-every seconds (its
headline changes, through Article.save(), as the admin saves) and a page of
5 to 10 new articles is imported and published every --import-every
seconds (importing.run(), as the command and the admin do).

Newsroom runs with its caches as deployed on one machine without Redis (page
cache and pieces in the process's memory, the content version in a file),
or, with --redis-url, as deployed with Redis. A database given is copied
first (PostgreSQL: CREATE DATABASE ... TEMPLATE, dropped after the run).
Plain Django (`djnews` in the anchors folder, same article count, on SQLite
or on the PostgreSQL database --anchor-db names) serves the same read mix
in the same run, as lists and article pages of its own: it has no cache
and nothing to invalidate. Each site runs in one process,
requests one after another, so throughput is requests per CPU second of
that process (time.process_time), which other work on a shared machine
does not change; latencies are wall time, which it does. Printed: requests,
requests per CPU second and the ratio to plain Django, p50/p95/p99 latency,
and Newsroom's page-cache hit ratio (X-Page-Cache), by kind of page with
why pages missed. With --warm-up, both sites first serve the same work
(writers included) for that long unmeasured: the figures are then those of
a newsroom at work, not of one starting with every cache empty; the saves
and imports counted are the whole run's.
"""

import argparse
import bisect
import importlib.util
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cold_pages  # noqa: E402
import common  # noqa: E402

# (share of requests, kind of page)
MIX = (
    (0.14, "front"),
    (0.10, "latest"),
    (0.04, "latest page"),
    (0.10, "department"),
    (0.05, "person"),
    (0.27, "recent article"),
    (0.20, "old article"),
    (0.05, "search"),
    (0.05, "feed"),
)
SEARCH_WORDS = ("疫情", "防控", "会议", "核酸检测", "项目", "学校", "社区", "企业")


class Zipf:
    """Draw ranks 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n, s=1.05):
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** s for rank in range(n))
        )

    def draw(self, rng):
        point = rng.random() * self.cumulative[-1]
        return bisect.bisect_left(self.cumulative, point)


def kinds(rng, count):
    shares, names = zip(*MIX, strict=True)
    return rng.choices(names, weights=shares, k=count)


def newsroom_urls(rng, count):
    """Return count URLs of the read mix, from the database's content."""
    from articles.models import Article
    from people.models import Department, Reporter

    by_age = list(
        Article.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("published_at", "pk")
    )
    urls_of = {}

    def article_url(rank):
        published_at, pk = by_age[rank]
        if pk not in urls_of:
            urls_of[pk] = Article(pk=pk, published_at=published_at).get_absolute_url()
        return urls_of[pk]

    desks = [d.get_absolute_url() for d in Department.objects.filter(kind="desk")]
    people = [r.get_absolute_url() for r in Reporter.objects.all()[:100]]
    tail = Zipf(len(by_age))
    pick = {
        "front": lambda: "/",
        "latest": lambda: "/latest/",
        "latest page": lambda: f"/latest/?page={rng.randint(2, 5)}",
        "department": lambda: rng.choice(desks),
        "person": lambda: rng.choice(people),
        "recent article": lambda: article_url(rng.randrange(200)),
        "old article": lambda: article_url(tail.draw(rng)),
        "search": lambda: f"/latest/?q={rng.choice(SEARCH_WORDS)}",
        "feed": lambda: "/feed/rss/",
    }
    return [(kind, pick[kind]()) for kind in kinds(rng, count)]


def anchor_urls(rng, count):
    """The same mix on plain Django: its list for every list, its articles."""
    from news.models import Article

    ids = list(
        Article.objects.filter(status="published")
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    tail = Zipf(len(ids))
    pick = {
        "latest page": lambda: f"/articles/?page={rng.randint(2, 5)}",
        "recent article": lambda: f"/articles/{ids[rng.randrange(200)]}/",
        "old article": lambda: f"/articles/{ids[tail.draw(rng)]}/",
    }
    return [
        (kind, pick.get(kind, lambda: "/articles/")()) for kind in kinds(rng, count)
    ]


class Newsroom:
    """The editor and the importer, at their moments."""

    def __init__(self, args, rng):
        from articles.models import Article

        self.rng = rng
        self.recent = list(Article.objects.published().order_by("-published_at")[:200])
        self.pages = sorted(Path(args.pages).glob("*.txt"))
        self.saves = self.imports = 0

    def save(self):
        article = self.rng.choice(self.recent)
        article.headline = f"{article.headline.rstrip('（更新）')}（更新）"
        article.save()
        self.saves += 1

    def import_page(self):
        import datetime

        from articles import importing

        path = self.pages[self.imports % len(self.pages)]
        source = importing.Source(label=path.name, file_name=path.name, path=path)
        options = importing.ImportOptions(
            issue_date=datetime.date.today(), publish=True
        )
        importing.run([source], options)
        self.imports += 1


def serve(args):
    """Run the read mix (and, for Newsroom, the writers); print JSON."""
    rng = random.Random(args.seed)
    if args.site == "newsroom":
        caches = {"NEWSROOM_CACHE_DIR": args.cache_dir}
        if args.redis_url:
            caches = {"REDIS_URL": args.redis_url}
        common.setup_django(args.database_url, **caches)
        urls = newsroom_urls(rng, 200_000)
        writers = Newsroom(args, rng)
    else:
        sys.path.insert(0, str(args.anchor_dir))
        os.environ["DJANGO_SETTINGS_MODULE"] = "djnews.settings"
        import django

        django.setup()
        urls = anchor_urls(rng, 200_000)
        writers = None
    from django.test import Client

    client = Client()
    latencies, hits, misses, by_kind = [], 0, 0, {}
    why = MissReasons() if writers else None
    started = time.monotonic()
    next_save = started + args.save_every
    next_import = started + args.import_every
    cpu = 0.0
    measured = False
    for kind, url in urls:
        now = time.monotonic()
        if now - started >= args.warm_up + args.seconds:
            break
        if not measured and now - started >= args.warm_up:
            # From here on: what a reader meets in a newsroom already at work.
            measured = True
            latencies, hits, misses, by_kind, cpu = [], 0, 0, {}, 0.0
            why = MissReasons(why.seen) if why else None
        if writers and now >= next_save:
            writers.save()
            next_save += args.save_every
        if writers and now >= next_import:
            writers.import_page()
            next_import += args.import_every
        reason = why.before(url) if why else None
        wall, start = time.perf_counter(), time.process_time()
        response = client.get(url)
        spent = time.process_time() - start
        cpu += spent
        latencies.append((time.perf_counter() - wall) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        state = response.get("X-Page-Cache")
        hits += state == "hit"
        misses += state == "miss"
        seen = by_kind.setdefault(kind, [0, 0, 0.0, 0.0])
        seen[0] += state == "hit"
        seen[1] += 1
        seen[2 if state == "hit" else 3] += spent
        if why and state == "miss":
            why.count(kind, reason)
    result = {
        "latencies": latencies,
        "cpu": cpu,
        "hits": hits,
        "misses": misses,
        "by_kind": by_kind,
    }
    if writers:
        result.update(saves=writers.saves, imports=writers.imports, why=why.counts)
    print(json.dumps(result))


def tag_kind(key):
    """Return the kind of a tag's cache key: article, all, desk, day..."""
    kind, *rest = key.split(":")[2:]
    return rest[0] if kind == "lists" else kind


class MissReasons:
    """Why a page missed: what its cache entry held just before the request.

    first: never asked for before; gone: evicted or expired; content: stored
    under an older content version (a page that declared no tags); structure:
    a tagged page stored under an older structure version; tags: a tagged
    page some of whose tags have a newer generation, by kind of tag (an
    article, lists of all, a desk, a day, a reporter, the menu); recheck: a
    search found other articles. Read outside the timed part of the request.
    """

    def __init__(self, seen=()):
        from django.test import RequestFactory

        self.factory = RequestFactory()
        self.seen = set(seen)
        self.counts = {}

    def before(self, url):
        from newsroom import pagecache

        key = pagecache.page_key(self.factory.get(url))
        entry = pagecache.page_cache().get(key)
        first = url not in self.seen
        self.seen.add(url)
        versions = pagecache.version_cache()
        if entry is None:
            return "first" if first else "gone"
        if len(entry) == 2:
            current = versions.get(pagecache.VERSION_KEY)
            return "content" if entry[0] != current else "?"
        structure, generations, _, *check = entry
        if structure != versions.get(pagecache.STRUCTURE_KEY):
            return "structure"
        found = pagecache.tag_cache().get_many(list(generations))
        changed = {
            tag_kind(tag) for tag in generations if found.get(tag) != generations[tag]
        }
        if changed:
            return "tags " + "+".join(sorted(changed))
        return "recheck" if check else "?"

    def count(self, kind, reason):
        of_kind = self.counts.setdefault(kind, {})
        of_kind[reason] = of_kind.get(reason, 0) + 1


def write_pages(folder, count):
    """Write import pages with the importer benchmark's generator."""
    spec = importlib.util.spec_from_file_location(
        "bench_import", Path(__file__).resolve().parent / "import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_pages(folder, count, seed=99)


def summary(name, result, anchor=None):
    done = len(result["latencies"])
    per_cpu = done / result["cpu"]
    q = statistics.quantiles(result["latencies"], n=100)
    line = (
        f"{name:<13} {done:>7,} {per_cpu:>9,.0f}"
        f" {per_cpu / anchor if anchor else 1:>6.2f}"
        f" {q[49]:>7.1f} {q[94]:>7.1f} {q[98]:>7.1f}"
    )
    if result["hits"] + result["misses"]:
        ratio = result["hits"] / (result["hits"] + result["misses"])
        line += (
            f"  {ratio:6.1%}  ({result['saves']} saves, {result['imports']} imports)"
        )
    print(line)
    return per_cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--save-every", type=float, default=10)
    parser.add_argument("--import-every", type=float, default=60)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--warm-up",
        type=float,
        default=0,
        help="seconds of the same work before measuring (writers included)",
    )
    parser.add_argument("--anchors", default=str(cold_pages.DEFAULT_ANCHORS))
    parser.add_argument(
        "--database-url",
        help="an existing database with --articles articles: SQLite (copied) or"
        " PostgreSQL on loopback (copied as a template)",
    )
    parser.add_argument(
        "--redis-url", help="Redis for Newsroom's caches (emptied first)"
    )
    parser.add_argument(
        "--anchor-db", help="ANCHOR_DB for plain Django (pg:NAME: recreated)"
    )
    parser.add_argument("--serve", choices=("newsroom", "anchor"), dest="site")
    parser.add_argument("--anchor-dir", type=Path)
    parser.add_argument("--cache-dir")
    parser.add_argument("--pages")
    args = parser.parse_args()
    if args.site:
        return serve(args)
    print(f"Machine: {common.machine_summary()}; load {common.load_average()}")
    with tempfile.TemporaryDirectory(prefix="newsroom-day-") as tmp:
        work = Path(tmp)
        copy = working_copy(args.database_url, work)
        try:
            results = run_sites(args, work, copy)
        finally:
            if copy and copy.startswith("postgres"):
                drop_postgres_database(copy)
    label = "PostgreSQL + Redis" if args.redis_url else "SQLite"
    if args.database_url and args.database_url.startswith("postgres"):
        label = "PostgreSQL" + (" + Redis" if args.redis_url else "")
    report(args, label, results)


def working_copy(database_url, work):
    """Return the URL of a copy of database_url that the run may write to."""
    if not database_url:
        return None
    if database_url.startswith("postgres"):
        source = urlsplit(database_url)
        copy = source._replace(path=source.path + "_day_run").geturl()
        common.recreate_postgres_database(copy)
        drop_postgres_database(copy)
        run_sql(copy, 'CREATE DATABASE "{}" TEMPLATE "{}"', source.path[1:])
        return copy
    shutil.copy(database_url.removeprefix("sqlite:///"), work / "newsroom.db")
    return f"sqlite:///{work}/newsroom.db"


def run_sql(url, statement, template=None):
    """Run CREATE or DROP DATABASE for url's database on its server."""
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(statement.format(parts.path[1:], template))
    admin.close()


def drop_postgres_database(url):
    run_sql(url, 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)')


def run_sites(args, work, newsroom_url):
    """Run plain Django, then Newsroom; return their results."""
    cold_args = argparse.Namespace(
        database_url=newsroom_url, articles=args.articles, anchors=args.anchors
    )
    if args.anchor_db:
        os.environ["ANCHOR_DB"] = args.anchor_db
        if args.anchor_db.startswith("pg:"):
            name = args.anchor_db.removeprefix("pg:")
            common.recreate_postgres_database(
                f"postgres://postgres@127.0.0.1:5432/{name}"
            )
    newsroom_url, anchor_dir, environ = cold_pages.prepare(cold_args, work)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    (work / "pages").mkdir()
    write_pages(work / "pages", 200)
    results = {}
    for site in ("anchor", "newsroom"):
        command = [
            sys.executable,
            __file__,
            "--serve",
            site,
            *("--database-url", newsroom_url, "--anchor-dir", str(anchor_dir)),
            *("--cache-dir", str(work / "cache"), "--pages", str(work / "pages")),
            *("--seconds", str(args.seconds), "--seed", str(args.seed)),
            *("--warm-up", str(args.warm_up)),
            *("--save-every", str(args.save_every)),
            *("--import-every", str(args.import_every)),
            *(("--redis-url", args.redis_url) if args.redis_url else ()),
        ]
        out = subprocess.run(
            command, capture_output=True, text=True, env=environ, check=False
        )
        if out.returncode:
            raise SystemExit(f"{site} failed:\n{out.stderr}")
        results[site] = json.loads(out.stdout.strip().splitlines()[-1])
    return results


def report(args, label, results):
    print(
        f"{args.articles:,} articles, {label}, {args.seconds:.0f} s per site"
        f" measured after {args.warm_up:.0f} s of warm-up, one process each;"
        f" load {common.load_average()}"
    )
    print(
        f"{'site':<13} {'requests':>7} {'req/CPU s':>9} {'ratio':>6}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  hit ratio"
    )
    anchor = summary("plain Django", results["anchor"])
    summary("Newsroom", results["newsroom"], anchor)
    print(
        "Newsroom by kind of page: hit ratio (hits / requests), CPU ms per"
        " hit and per miss, why pages missed (see MissReasons)"
    )
    why = results["newsroom"]["why"]
    for kind, (hit, seen, hit_cpu, miss_cpu) in results["newsroom"]["by_kind"].items():
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(why.get(kind, {}).items()))
        print(
            f"  {kind:<15} {hit / seen:6.1%}  {hit:>5} / {seen:<5}"
            f" {hit_cpu * 1000 / max(hit, 1):6.2f}"
            f" {miss_cpu * 1000 / max(seen - hit, 1):6.2f}  {reasons}"
        )


if __name__ == "__main__":
    main()

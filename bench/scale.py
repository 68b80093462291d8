"""Server time of the public pages over a million articles on PostgreSQL.

Generates the articles (with departments, ~200 reporters, ~500
correspondents and their bylines) into a dedicated database with COPY, runs
VACUUM ANALYZE, then times each public page in-process through Django's test
client with the page cache off: p50/p95 over --requests requests after a
warm-up, with the page's SQL query count; first with the cached pieces of
pages turned off too (the database's work), then with them warm.

    .venv/bin/python bench/scale.py                      # 1,000,000 articles
    .venv/bin/python bench/scale.py --articles 100000    # a quicker run
    .venv/bin/python bench/scale.py --keep               # reuse the database
"""

import argparse
import datetime
import importlib
import io
import multiprocessing
import os
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench import common  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_scale"
CHUNK = 10_000
LIST_TARGET_MS = 50
SEARCH_TARGET_MS = 150
STATISTICS_YEAR_TARGET_MS = 1000
STATISTICS_MONTH_TARGET_MS = 200
BYLINE_TABLES = ("articles_articlereporter", "articles_articlecorrespondent")
TABLES = ("articles_article", *BYLINE_TABLES)
EDITION_TABLES = (
    "edition_issue",
    "edition_page",
    "edition_placement",
    "edition_issueopening",
)
# The pages of every generated issue, in print order: (label, sort key, 版名).
PRINT_PAGES = [
    ("A1", 1001, "要闻"),
    ("A2", 1002, "综合新闻"),
    ("A3", 1003, "航空港新闻"),
    ("A4", 1004, "民生"),
    ("B1", 2001, "经济"),
    ("B2", 2002, "文化"),
    ("B3", 2003, "体育"),
    ("B4", 2004, "副刊"),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument(
        "--years",
        type=int,
        default=10,
        help="years the articles are published over (10); fewer packs a "
        "large archive's yearly volume into fewer articles",
    )
    parser.add_argument("--keep", action="store_true", help="reuse a generated DB")
    parser.add_argument("--requests", type=int, default=50, help="per page (50)")
    parser.add_argument(
        "--admin-requests", type=int, default=10, help="per admin page (10)"
    )
    parser.add_argument(
        "--statistics-requests",
        type=int,
        default=20,
        help="per statistics page (20)",
    )
    parser.add_argument(
        "--only-statistics",
        action="store_true",
        help="time the statistics pages only",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of every page's slowest query",
    )
    return parser.parse_args(argv)


# Generation ------------------------------------------------------------------


def copy_text(value):
    """Return value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def search_grams(article):
    """Return the search_grams array literal the database trigger would store.

    Mirrors articles_search_grams() of migration 0002: every character and
    every pair of neighbouring characters of the upper-cased text.
    """
    doc = "\n".join((article.headline, article.subheadline, article.body)).upper()
    grams = set(doc)
    grams.update(a + b for a, b in zip(doc, doc[1:], strict=False))
    if "\\" in doc or '"' in doc:
        grams = (g.replace("\\", "\\\\").replace('"', '\\"') for g in grams)
    return '{"' + '","'.join(grams) + '"}'


def article_columns():
    from articles.models import Article

    return [f for f in Article._meta.concrete_fields]


def copy_chunk(task):
    """Generate one range of articles and COPY them (runs in a worker process)."""
    serials, count, people, now, dsn, with_grams, years = task
    import psycopg2

    fields = article_columns()
    articles, reporters, correspondents = io.StringIO(), io.StringIO(), io.StringIO()
    for article, reporter_ids, correspondent_ids in common.generate_articles(
        serials, count, people, now, years=years
    ):
        row = [copy_text(getattr(article, f.attname)) for f in fields]
        if with_grams:
            row.append(copy_text(search_grams(article)))
        articles.write("\t".join(row) + "\n")
        for position, pk in enumerate(reporter_ids):
            reporters.write(f"{article.pk}\t{pk}\t{position}\n")
        for position, pk in enumerate(correspondent_ids):
            correspondents.write(f"{article.pk}\t{pk}\t{position}\n")
    columns = ", ".join(f'"{f.column}"' for f in fields)
    if with_grams:
        columns += ", search_grams"
    connection = psycopg2.connect(dsn)
    with connection, connection.cursor() as cursor:
        # Every row is generated consistent: skip per-row triggers (foreign
        # key checks, the search trigger whose result is copied in).
        cursor.execute("SET session_replication_role = replica")
        for table, cols, buffer in (
            ("articles_article", columns, articles),
            (
                "articles_articlereporter",
                "article_id, reporter_id, position",
                reporters,
            ),
            (
                "articles_articlecorrespondent",
                "article_id, correspondent_id, position",
                correspondents,
            ),
        ):
            buffer.seek(0)
            cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)
    connection.close()
    return len(serials)


def dsn_of(database):
    settings = database.settings_dict
    parts = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def secondary_indexes(cursor):
    """Return (name, definition) of indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [list(TABLES)],
    )
    return cursor.fetchall()


def has_search_grams(cursor):
    cursor.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'articles_article' AND column_name = 'search_grams'"
    )
    return cursor.fetchone() is not None


def generate(args):
    """Create the database and fill it; print how long each step took."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    connection.close()
    common.recreate_postgres_database(args.database_url)
    call_command("migrate", verbosity=0)
    people = common.create_people(
        common.NewsWriter(2), reporters=200, correspondents=500
    )
    with connection.cursor() as cursor:
        with_grams = has_search_grams(cursor)
        indexes = secondary_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    print(f"  schema and people: {time.perf_counter() - started:.1f} s")
    dsn = dsn_of(connection)
    connection.close()
    now = datetime.datetime.now(datetime.UTC)
    last = args.articles + 1
    tasks = [
        (range(start, min(start + CHUNK, last)), args.articles, people, now, dsn)
        + (with_grams, args.years)
        for start in range(1, last, CHUNK)
    ]
    step = time.perf_counter()
    done = 0
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for n in pool.imap_unordered(copy_chunk, tasks):
            done += n
            if done * 10 // args.articles != (done - n) * 10 // args.articles:
                elapsed = time.perf_counter() - step
                print(f"  {done:,} articles generated and copied ({elapsed:.0f} s)")
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        for name, definition in indexes:
            index_started = time.perf_counter()
            cursor.execute(definition)
            print(f"  index {name}: {time.perf_counter() - index_started:.1f} s")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), "
            "(SELECT max(id) FROM articles_article))"
        )
    print(f"  indexes: {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  VACUUM ANALYZE: {time.perf_counter() - step:.1f} s")
    generate_edition()
    print(f"Generation took {time.perf_counter() - started:.1f} s")
    if with_grams:
        check_search_grams()


def generate_edition():
    """File the articles in the print edition: an issue per local day, eight
    pages each, a day's articles dealt out over its pages in publication order."""
    from django.conf import settings
    from django.db import connection

    step = time.perf_counter()
    pages = ", ".join(
        f"({n}, '{label}', {key}, '{name}', {str(label == 'A1').lower()})"
        for n, (label, key, name) in enumerate(PRINT_PAGES)
    )
    local_day = "(published_at AT TIME ZONE %s)::date"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(EDITION_TABLES)} RESTART IDENTITY")
        # The issues' openings are filled once at the end, not recomputed
        # by the triggers for each of a million placements.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            f"""
            INSERT INTO edition_issue
                (date, number, total_number, status, created_at, updated_at)
            SELECT DISTINCT {local_day}, NULL::integer, NULL::integer,
                'published', now(), now()
            FROM articles_article WHERE status = 'published'
            """,
            [settings.TIME_ZONE],
        )
        cursor.execute(
            f"""
            INSERT INTO edition_page (issue_id, label, sort_key, name, is_front,
                editor, designer, pdf, image, thumb_rendition, detail_rendition,
                rendered_from, updated_at)
            SELECT i.id, l.label, l.sort_key, l.name, l.is_front, '', '', '', '',
                '', '', '', now()
            FROM edition_issue i
            CROSS JOIN (VALUES {pages}) AS l(n, label, sort_key, name, is_front)
            """
        )
        cursor.execute(
            f"""
            INSERT INTO edition_placement
                (article_id, page_id, "order", is_primary, continued_to,
                 continued_from)
            SELECT ranked.id, p.id, ranked.rank / %s + 1, true, '', ''
            FROM (
                SELECT id, {local_day} AS day, row_number() OVER (
                    PARTITION BY {local_day}
                    ORDER BY published_at DESC, id DESC) - 1 AS rank
                FROM articles_article WHERE status = 'published'
            ) AS ranked
            JOIN edition_issue i ON i.date = ranked.day
            JOIN edition_page p ON p.issue_id = i.id
                AND p.sort_key = (ARRAY[{", ".join(str(k) for _, k, _ in PRINT_PAGES)}])[
                    ranked.rank %% %s + 1]
            """,
            [len(PRINT_PAGES), settings.TIME_ZONE, settings.TIME_ZONE,
             len(PRINT_PAGES)],
        )  # fmt: skip
        cursor.execute("RESET session_replication_role")
        opening = importlib.import_module("edition.migrations.0004_issue_opening")
        for statement in opening.fill_statements():
            cursor.execute(statement)
        for table in EDITION_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("SELECT count(*) FROM edition_issue")
        issues = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM edition_placement")
        placements = cursor.fetchone()[0]
    print(
        f"  edition: {issues:,} issues of {len(PRINT_PAGES)} pages, "
        f"{placements:,} placements ({time.perf_counter() - step:.1f} s)"
    )


def edition_is_empty():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM edition_placement)")
        return cursor.fetchone()[0]


def check_search_grams():
    """Compare copied search_grams with what the trigger computes, on a sample."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE NOT (g @> search_grams AND search_grams @> g))
            FROM (
                SELECT search_grams, articles_search_grams(
                    concat_ws(E'\\n', headline, subheadline, body)) AS g
                FROM articles_article TABLESAMPLE SYSTEM (1) LIMIT 2000
            ) AS sample
            """
        )
        mismatches = cursor.fetchone()[0]
    if mismatches:
        raise SystemExit(f"{mismatches} articles have search_grams unlike the trigger")


# Measurement -----------------------------------------------------------------


def describe_dataset():
    from django.db import connection

    from articles.models import Article

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, count(*) FROM articles_article GROUP BY status ORDER BY 1"
        )
        statuses = ", ".join(f"{s} {n:,}" for s, n in cursor.fetchall())
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "pg_size_pretty(pg_total_relation_size('articles_article'))"
        )
        database_size, table_size = cursor.fetchone()
    published = Article.objects.published()
    span = published.order_by("published_at").values_list("published_at", flat=True)
    print(
        f"Dataset: {statuses}; published {span.first():%Y-%m-%d} to "
        f"{span.last():%Y-%m-%d}; database {database_size} "
        f"(articles with indexes {table_size})"
    )


def term_share(term):
    """Return the share of published articles whose text contains term."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT avg((strpos(upper(headline || subheadline || body), upper(%s)) > 0)"
            "::int) FROM articles_article TABLESAMPLE SYSTEM (2) WHERE status = "
            "'published'",
            [term],
        )
        return float(cursor.fetchone()[0] or 0)


def pages_to_time():
    """Return [(name, kind, path)] covering every kind of public page."""
    from django.urls import reverse
    from django.utils import timezone

    from articles import views
    from articles.models import Article
    from edition.models import Issue, Page
    from people.models import Department, Reporter

    max_pages = getattr(views, "MAX_PAGES", 50)
    published = Article.objects.published()
    department = Department.objects.filter(kind=Department.Kind.DESK).first()
    reporter = Reporter.objects.order_by("pk").first()
    article = published[5000]
    # Every generated article names its own serial: a query with one match.
    rare = published.order_by("pk")[published.count() // 2]
    old = timezone.now() - datetime.timedelta(days=365 * 8)
    old_article = published.filter(published_at__lte=old).first()
    old_day = timezone.localtime(old_article.published_at).date()
    month = timezone.localdate() - datetime.timedelta(days=60)
    issues = Issue.objects.public()
    newest_issue = issues.order_by("-date").first().date
    newest_pages = Page.objects.public().filter(issue__date=newest_issue)
    first_page = newest_pages.order_by("sort_key").first().label
    last_page = newest_pages.order_by("-sort_key").first().label
    newest_issue = newest_issue.isoformat()
    old_page = (
        Page.objects.public()
        .filter(issue__date__lte=old_day)
        .select_related("issue")
        .order_by("-issue__date", "sort_key")
        .first()
    )

    def url(name, **kwargs):
        return reverse(name, kwargs=kwargs)

    return [
        ("front page", "list", url("front")),
        ("latest list", "list", url("articles:index")),
        ("page 2", "list", "/?page=2"),
        (f"page {max_pages} (deepest)", "list", f"/?page={max_pages}"),
        ("数字报 newest issue", "list", url("edition:newest")),
        ("数字报 issue", "list", url("edition:issue", date=newest_issue)),
        (
            f"数字报 page {first_page}",
            "list",
            url("edition:page", date=newest_issue, label=first_page),
        ),
        (
            f"数字报 page {last_page}",
            "list",
            url("edition:page", date=newest_issue, label=last_page),
        ),
        ("数字报 page, 8 years back", "list", old_page.get_absolute_url()),
        (
            "数字报 calendar",
            "list",
            url("edition:calendar", year=month.year, month=month.month),
        ),
        ("数字报 archive", "list", url("edition:archive")),
        ("数字报 issue feed", "info", url("edition:issue_feed", date=newest_issue)),
        ("数字报 sitemap", "info", reverse("sitemap_section", args=["epaper"])),
        (
            "archive day, 8 years back",
            "list",
            url(
                "articles:archive_day",
                year=old_day.year,
                month=old_day.month,
                day=old_day.day,
            ),
        ),  # fmt: skip
        (
            "archive month",
            "list",
            url("articles:archive_month", year=month.year, month=month.month),
        ),  # fmt: skip
        ("department", "list", url("people:department", slug=department.slug)),
        ("reporter", "list", url("people:reporter", slug=reporter.slug)),
        ("article", "list", article.get_absolute_url()),
        ("article, 8 years back", "list", old_article.get_absolute_url()),
        ("search 疫情 (2 chars)", "search", "/?q=疫情"),
        ("search 疫情防控 (4 chars)", "search", "/?q=疫情防控"),
        ("search 核酸检测 (common)", "search", "/?q=核酸检测"),
        ("search 工作 (everywhere)", "search", "/?q=工作"),
        (f"search 第{rare.pk}号 (1 hit)", "search", f"/?q=第{rare.pk}号"),
        ("search 疫情, page 50", "search", "/?q=疫情&page=50"),
        ("search 疫情防控, page 50", "search", "/?q=疫情防控&page=50"),
        ("search 核酸检测, page 50", "search", "/?q=核酸检测&page=50"),
        ("search 港 (1 char)", "info", "/?q=港"),
        ("search GDP (Latin)", "info", "/?q=GDP"),
        ("feed", "info", url("articles:feed")),
        ("sitemap index", "info", "/sitemap.xml"),
        (
            "sitemap, one month",
            "info",
            reverse(
                "sitemap_articles", args=[f"{month.year:04d}", f"{month.month:02d}"]
            ),
        ),  # fmt: skip
    ]


def admin_pages_to_time():
    """Return [(name, path)] of the admin pages staff open all day."""
    from articles.models import Article

    article = Article.objects.order_by("-pk").first()
    return [
        ("article list", "/admin/articles/article/"),
        ("article list, drafts", "/admin/articles/article/?status=draft"),
        ("article search 疫情防控", "/admin/articles/article/?q=疫情防控"),
        ("article search 工作", "/admin/articles/article/?q=工作"),
        ("article form", f"/admin/articles/article/{article.pk}/change/"),
        ("reporter list", "/admin/people/reporter/"),
        ("correspondent list", "/admin/people/correspondent/"),
        ("desk list", "/admin/people/department/"),
        ("import batches", "/admin/articles/importbatch/"),
    ]


def measure_admin(requests):
    """Time the admin's pages for a signed-in superuser, for information."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="scale-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    header = f"{'admin page':<28} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7}  path"
    print(header)
    print("-" * len(header))
    for name, path in admin_pages_to_time():
        timings, queries, status = time_page(client, path, requests)
        print(
            f"{name:<28} {statistics.median(timings):>7.1f} "
            f"{percentile(timings, 0.95):>7.1f} {len(queries):>7}  {path}"
            + ("" if status == 200 else f"  !! status {status}")
        )


def statistics_pages_to_time():
    """Return [(name, target ms or None, path)] of the 稿件统计 pages."""
    from django.utils import timezone

    from people.models import Correspondent, Department

    # The twelve whole months before this one, and the last of them: the
    # generated archive ends today, whatever --years says.
    last_day = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    first_day = last_day.replace(year=last_day.year - 1) + datetime.timedelta(days=1)
    year = f"{first_day:%Y-%m-%d}..{last_day:%Y-%m-%d}"
    month = f"{last_day:%Y-%m}"
    unit = Department.objects.filter(kind=Department.Kind.UNIT).order_by("pk").first()
    person = Correspondent.objects.order_by("pk").first()
    base = "/admin/contributions/statistics"
    pages = []
    for kind in ("unit", "correspondent", "reporter", "desk"):
        pages.append(
            (
                f"{kind}s, a year",
                STATISTICS_YEAR_TARGET_MS,
                f"{base}/{kind}/?period={year}",
            )
        )
        pages.append(
            (
                f"{kind}s, a month",
                STATISTICS_MONTH_TARGET_MS,
                f"{base}/{kind}/?period={month}",
            )
        )
    return pages + [
        ("unit page, a year", None, f"{base}/unit/{unit.pk}/?period={year}"),
        ("unit page, a month", None, f"{base}/unit/{unit.pk}/?period={month}"),
        ("correspondent page, a year", None, f"{base}/correspondent/{person.pk}/?period={year}"),
        ("units, a year, XLSX", None, f"{base}/unit/export.xlsx?period={year}"),
        ("units, a year, CSV", None, f"{base}/unit/export.csv?period={year}"),
    ]  # fmt: skip


def measure_statistics(requests):
    """Time the statistics pages for a signed-in superuser against targets."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="scale-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    header = (
        f"{'statistics page':<28} {'p50 ms':>7} {'p95 ms':>7} {'target':<12} "
        f"{'queries':>7}  path"
    )
    print(header)
    print("-" * len(header))
    for name, limit, path in statistics_pages_to_time():
        timings, queries, status = time_page(client, path, requests)
        p95 = percentile(timings, 0.95)
        target = f"{'ok' if p95 <= limit else 'MISSED'} ≤{limit}" if limit else "(info)"
        print(
            f"{name:<28} {statistics.median(timings):>7.1f} {p95:>7.1f} "
            f"{target:<12} {len(queries):>7}  {path}"
            + ("" if status == 200 else f"  !! status {status}")
        )


def time_page(client, path, requests):
    """Return (timings in ms, queries of one request, status)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return timings, captured.captured_queries, response.status_code


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def measure(args):
    """Time each page with nothing cached, then with its cached pieces warm."""
    from django.test import Client, override_settings

    client = Client()
    header = (
        f"{'page':<28} {'p50 ms':>7} {'p95 ms':>7} {'target':<12} "
        f"{'queries':>7} {'COUNT':>5} {'OFFSET':>6} {'warm p50':>8} {'p95':>5}  path"
    )
    print(header)
    print("-" * len(header))
    slow = []
    for name, kind, path in pages_to_time():
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            timings, queries, status = time_page(client, path, args.requests)
        warm = time_page(client, path, args.requests)[0]
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        limit = {"list": LIST_TARGET_MS, "search": SEARCH_TARGET_MS}.get(kind)
        target = f"{'ok' if p95 <= limit else 'MISSED'} ≤{limit}" if limit else "(info)"
        sql = [q["sql"] for q in queries]
        offsets = [int(n) for s in sql for n in re.findall(r"OFFSET (\d+)", s)]
        counts = sum("COUNT(" in s.upper() for s in sql)
        print(
            f"{name:<28} {p50:>7.1f} {p95:>7.1f} {target:<12} {len(sql):>7} "
            f"{counts:>5} {max(offsets, default=0):>6} "
            f"{statistics.median(warm):>8.1f} {percentile(warm, 0.95):>5.1f}  {path}"
            + ("" if status == 200 else f"  !! status {status}")
        )
        if (limit and p95 > limit) or args.explain:
            slowest = max(queries, key=lambda q: float(q["time"]))
            slow.append((name, slowest))
    for name, query in slow:
        print(f"\n  {name}: slowest query ({float(query['time']) * 1000:.0f} ms)")
        print(explain(query["sql"]))


def main(argv=None):
    args = parse_args(argv)
    print(f"Machine: {common.machine_summary()}; load {common.load_average()}")
    common.setup_django(args.database_url, NEWSROOM_PAGE_CACHE_SECONDS="0")
    from articles.models import Article

    if args.keep and database_has_articles():
        print(f"Reusing {args.database_url}")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if edition_is_empty():
            generate_edition()
    else:
        print(f"Generating {args.articles:,} articles into {args.database_url}")
        generate(args)
    describe_dataset()
    if args.only_statistics:
        measure_statistics_section(args)
        return
    for term in ("疫情", "疫情防控", "核酸检测", "工作", "港", "GDP"):
        print(f"  {term}: in {term_share(term):.1%} of published articles")
    print(
        f"\nServer time, page cache off, {args.requests} requests per page; first"
        " with nothing cached (the database's work), then with the page's cached"
        " pieces warm (as served when the page cache misses):"
    )
    assert Article.objects.exists()
    measure(args)
    print(
        f"\nThe admin, {args.admin_requests} requests per page after a warm-up"
        " (for information):"
    )
    measure_admin(args.admin_requests)
    measure_statistics_section(args)


def measure_statistics_section(args):
    print(
        f"\n稿件统计 (admin), {args.statistics_requests} requests per page after a"
        " warm-up; targets: a year ≤ 1 s, a month ≤ 200 ms (p95):"
    )
    measure_statistics(args.statistics_requests)
    print(f"\nLoad average at the end: {common.load_average()}")


def database_has_articles():
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM articles_article)")
            return cursor.fetchone()[0]
    except DatabaseError:
        connection.close()
        return False


if __name__ == "__main__":
    main()

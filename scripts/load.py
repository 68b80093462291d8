#!/usr/bin/env python3
"""Load the public site with wrk while an import writes; count errors.

    .venv/bin/python scripts/load.py --database both
    .venv/bin/python scripts/load.py --database sqlite --seconds 10 --files-per-run 50

For each database: a scratch database (SQLite file, or a PostgreSQL
database on --postgres-url, created and dropped here) gets 50 published
page files of content; gunicorn serves it with two sync workers and
production settings (page cache on, its default); then wrk loads the home
page, a filtered list, an article and a search at the same time for
--seconds while manage.py import_articles runs again and again, each run
importing a folder of --files-per-run new page files, until the load ends:
the database is written to, and every cached page invalidated, through
the whole load. Prints, per URL, requests, socket errors, non-2xx/3xx
responses, 5xx responses and p50/p99 latency, then the imports' result.
Exits 1 if any request failed, any response was 5xx or any import failed.
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.harness import (  # noqa: E402
    BASE_DIR,
    Gunicorn,
    ScratchDatabases,
    import_command,
    query,
    run_manage,
    subprocess_environment,
    write_pages,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
SEED_FILES = 50
ARTICLES_PER_FILE = 5
# Counts response statuses in every wrk thread and prints them at the end.
STATUS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do
    io.write(string.format("status %d %d\\n", status, n))
  end
end
"""


def target_paths(base):
    """The four pages to load; the article is the newest on the home page."""
    with urllib.request.urlopen(f"{base}/", timeout=10) as response:
        home = response.read().decode()
    article = re.search(r'href="(/\d{4}/\d{2}/\d{2}/\d+/)"', home).group(1)
    return {
        "home": "/",
        "filtered list": "/?date_from=2021-11-01&date_to=2021-11-30",
        "article": article,
        "search": "/?q=%E7%96%AB%E6%83%85",  # 疫情
    }


def parse_wrk(output):
    figures = {"requests": 0, "socket errors": 0, "non-2xx/3xx": 0, "5xx": 0}
    match = re.search(r"(\d+) requests in", output)
    figures["requests"] = int(match.group(1)) if match else 0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    figures["socket errors"] = sum(map(int, match.groups())) if match else 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non-2xx/3xx"] = int(match.group(1)) if match else 0
    for status, count in re.findall(r"^status (\d+) (\d+)$", output, re.MULTILINE):
        if int(status) >= 500:
            figures["5xx"] += int(count)
    for name in ("50%", "99%"):
        match = re.search(rf"^\s+{re.escape(name)}\s+(\S+)$", output, re.MULTILINE)
        figures[f"p{name[:-1]}"] = match.group(1) if match else "?"
    return figures


def run(vendor, args, folder):
    print(f"\n== {vendor}: {args.seconds} s of wrk while importing all along")
    failed = False
    with ScratchDatabases(vendor, args.postgres_url) as scratch:
        url = scratch.fresh()
        run_manage(url, *import_command(folder / "seed", "-v0")[2:])
        server = Gunicorn(url, scratch.folder / "gunicorn.log", workers=args.workers)
        base = server.base
        try:
            paths = target_paths(base)
            script = scratch.folder / "statuses.lua"
            script.write_text(STATUS_SCRIPT)
            loads = {
                name: subprocess.Popen(
                    [
                        "wrk",
                        f"-t{args.threads}",
                        f"-c{args.connections}",
                        f"-d{args.seconds}s",
                        "--timeout=10s",
                        "--latency",
                        f"-s{script}",
                        base + path,
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for name, path in paths.items()
            }
            imports, import_seconds = import_until_done(loads, folder / "load", url)
            results = {name: parse_wrk(p.communicate()[0]) for name, p in loads.items()}
        finally:
            logged = server.stop()
        print(
            f"{'URL':<15} {'requests':>9} {'req/s':>7} {'socket err':>10} "
            f"{'non-2xx':>8} {'5xx':>5} {'p50':>9} {'p99':>9}"
        )
        for name, f in results.items():
            print(
                f"{name:<15} {f['requests']:>9} {f['requests'] / args.seconds:>7.0f} "
                f"{f['socket errors']:>10} {f['non-2xx/3xx']:>8} {f['5xx']:>5} "
                f"{f['p50']:>9} {f['p99']:>9}"
            )
            failed |= bool(f["socket errors"] or f["non-2xx/3xx"] or f["5xx"])
            failed |= f["requests"] == 0
        failures = [result for result in imports if result.returncode]
        imported_files = args.files_per_run * len(imports)
        print(
            f"imports: {len(imports)} runs of {args.files_per_run} files "
            f"({imported_files * ARTICLES_PER_FILE:,} articles) in "
            f"{import_seconds:.1f} s during the load, {len(failures)} failed"
        )
        for failure in failures[:3]:
            print(failure.stderr[-2000:])
        failed |= bool(failures) or not imports
        articles = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
        expected = (SEED_FILES + imported_files) * ARTICLES_PER_FILE
        print(f"articles stored: {articles} (expected {expected})")
        failed |= articles != expected
        tracebacks = logged.count("Traceback")
        print(f"server log: {tracebacks} tracebacks")
        failed |= tracebacks > 0
    return failed


def import_until_done(loads, folder, url):
    """Import folder's subfolders one run after another until every wrk has
    ended; return the finished runs and the seconds they took."""
    runs = []
    started = time.monotonic()
    for chunk in sorted(folder.iterdir()):
        if all(load.poll() is not None for load in loads.values()):
            break
        runs.append(
            subprocess.run(
                import_command(chunk, "-v0"),
                cwd=BASE_DIR,
                env=subprocess_environment(url),
                capture_output=True,
                text=True,
            )
        )
    else:
        print("warning: every file was imported before the load ended")
    return runs, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--files-per-run", type=int, default=20)
    parser.add_argument(
        "--runs", type=int, default=100, help="folders prepared for import runs"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[0]
    print(
        f"wrk -t{args.threads} -c{args.connections} per URL, 4 URLs at once; "
        f"gunicorn {args.workers} sync workers; load average {load}"
    )
    vendors = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    failed = False
    with tempfile.TemporaryDirectory(prefix="newsroom-load-") as folder:
        folder = Path(folder)
        write_pages(folder / "seed", SEED_FILES)
        for number in range(args.runs):
            first = SEED_FILES + 1 + number * args.files_per_run
            write_pages(folder / "load" / f"{number:04d}", args.files_per_run, first)
        for vendor in vendors:
            failed |= run(vendor, args, folder)
    print("\nFAILED: errors or 5xx under load" if failed else "\nNo errors, no 5xx.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

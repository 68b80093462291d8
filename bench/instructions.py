"""Instructions per uncached request, against plain Django, counted by
valgrind's callgrind: the article page and the latest list of
bench/cold_pages.py, on the same data.

    .venv/bin/python bench/instructions.py                 # 10,000 articles
    .venv/bin/python bench/instructions.py --requests 30 --database-url sqlite:///…

CPU time on a shared machine moves by a third between runs; an instruction
count does not move with the machine's load, so it tells whether a change
made a page cheaper. Each site's page is requested, under callgrind, by a
process that warms it and then requests it N times, and by one that only
warms it: the difference over N is one request's instructions, in Python,
Django, the driver and (SQLite) the database. An instruction is not a unit
of time (a dictionary lookup and a B-tree step cost different time), so
bench/cold_pages.py stays the measure of time; this one is the steady one.
Needs valgrind (Debian's package); each count takes about half a minute.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cold_pages  # noqa: E402
import common  # noqa: E402

PAGES = {"newsroom": ("latest list", "article"), "anchor": ("list", "article")}


def worker(args):
    """Set the site up, warm its page, then request it args.requests times."""
    from django.test import Client

    paths = cold_pages.setup_site(args.site, args.database_url, args.anchor_dir)
    path = next(path for name, _, path in paths if name == args.page)
    client = Client()
    for _ in range(3):
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path}: not 200")
    for _ in range(args.requests):
        client.get(path)


def count(args, site, page, requests, environ, workdir):
    """Return the instructions callgrind counts for the worker's whole run."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={workdir}/callgrind.out",
            sys.executable,
            __file__,
            *("--worker", site, "--page", page, "--requests", str(requests)),
            *("--database-url", args.database_url, "--anchor-dir", args.anchor_dir),
        ],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode or not found:
        raise SystemExit(f"{site} {page} failed:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--anchors", default=str(cold_pages.DEFAULT_ANCHORS))
    parser.add_argument("--database-url", help="an existing SQLite file (not refilled)")
    parser.add_argument("--worker", choices=tuple(PAGES), dest="site")
    parser.add_argument("--page")
    parser.add_argument("--anchor-dir")
    args = parser.parse_args()
    if args.site:
        return worker(args)
    print(f"Machine: {common.machine_summary()}; load {common.load_average()}")
    with tempfile.TemporaryDirectory(prefix="newsroom-instructions-") as tmp:
        url, anchor_dir, environ = cold_pages.prepare(args, Path(tmp))
        args.database_url, args.anchor_dir = url, str(anchor_dir)
        counts = {}
        for site, pages in PAGES.items():
            for page, kind in zip(pages, ("list", "article"), strict=True):
                total = count(args, site, page, args.requests, environ, tmp)
                base = count(args, site, page, 0, environ, tmp)
                counts[site, kind] = (total - base) / args.requests
    print(
        f"{args.articles:,} articles, SQLite, all caches off; instructions per"
        f" request over {args.requests} requests (callgrind)"
    )
    print(f"{'page':<10} {'plain Django':>14} {'Newsroom':>14} {'ratio':>6}")
    for kind in ("list", "article"):
        anchor, ours = counts["anchor", kind], counts["newsroom", kind]
        print(f"{kind:<10} {anchor:14,.0f} {ours:14,.0f} {anchor / ours:6.2f}")


if __name__ == "__main__":
    main()

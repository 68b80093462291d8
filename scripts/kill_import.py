#!/usr/bin/env python3
"""Kill manage.py import_articles with SIGKILL at random moments; count damage.

    .venv/bin/python scripts/kill_import.py --database both
    .venv/bin/python scripts/kill_import.py --database postgres --kills 20 --files 400

Each run imports a folder of generated page files into a fresh scratch
database (an SQLite file, or a PostgreSQL database created and dropped
here on the server of --postgres-url) and kills the importer at a seeded
random moment: two runs in three at a random point of its progress, one in
three after a random delay. Then every file must have all its articles,
bylines and one honest ImportBatch, or nothing at all. Finally the import
is run again to completion on the last killed database. Exits 1 if any
damage is found.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.harness import (  # noqa: E402
    ScratchDatabases,
    all_or_nothing_problems,
    database_problems,
    import_and_kill,
    import_command,
    run_manage,
    take_snapshot,
    write_pages,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def run(vendor, args, folder):
    print(f"\n== {vendor}: {args.kills} kills, {args.files} files, seed {args.seed}")
    rng = random.Random(args.seed)
    failures = 0
    with ScratchDatabases(vendor, args.postgres_url) as scratch:
        url = scratch.fresh()
        started = time.monotonic()
        run_manage(url, *import_command(folder, "-v0")[2:])
        full = time.monotonic() - started
        expected = take_snapshot(url)
        print(
            f"uninterrupted import: {expected.article_count} articles from "
            f"{len(expected.articles)} files in {full:.1f} s"
        )
        print(" kill  how       at (s)  files done  partial files  other problems")
        for number in range(1, args.kills + 1):
            url = scratch.fresh()
            by_progress = number % 3 != 0
            outcome = import_and_kill(
                url, folder, args.files, rng, by_progress, max_delay=full
            )
            problems = all_or_nothing_problems(take_snapshot(url), expected)
            partial = [p for p in problems if " of " in p]
            finished = outcome.returncode == 0 and outcome.files_imported == args.files
            failures += bool(problems) or not (outcome.returncode == -9 or finished)
            print(
                f" {number:>4}  {'progress' if by_progress else 'delay':<8} "
                f"{outcome.delay:7.2f}  {outcome.files_imported:>4}/{outcome.files_total:<5}"
                f"  {len(partial):>13}  {'; '.join(problems[:3]) or 'none'}"
            )
        run_manage(url, *import_command(folder, "-v0")[2:])
        resumed = take_snapshot(url)
        complete = resumed.articles == expected.articles
        problems = database_problems(resumed)
        failures += (not complete) or bool(problems)
        print(
            f"re-run after the last kill: {resumed.article_count} articles, "
            f"{'complete' if complete else 'INCOMPLETE'}, "
            f"{resumed.duplicate_fingerprints} duplicates"
        )
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20211106)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    if args.files < 3:
        parser.error("--files must be at least 3")
    vendors = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="newsroom-kill-") as folder:
        write_pages(folder, args.files)
        for vendor in vendors:
            failures += run(vendor, args, folder)
    print(f"\n{failures} run(s) with damage" if failures else "\nNo damage found.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse (mobile) scores for the front page, an article, a 数字报 page and a
search: a benchmark.

Serves the site as production runs it, with the checkers' data set
(tests/checkers: gunicorn, DEBUG off, hashed and compressed static files,
media served), and runs npm's lighthouse with Debian's Chromium on each page,
printing the four category scores. Not a test: scores move with the machine's
load (performance most of all); the README records a run and its date.

    (cd bench/lighthouse && npm ci --ignore-scripts)   # once
    .venv/bin/python bench/lighthouse.py [--runs 3]

Each page is run --runs times and the median score of each category printed.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.checkers.site import ProductionSite  # noqa: E402

LIGHTHOUSE = (
    ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
)
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# name -> path, given the data set's manifest.
PAGES = {
    "front page": lambda m: "/",
    "article": lambda m: m["article_with_image"],
    "数字报 page": lambda m: f"/epaper/{m['issue']}/A1/",
    "search": lambda m: "/?q=%E5%BB%BA%E8%AE%BE",
}


def lighthouse(url, out, tries=2):
    """Return {category: score} of one run; a run Chromium broke is run again."""
    for attempt in range(tries):
        done = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--form-factor=mobile",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env=os.environ | {"CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode == 0:
            break
        if attempt == tries - 1:
            sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(Path(out).read_text())
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    return scores, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(
            "lighthouse is not installed: (cd bench/lighthouse && npm ci --ignore-scripts)"
        )
    if not shutil.which(CHROMIUM):
        sys.exit(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    site = ProductionSite()
    try:
        site.start()
        print(
            f"Lighthouse mobile, median of {args.runs} runs, {datetime.now(UTC):%Y-%m-%d}"
        )
        print(f"{'page':10}" + "".join(f"{c:>16}" for c in CATEGORIES))
        with tempfile.TemporaryDirectory() as reports:
            for name, path_of in PAGES.items():
                url = site.url + path_of(site.manifest)
                runs = [
                    lighthouse(url, Path(reports) / f"{name}-{n}.json")
                    for n in range(args.runs)
                ]
                medians = {
                    c: statistics.median(scores[c] for scores, _ in runs)
                    for c in CATEGORIES
                }
                failed = sorted({audit for _, audits in runs for audit in audits})
                print(
                    f"{name:10}"
                    + "".join(f"{medians[c]:>16.0f}" for c in CATEGORIES)
                    + (f"   failed: {', '.join(failed)}" if failed else ""),
                    flush=True,
                )
    finally:
        site.stop()
        shutil.rmtree(site.folder, ignore_errors=True)


if __name__ == "__main__":
    main()

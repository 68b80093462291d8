#!/usr/bin/env python3
"""Print how long the parser takes on pathological pages, and how it scales.

    .venv/bin/python scripts/parse_limits.py

Each input is parsed three times; the best CPU time is printed. The scaling
table doubles the size of the slowest kinds of input: a linear parser
shows a ratio near 2 per doubling, a quadratic one near 4.
"""

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.parsing import ParseError, parse_page  # noqa: E402

ISSUE = date(2021, 11, 6)
LEAD = "本报讯 11月3日，会议召开。"
KINDS = {
    "headline-like lines": lambda n: "\n".join(
        f"航空港实验区召开第{i}次会议" for i in range(n)
    ),
    "blank lines": lambda n: f"标题\n\n{LEAD}\n" + "\n" * n + "记者 王军方\n",
    "byline lines": lambda n: "\n".join("记者 王军方" for _ in range(n)),
    "dateline lines": lambda n: "\n".join("本报讯" for _ in range(n)),
    "short articles (x5 lines)": lambda n: "\n\n".join(
        f"标题{i}\n\n{LEAD}" for i in range(n // 5)
    ),
    "characters on one line": lambda n: "本报讯 " + "字" * n,
}


def best_cpu_seconds(text, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.process_time()
        try:
            parse_page(text, ISSUE)
        except ParseError:
            pass
        elapsed = time.process_time() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    print("Pathological pages (best of 3, CPU seconds)")
    for name, size in (
        ("characters on one line", 350_000),  # 1 MB of UTF-8
        ("blank lines", 100_000),
        ("headline-like lines", 100_000),
        ("byline lines", 100_000),
        ("dateline lines", 100_000),
        ("short articles (x5 lines)", 100_000),
    ):
        text = KINDS[name](size)
        size_mb = len(text.encode()) / 1e6
        seconds = best_cpu_seconds(text)
        print(f"  {size:>9,} {name:<27} {size_mb:5.2f} MB  {seconds:6.3f} s")
    print("\nScaling (time per doubling; ~2 means linear)")
    for name in ("headline-like lines", "short articles (x5 lines)", "byline lines"):
        previous = None
        cells = []
        for size in (12_500, 25_000, 50_000, 100_000, 200_000):
            seconds = best_cpu_seconds(KINDS[name](size), repeat=2)
            ratio = f" x{seconds / previous:.1f}" if previous else ""
            cells.append(f"{size // 1000}k {seconds:.2f}s{ratio}")
            previous = seconds
        print(f"  {name:<27} " + ", ".join(cells))


if __name__ == "__main__":
    main()

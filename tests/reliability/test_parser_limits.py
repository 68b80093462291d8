"""Pathological pages parse in bounded time and fail only with ParseError.

The bound is CPU time of this process and deliberately generous (about five
times the slowest case measured, 100,000 headline-like lines at ~1.2 s):
it catches quadratic or backtracking blow-ups, which take minutes on these
inputs, without depending on the machine. scripts/parse_limits.py prints
the measured figures for these and other inputs, and how they scale.
"""

import time
from datetime import date

from django.test import SimpleTestCase

from articles.parsing import ParseError, decode_page, parse_page

ISSUE = date(2021, 11, 6)
CPU_SECONDS = 10.0


def pathological_pages():
    lead = "本报讯 11月3日，会议召开。"
    return {
        "1 MB single line": "本报讯 " + "字" * 350_000,
        "1 MB single ASCII line": "a" * 1_048_576,
        "100,000 blank lines": f"标题\n\n{lead}\n" + "\n" * 100_000 + "记者 王军方\n",
        "100,000 headline-like lines": "\n".join(
            f"航空港实验区召开第{n}次会议" for n in range(100_000)
        ),
        "100,000 opening brackets": "本报讯 " + "（“《" * 33_000,
    }


class PathologicalPageTests(SimpleTestCase):
    def test_each_pathological_page_parses_in_bounded_cpu_time(self):
        for name, text in pathological_pages().items():
            with self.subTest(name):
                started = time.process_time()
                try:
                    parse_page(text, ISSUE)
                except ParseError:
                    pass
                self.assertLess(time.process_time() - started, CPU_SECONDS)

    def test_pathological_bytes_decode_or_fail_with_parse_error(self):
        for name, text in pathological_pages().items():
            with self.subTest(name):
                data = text.encode("utf-8")
                try:
                    decoded, _ = decode_page(data)
                except ParseError:
                    continue
                self.assertEqual(decoded, text)

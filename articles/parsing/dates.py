"""Printed dates: the month and day of a dateline, resolved to a full date."""

from __future__ import annotations

import datetime
import re

# Arabic or Chinese numerals: 2001年12月31日, 一九九七年十二月三十一日, 三月五日.
_CHINESE_NUMERALS = "〇零○一二三四五六七八九十"
_DATE = (
    rf"(?:(\d{{4}}|[{_CHINESE_NUMERALS}]{{4}})年)?"
    rf"(\d{{1,2}}|[{_CHINESE_NUMERALS}]{{1,3}})月"
    rf"(\d{{1,2}}|[{_CHINESE_NUMERALS}]{{1,3}})日"
)
_DATE_AT_START_RE = re.compile(_DATE)
# The same in Arabic numerals only: tried first, it is much cheaper.
_ARABIC_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def printed_number(text: str) -> int:
    """Read a number printed in Arabic or Chinese numerals.

    `12`, `十二`, `三十一`, `二十`, `十`, and years digit by digit: `一九九七`.
    """
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_DIGITS.get(ch, 0)) for ch in text) or 0)
    tens, _, units = text.partition("十")
    return _DIGITS.get(tens, 1) * 10 + (_DIGITS.get(units, 0) if units else 0)


def date_groups(match: re.Match, first: int) -> tuple[int | None, int, int]:
    """Return (year or None, month, day) from the groups of a _DATE match."""
    year = match.group(first)
    return (
        printed_number(year) if year else None,
        printed_number(match.group(first + 1)),
        printed_number(match.group(first + 2)),
    )


def resolve_month_day(
    month: int, day: int, issue_date: datetime.date, year: int | None = None
) -> datetime.date | None:
    """Return the date a printed month and day stand for, or None if invalid.

    A printed year wins; otherwise take the latest such day on or before the
    issue date (12月31日 in a 2 January issue is last year's).
    """
    if year is not None:
        return _safe_date(year, month, day)
    for candidate_year in range(issue_date.year, issue_date.year - 9, -1):
        found = _safe_date(candidate_year, month, day)
        if found is not None and found <= issue_date:
            return found
        if found is None and (month, day) != (2, 29):
            return None
    return None


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, TypeError, OverflowError):
        return None

"""Printed dates: the month and day of a dateline, resolved to a full date."""

from __future__ import annotations

import datetime
import re

_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_DATE_AT_START_RE = re.compile(_DATE)


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

"""The 电头 that opens a lead: its source, its date and the byline after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import Byline, parse_byline
from .chars import _HAN, _SPACES
from .dates import _DATE, _DATE_AT_START_RE

_LEAD_SEPARATORS = re.compile(r"[\s、/／]+")
_SOURCE = f"(?:本报|本刊|本台|本网|[{_HAN}]{{1,8}}?(?:社|网|报|台|刊|都|闻|端))"
_LEAD_RE = re.compile(f"(据)?({_SOURCE})[{_HAN}·]{{0,10}}?(?:{_DATE})?(讯|电)")
# A 电头 cut by a column break: 新华社北京12月31 | 日电 …
_LEAD_START_RE = re.compile(
    f"据?(?:本报|新华社|中新社)[{_HAN}]{{0,8}}(?:\\d{{4}}年)?\\d{{1,2}}(?:月\\d{{0,2}}日?)?"
)
# After a 电 with no date, these make a word (电话, 电视...), not a dateline.
_NOT_AFTER_DIAN = frozenset("话视影脑力网商站厂动器池梯子线缆信量费价压流气源表机报台")


@dataclass(frozen=True)
class _Lead:
    text: str
    source_label: str
    date: tuple[int | None, int, int] | None
    names: Byline | None


def _match_lead(text: str) -> re.Match | None:
    """Match the 电头 that opens a lead: 本报讯, 海都讯, 新华社北京3月28日电."""
    match = _LEAD_RE.match(text[:48])
    if not match:
        return None
    has_date = match.group(4) is not None
    if match.group(6) == "电" and not has_date:
        following = text[match.end() : match.end() + 1]
        if not match.group(2).endswith(("社", "网", "台")) or (
            following in _NOT_AFTER_DIAN
        ):
            return None
    if match.group(6) == "讯" and not has_date and match.end() > 8:
        return None
    return match


def _date_groups(match: re.Match, first: int) -> tuple[int | None, int, int]:
    year = match.group(first)
    return (
        int(year) if year else None,
        int(match.group(first + 1)),
        int(match.group(first + 2)),
    )


def _parse_lead(text: str) -> _Lead:
    """Cut the byline out of a lead, keeping its 电头, and read its date."""
    match = _match_lead(text)
    head, rest, label, date = "", text, "", None
    if match:
        head, rest = text[: match.end()], text[match.end() :]
        label = (match.group(1) or "") + match.group(2)
        if head == label + "讯":
            label = head
        if match.group(4):
            date = _date_groups(match, 3)
    names, after = _cut_lead_byline(rest)
    if names:
        after = after.lstrip(_SPACES)
        text = f"{head} {after}" if head else after
    if date is None:
        found = _DATE_AT_START_RE.match(after.lstrip(_SPACES + ":：,，"))
        date = _date_groups(found, 1) if found else None
    return _Lead(text, label, date, names)


def _cut_lead_byline(rest: str) -> tuple[Byline | None, str]:
    """Return the byline opening the rest of a lead and the text after it."""
    stripped = rest.lstrip(_SPACES)
    if stripped[:1] in "(（":
        close = min(
            (i for i in (stripped.find(")"), stripped.find("）")) if i > 0), default=-1
        )
        if 0 < close <= 80:
            names = parse_byline(stripped[1:close])
            if names:
                return names, stripped[close + 1 :]
        return None, rest
    reported = stripped.find("报道", 0, 48)
    if reported > 0:
        names = parse_byline(stripped[:reported])
        if names:
            return names, stripped[reported + 2 :].lstrip(_SPACES + ":：,，")
    return _cut_spaced_byline(stripped, rest)


def _cut_spaced_byline(stripped: str, rest: str) -> tuple[Byline | None, str]:
    """Cut `记者 王军 通讯员 李四` (no brackets, no 报道) from a lead's start."""
    best, end = None, 0
    tokens = list(re.finditer(r"\S+", stripped[:120]))[:10]
    for count in range(1, len(tokens)):
        names = parse_byline(
            stripped[: tokens[count - 1].end()], separators=_LEAD_SEPARATORS
        )
        if names:
            best, end = names, tokens[count - 1].end()
    if best is None:
        return None, rest
    return best, stripped[end:]

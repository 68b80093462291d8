"""The 电头 that opens a lead: its source, its date and the byline after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import _BYLINE_HINT_RE, Byline, _signature, parse_byline
from .chars import _HAN, _SPACES
from .dates import _ARABIC_DATE, _DATE, _DATE_AT_START_RE, date_groups

_LEAD_SEPARATORS = re.compile(r"[\s、/／]+")
# Brackets around a byline after the 电头: (记者 X), （记者 X）, 【记者 X】, [记者 X].
_BYLINE_OPENERS = "(（【[［〔"
_BYLINE_CLOSERS = ")）】]］〕"
_SOURCE = f"(?:本报|本刊|本台|本网|[{_HAN}]{{1,8}}?(?:社|网|报|台|刊|都|闻|端))"
# 本报讯, 新华社北京3月28日电, 本报上海三月五日讯, 中广网呼和浩特7月14日消息,
# and a web site's name before its paper's: 四川新闻网-成都日报讯.
_LEAD_PATTERN = (
    f"(据)?({_SOURCE}(?:[-—－]{_SOURCE})?)[{_HAN}·]{{0,10}}?(?:{{date}})?(讯|电|消息)"
)
_LEAD_RE = re.compile(_LEAD_PATTERN.replace("{date}", _ARABIC_DATE))
# Tried when the 电头 read without a date has a 月 in it: 本报上海三月五日讯.
_CHINESE_DATE_LEAD_RE = re.compile(_LEAD_PATTERN.replace("{date}", _DATE))
_CHINESE_MONTH_RE = re.compile("[〇零○一二三四五六七八九十]月")
# A place's or station's own 讯 with nothing else: 廉江讯 10月20日,…
_PLACE_LEAD_RE = re.compile(f"()([{_HAN}]{{2,6}}?)()()()(讯)(?=[\\s\u3000(（])")
_NOT_PLACES = (
    "通",
    "资",
    "快",
    "简",
    "喜",
    "短",
    "视",
    "电",
    "要",
    "传",
    "审",
    "问",
    "音",
    "死",
    "闻",
    "应",
    "速",
    "早",
    "新",
    "动",
    "专",
)
_DASHES = frozenset("-—－")  # between a web site's name and its paper's
_AFTER_UNDATED_NEWS = frozenset(" \u3000(（:：")
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
    head = text[:48]
    if "讯" not in head and "电" not in head and "消息" not in head:
        return None  # most lines: no 电头 can end here
    match = _LEAD_RE.match(head)
    if (match is None or match.group(4) is None) and _CHINESE_MONTH_RE.search(
        head, 0, 32
    ):
        match = _CHINESE_DATE_LEAD_RE.match(head) or match
    if match is None and "讯" in head[:8]:
        match = _PLACE_LEAD_RE.match(head)
    if not match:
        return None
    if match.re is _PLACE_LEAD_RE and match.group(2).endswith(_NOT_PLACES):
        return None  # 简讯, 快讯, 喜讯: a column's name
    has_date = match.group(4) is not None
    if match.group(6) == "电" and not has_date:
        following = text[match.end() : match.end() + 1]
        if not match.group(2).endswith(("社", "网", "台")) or (
            following in _NOT_AFTER_DIAN
        ):
            return None
    if has_date:
        return match
    longest = 8 if _DASHES.isdisjoint(match.group(2)) else 16
    if match.group(6) == "讯" and match.end() > longest:
        return None
    if match.group(6) == "消息" and (
        match.end() > 10
        or not match.group(2).endswith(("社", "网", "台", "报"))
        or text[match.end() : match.end() + 1] not in _AFTER_UNDATED_NEWS
    ):
        return None  # 湖北日报消息 一股清泉…, not 某报消息称…
    return match


def _parse_lead(text: str) -> _Lead:
    """Cut the byline out of a lead, keeping its 电头, and read its date."""
    match = _match_lead(text)
    head, rest, label, date = "", text, "", None
    if match:
        head, rest = text[: match.end()], text[match.end() :]
        label = (match.group(1) or "") + match.group(2)
        if head == label + "讯" or (match.group(6) == "讯" and not match.group(4)):
            label = head
        if match.group(4):
            date = date_groups(match, 3)
    names, after = _cut_lead_byline(rest)
    if names:
        after = after.lstrip(_SPACES)
        text = f"{head} {after}" if head else after
    if date is None:
        found = _DATE_AT_START_RE.match(after.lstrip(_SPACES + ":：,，"))
        date = date_groups(found, 1) if found else None
    return _Lead(text, label, date, names)


def _cut_lead_byline(rest: str) -> tuple[Byline | None, str]:
    """Return the byline opening the rest of a lead and the text after it."""
    stripped = rest.lstrip(_SPACES)
    if stripped[:1] in _BYLINE_OPENERS:
        close = min(
            (i for i in map(stripped.find, _BYLINE_CLOSERS) if i > 0), default=-1
        )
        if 0 < close <= 80:
            inner = stripped[1:close]
            names = parse_byline(inner) or _signature(inner, bracketed=True)
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
    if not _BYLINE_HINT_RE.search(stripped, 0, 20):
        return None, rest  # most leads: no byline's word near the start
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

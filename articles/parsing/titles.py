"""Tell title lines and subheadings, and split a title run into its parts."""

from __future__ import annotations

import re

from .chars import (
    _BRACKETS_OR_SPACES_RE,
    _DANGLING_ENDS,
    _balanced,
    _compact_len,
    _has_sentence_marks,
    _is_closed,
    _outside_brackets,
)

# Numbered subheadings and photo captions, which open no new article.
_SUBHEADING_RE = re.compile(
    r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]"
    r"|图为|图[:：]|[▲△]"
)


# A subheading's own marks, which no headline carries: ◆产业兴旺, 【产业兴旺】.
_MARKED_SUBHEADING_RE = re.compile(r"[◆◇●○★☆■□▌▍▎█◎]|[【〖][^】〗]{1,20}[】〗]$")
# Words that open a paragraph going on from the one before; no story's
# first paragraph opens with them: 据了解,…, 此外,…
_FOLLOW_ON_RE = re.compile(
    r"据了解|据悉|据介绍|据统计|此外|另外|同时|与此同时|对此|为此|因此|而且|但是"
    r"|记者了解到|记者注意到|记者看到|记者发现"
)


def is_marked_subheading(text: str) -> bool:
    return _MARKED_SUBHEADING_RE.match(text) is not None


def opens_follow_on(text: str) -> bool:
    """Tell a paragraph that goes on from the one before: 据了解,…"""
    return _FOLLOW_ON_RE.match(text) is not None


# Words a paragraph opens with and no column break leaves at a line's start:
# a line without closing punctuation before one of them is a subheading.
_SENTENCE_OPENER_RE = re.compile(
    r"\d{4}年|\d{1,2}月\d{1,2}日|今年|去年|前年|近年|近日|日前|目前|如今|当时|此后"
    r"|据悉|据了解|据介绍|记者从|记者了解到"
)
# A line ending on these was cut mid-sentence (成立于 | 1958年…).
_CUT_ENDS = _DANGLING_ENDS + "于在是为到至自给让使由以"


def _is_long_subheading(line: str, next_line: str) -> bool:
    """Tell a subheading too long for `_is_heading` by the paragraph below it."""
    return (
        _compact_len(line) <= 60
        and line[-1] not in _CUT_ENDS
        and bool(_SENTENCE_OPENER_RE.match(next_line))
    )


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 or ch in "“”‘’—…·"


def _title_space(text: str) -> int:
    """Return where a space sets a subtitle apart in a title line, or -1."""
    for index in _outside_brackets(text, _BRACKETS_OR_SPACES_RE):
        if 0 < index < len(text) - 1:
            after = text[index:].lstrip()
            if after and _is_wide(text[index - 1]) and _is_wide(after[0]):
                return index
    return -1


def _is_heading(text: str) -> bool:
    """Tell a subheading: a short title-like line no column break has cut."""
    size = _compact_len(text)
    if _SUBHEADING_RE.match(text):
        return size <= 24
    return (
        size <= 12
        and text[-1] not in _DANGLING_ENDS + ":："
        and not _has_sentence_marks(text)
        and not any(mark in text for mark in "、!?！？")
    )


def _can_be_title(text: str) -> bool:
    if "。" in text or len(text) > 120:
        return False
    size = _compact_len(text)
    if not size or size > 60 or not _balanced(text):
        return False
    last = text[-1]
    if last in "!?！？":
        return size <= 30
    return not _is_closed(text) or last in ":："


def _split_title(line: str) -> tuple[str, str, bool]:
    """Split a one-line title at its first space; tell whether that's a guess.

    The split is sure when a long headline is followed by several short
    phrases (`…会议 认清形势 迅速行动 筑牢严密防线`).
    """
    at = _title_space(line)
    if at < 0:
        return line, "", False
    headline, subheadline = line[:at], line[at:].strip()
    phrases = subheadline.split()
    sure = len(phrases) >= 2 and len(headline) > max(len(p) for p in phrases)
    return headline, subheadline, not sure


def _assemble_title(lines: list[str]) -> tuple[str, str, str, bool]:
    """Return kicker, headline, subheadline and whether the split is a guess."""
    lines = [" ".join(line.split()) for line in lines]
    if not lines:
        return "", "", "", False
    if len(lines) == 1:
        return ("", *_split_title(lines[0]))
    if len(lines) == 2:
        return "", lines[0], lines[1], False
    return lines[0], lines[1], " ".join(lines[2:]), False

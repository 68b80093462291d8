"""Page labels: continuation markers, cross-references and the page's own header.

A story cut at the foot of one page ends on `(下转第四版)` and goes on under
`(上接第1版)` on another; a cross-reference (`更多报道见A6版`,
`>>>详见第7版`) points elsewhere. None of them is body text. The page's own
header (`第 A2 版:综合新闻`, `A4 要闻`, `第03版:民生`) names the page.
Labels are given as printed with the digits made Arabic: `第四版` is "4",
`第03版` is "3", `A03` is "A3".
"""

from __future__ import annotations

import re

from .chars import _HAN

_CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"[\d零〇一二三四五六七八九十两]{1,4}"
_LABEL = rf"[A-Za-z]{{0,2}}\s*{_NUMBER}"
_TO_WORDS = ("下转", "转下", "转至", "转到", "转")
_FROM_WORDS = ("上接", "接上", "续接", "紧接", "承接", "接", "续")
# (下转第四版) (上接第1版) (下转A3版) 转第2版 (上接A1版·要闻)
_CONTINUATION_RE = re.compile(
    r"[(（【\[]?\s*(?P<way>"
    + "|".join(_TO_WORDS + _FROM_WORDS)
    + rf")\s*(?:第\s*)?(?P<label>{_LABEL})\s*版[^()（）【】\[\]。,，]{{0,8}}[)）】\]]?"
)
# 更多报道见A6版, >>>详见第7版, (相关报道见第3版), 请看今日第二版
_CROSS_REFERENCE_RE = re.compile(
    r"[>》→▶►▷·\s]*[(（【\[]?[^。，,()（）]{0,10}?(?:见|看|阅)\s*(?:今日|今天|本报|本期)?"
    rf"\s*(?:第\s*)?(?P<label>{_LABEL})\s*版[^()（）。]{{0,8}}[)）】\]]?"
)
# What stands between a page's label and its name: 第5版 要闻, A12·体育.
_PAGE_NAME_SEPARATOR = r"(?:\s*[·•・|｜:：\-—]\s*|\s+)"
# 第 A10 版:城事, 第03版:民生, 第2版(要闻), 第7版, 第四版, 第5版 要闻
_NUMBERED_PAGE_RE = re.compile(
    rf"第\s*(?P<label>{_LABEL})\s*版\s*(?:[:：(（]\s*(?P<name>[^()（）]{{1,12}}?)\s*[)）]?"
    rf"|{_PAGE_NAME_SEPARATOR}(?P<spaced>[{_HAN}·]{{2,8}}))?"
)
# A4 要闻, A3, B2版 文体, A12·体育
_LETTERED_PAGE_RE = re.compile(
    rf"(?P<label>[A-Za-z]{{1,2}}\s?\d{{1,3}})\s*版?"
    rf"(?:{_PAGE_NAME_SEPARATOR}(?P<name>[{_HAN}·]{{2,8}}))?"
)
# The name first: 要闻·A3, 体育 | B2
_NAMED_PAGE_RE = re.compile(
    rf"(?P<name>[{_HAN}]{{2,8}}){_PAGE_NAME_SEPARATOR}"
    rf"(?P<label>[A-Za-z]{{1,2}}\s?\d{{1,3}}|第\s*{_LABEL}\s*版)\s*版?"
)
_LETTER_DIGIT_RE = re.compile(r"[A-Za-z]\s?\d")
_MAX_MARKER = 30


def arabic_label(printed: str) -> str:
    """Return a page label with its number in Arabic digits and no padding.

    `第四版` → "4", `03` → "3", `A03` → "A3", `十二` → "12", `b2` → "B2".
    """
    printed = "".join(printed.split())
    letters = printed.rstrip("0123456789零〇一二三四五六七八九十两")
    number = printed[len(letters) :]
    if not number:
        return printed.upper()
    if not number.isdigit():
        number = _chinese_number(number)
    return letters.upper() + (number.lstrip("0") or "0")


def _chinese_number(text: str) -> str:
    """Read 四, 十二, 二十, 一〇 (digit by digit) as an Arabic number."""
    if "十" not in text:
        return "".join(str(_CHINESE_DIGITS.get(ch, ch)) for ch in text)
    tens, _, units = text.partition("十")
    value = (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10
    return str(value + (_CHINESE_DIGITS.get(units, 0) if units else 0))


def _direction(way: str) -> str:
    return "to" if way in _TO_WORDS else "from"


def marker_line(text: str) -> tuple[str, str] | None:
    """Read a line that is only a marker: return (direction, label), else None.

    direction is "to" (下转), "from" (上接) or "see" (a cross-reference).
    """
    if len(text) > _MAX_MARKER or "版" not in text:
        return None
    match = _CONTINUATION_RE.fullmatch(text)
    if match:
        return _direction(match.group("way")), arabic_label(match.group("label"))
    match = _CROSS_REFERENCE_RE.fullmatch(text)
    if match:
        return "see", arabic_label(match.group("label"))
    return None


def cut_markers(text: str) -> tuple[str, str, str]:
    """Cut continuation markers off either end of a line of text.

    Return the text left, the label it continues from (`(上接第1版)…` at
    its start) and the label it continues to (`…(下转第四版)` at its end).
    """
    if "版" not in text:
        return text, "", ""
    continued_from = continued_to = ""
    match = _CONTINUATION_RE.match(text)
    if match and _direction(match.group("way")) == "from" and _bracketed(match):
        continued_from = arabic_label(match.group("label"))
        text = text[match.end() :].lstrip()
    tail = max(0, len(text) - _MAX_MARKER)
    for match in _CONTINUATION_RE.finditer(text, tail):
        if match.end() == len(text) and _bracketed(match):
            if _direction(match.group("way")) == "to":
                continued_to = arabic_label(match.group("label"))
            else:
                continued_from = continued_from or arabic_label(match.group("label"))
            text = text[: match.start()].rstrip()
            break
    return text, continued_from, continued_to


def _bracketed(match: re.Match) -> bool:
    """Glued to a paragraph, only a bracketed marker is sure not to be prose."""
    found = match.group()
    return found[:1] in "(（【[" and found[-1:] in ")）】]"


def page_heading(text: str) -> tuple[str, str] | None:
    """Read the page's own header line: return (label, name), else None.

    `第 A2 版:综合新闻` → ("A2", "综合新闻"), `A4 要闻` → ("A4", "要闻"),
    `第03版:民生` → ("3", "民生"), `A3` → ("A3", "").
    """
    if len(text) > 30 or ("版" not in text and not _LETTER_DIGIT_RE.search(text)):
        return None  # every header holds 版 or a lettered label (A4)
    match = (
        _NUMBERED_PAGE_RE.fullmatch(text)
        or _LETTERED_PAGE_RE.fullmatch(text)
        or _NAMED_PAGE_RE.fullmatch(text)
    )
    if not match:
        return None
    groups = match.groupdict()
    name = groups.get("name") or groups.get("spaced") or ""
    label = match.group("label").removeprefix("第").removesuffix("版").strip()
    return arabic_label(label), name.strip()

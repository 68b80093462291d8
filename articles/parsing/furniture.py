"""Page furniture and source credits, which belong to no article."""

from __future__ import annotations

import re

from .bylines import _ALL_SEPARATORS, _is_person_name, parse_byline
from .chars import _HAN, _has_sentence_marks
from .markers import page_heading

_PAGE_NUMBER_RE = re.compile(
    r"[A-Za-z]{1,2}\s?\d{1,3}(?:\s*版)?"
    r"|第?\s*[\d一二三四五六七八九十百零〇]{1,4}\s*版(?:\s*[(（:：][^。]{0,40})?"
    r"|[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}"
)
_PAGE_HINT_RE = re.compile(r"[\dA-Za-z版]")
_FULL_DATE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_EDITION_WORD_RE = re.compile(
    r"星期|礼拜|周[一二三四五六日天]|农历|第\s*\S{1,4}\s*版|[A-Z]\d{1,2}|\d{1,2}\s*版"
)
_EDITOR_LABELS = (
    "责任编辑|责编|美术编辑|美编|值班编辑|图片编辑|编辑|校对|审校|审读|组版|版式"
    "|排版|照排|签发|版面设计|视觉设计|设计|制图"
)
# (?:本版|本期)? spelt out, so that every alternative starts with a plain
# character and a search skips ahead to the next possible first character.
_EDITOR_LABEL_RE = re.compile(
    f"本版(?:{_EDITOR_LABELS})|本期(?:{_EDITOR_LABELS})|{_EDITOR_LABELS}"
)
_EDITION_BITS_RE = re.compile(
    _FULL_DATE_RE.pattern
    + "|"
    + _EDITION_WORD_RE.pattern
    + r"|[\d一二三四五六七八九十]+版"
)
_COLUMN_LABEL_RE = re.compile(r"(?:专栏|栏目|专题|专版|本版专题|导读)\s*[:：]")
_CREDIT_HEAD_RE = re.compile(f"[{_HAN}]{{1,6}}(?:社|报|网|台)发?")
_CREDIT_INNER_RE = re.compile(
    f"(?:来源[:：]?|摘自|转自|稿件来源[:：]?)\\s*[{_HAN}《》·]{{1,14}}"
    f"|据?\\s*[{_HAN}《》·]{{1,14}}?(?:社|网|报|台|刊|电|综合|消息|客户端|新闻|》)"
)


def _is_furniture(text: str) -> bool:
    """Tell page numbers, edition headers, 责编 lines and jump lines."""
    if len(text) > 60:
        return False
    # Page numbers and headers all hold a figure or 版: 3, A4, 第四版.
    if _PAGE_HINT_RE.search(text) and (
        _PAGE_NUMBER_RE.fullmatch(text) or page_heading(text)
    ):
        return True
    if _is_edition_header(text):
        return True
    return _is_editor_line(text)


def _is_edition_header(text: str) -> bool:
    date = _FULL_DATE_RE.search(text)
    if not date or _has_sentence_marks(text) or "。" in text:
        return False
    rest = (text[: date.start()] + text[date.end() :]).strip()
    return not rest or bool(_EDITION_WORD_RE.search(rest))


def _is_editor_line(text: str) -> bool:
    if not _EDITOR_LABEL_RE.search(text) or "。" in text:
        return False
    if text[:1] in "(（【[" and text[-1:] in ")）】]":
        text = text[1:-1]  # (编辑 张三), printed under a story
    saw_label = False
    for token in _ALL_SEPARATORS.split(_EDITION_BITS_RE.sub(" ", text)):
        label = _EDITOR_LABEL_RE.match(token)
        if label:
            saw_label = True
            token = token[label.end() :]
        if token and not _is_person_name(token, glued=bool(label)):
            return False
    return saw_label


# A section label over a story: 县域·柳林, 聚焦·两会.
_SECTION_LABEL_RE = re.compile(f"[{_HAN}]{{2,4}}[·•・]\\s?[{_HAN}]{{2,4}}")


# A box's label over related items: 相关新闻, 延伸阅读, ■相关链接
_RELATED_LABEL_RE = re.compile(
    r"[□■◆◇●○★☆▌\s]*(?:相关新闻|相关链接|相关报道|新闻链接|背景链接|延伸阅读|新闻背景"
    r"|背景资料|链接)[□■◆◇●○★☆▌\s]*"
)


def _is_column_label(text: str) -> bool:
    if len(text) > 30:
        return False
    return bool(
        _COLUMN_LABEL_RE.match(text)
        or _SECTION_LABEL_RE.fullmatch(text)
        or _RELATED_LABEL_RE.fullmatch(text)
    )


def _page_heading_kind(text: str) -> str:
    """Tell `第2版(要闻)` (furniture) from `第1版(要闻)专栏:…` (a column label)."""
    return "column" if _COLUMN_LABEL_RE.search(text) else "furniture"


def _is_credit(inner: str) -> bool:
    """Tell a source credit such as 新华社 or 据《人民日报》 inside brackets,
    or the editor's (编辑 张三) under a story."""
    inner = inner.strip()
    if _CREDIT_INNER_RE.fullmatch(inner):
        return not parse_byline(inner)
    return len(inner) <= 24 and _is_editor_line(inner)


def _is_credit_line(text: str) -> bool:
    return (
        len(text) <= 24
        and text[:1] in "(（"
        and text[-1:] in ")）"
        and _is_credit(text[1:-1])
    )

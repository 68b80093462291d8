"""Classify each line of a page once.

Kinds, in the order the rules are tried: marker (continuations and
cross-references), furniture, column, credit, byline, lead, caption, note
(编者按), nonarticle (weather, ads, listings, tables, navigation) and text
(titles, subheadings and body, told apart by the segmenter from what
surrounds them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .blocks import non_article_kind
from .bylines import (
    _BYLINE_HINT_RE,
    _DECORATIONS,
    Byline,
    _signature,
    _signature_line,
    is_byline_label,
    parse_byline,
)
from .captions import is_caption
from .chars import _is_closed
from .furniture import (
    _CREDIT_HEAD_RE,
    _is_column_label,
    _is_credit,
    _is_credit_line,
    _is_furniture,
    _page_heading_kind,
)
from .leads import _BYLINE_CLOSERS, _BYLINE_OPENERS, _LEAD_START_RE, _match_lead
from .markers import cut_markers, marker_line, page_heading
from .notes import is_editor_note, is_editor_note_label
from .text import normalize_text
from .titles import _can_be_title, _is_heading


@dataclass(slots=True)
class _Item:
    """One non-blank line, classified."""

    # furniture, column (a column or section label), credit, byline, marker,
    # caption, note (编者按), nonarticle, lead or text; and label (本报记者,
    # 编者按:), which `_items` joins with the line after it
    kind: str
    text: str
    line_number: int
    indent: int = 0
    names: Byline | None = None
    ends_article: bool = False  # a byline or credit was glued to its end
    closed: bool = True
    title_like: bool = False
    heading: bool = False  # unpunctuated, but short enough to be complete
    # Page labels from continuation markers: a marker line, or one cut off
    # the start ("上接") or end ("下转") of a line of text.
    continued_from: str = ""
    continued_to: str = ""
    see_page: str = ""  # a cross-reference line: 更多报道见A6版
    page: tuple[str, str] | None = None  # a page header's label and name
    block: str = ""  # what non-article block a line belongs to: 天气, 广告...
    # The line as printed when unlabelled names were cut off its end (…方式。
    # 刘雪平): the segmenter gives them back if the paragraph goes on below.
    unsigned: str = ""


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        elif ch.isspace():
            width += 1
        else:
            break
    return width


_ROLE_START_RE = re.compile(
    f"[{_DECORATIONS}\\s]*(?:本报|特约|见习)?(?:记者|通讯员|实习生)"
)
_UNREAD_BYLINE_RE = re.compile(
    f"{_ROLE_START_RE.pattern}(?:\\s+|\\s*[:：]\\s*)[^\\s。，,；;！？!?]{{1,12}}"
    "(?:\\s[^\\s。，,；;！？!?]{1,12}){0,3}"
)
# The last sentence end of a line: what follows it may be a glued byline.
_LAST_SENTENCE_END_RE = re.compile("[。！？!?”…](?=[^。！？!?”…]*$)")
_SIGNATURE_INDENT = 8  # spaces before a name set apart at a story's foot
# Markers, furniture, column labels, credit lines and bylines are shorter.
_LONGEST_SHORT_LINE = 80


def _classify(line: str, line_number: int) -> _Item | None:
    """Classify a line once: the first rule that recognises it wins."""
    text = line.strip()
    if not text:
        return None
    if "\t" in text:
        text = text.replace("\t", " ")
    if len(text) > _LONGEST_SHORT_LINE or "。" in text:
        # No marker, furniture, label, credit or byline holds a full stop.
        indent = _indent_width(line) if line[0].isspace() else 0
        return _classify_long(text, line_number, indent)
    if marker := marker_line(text):
        return _marker_item(text, line_number, *marker)
    if _is_furniture(text):
        kind = _page_heading_kind(text)
        page = page_heading(text) if kind == "furniture" else None
        return _Item(kind, text, line_number, page=page)
    if _is_column_label(text):
        return _Item("column", text, line_number)
    if _is_credit_line(text):
        return _Item("credit", text, line_number)
    if names := parse_byline(text) or _signature_line(text):
        return _Item("byline", text, line_number, names=names)
    if len(text) <= 12 and _indent_width(line) >= _SIGNATURE_INDENT:
        if names := _signature(text):  # a name set flush right: a signature
            return _Item("byline", text, line_number, names=names)
    if len(text) <= 16 and (is_byline_label(text) or is_editor_note_label(text)):
        # Its names or its note are on the next line; `_items` joins them.
        return _Item("label", text, line_number)
    if _UNREAD_BYLINE_RE.fullmatch(text):
        # 记者 收盘价, 记者 Mike Smith: a byline's shape, but no name the rules
        # read. It closes a body like any byline, and creates no one.
        return _Item("byline", text, line_number, names=Byline())
    if _LEAD_START_RE.fullmatch(text):
        return _text_item("lead", text, line_number, _indent_width(line))
    return _classify_long(text, line_number, _indent_width(line))


def _classify_long(text: str, line_number: int, indent: int) -> _Item:
    """Classify a sentence, or a line too long for the short kinds."""
    if _match_lead(text):
        return _text_item("lead", text, line_number, indent)
    if is_caption(text):
        return _Item("caption", text, line_number)
    if is_editor_note(text):
        return _Item("note", text, line_number)
    if block := _non_article_kind(text):
        return _Item("nonarticle", text, line_number, block=block)
    return _text_item("text", text, line_number, indent)


def _non_article_kind(text: str) -> str:
    """A line opening with a byline's label is a byline no rule could read
    (`记者 Mike Smith`), never part of an advertisement or a table."""
    if "。" in text or _ROLE_START_RE.match(text):
        return ""  # no block holds a sentence
    return non_article_kind(text)


def _marker_item(text: str, line_number: int, direction: str, label: str) -> _Item:
    return _Item(
        "marker",
        text,
        line_number,
        continued_to=label if direction == "to" else "",
        continued_from=label if direction == "from" else "",
        see_page=label if direction == "see" else "",
    )


def _text_item(kind: str, text: str, line_number: int, indent: int) -> _Item:
    text, continued_from, continued_to = cut_markers(text)
    body, names, ends = _cut_trailing_credit(text, lead=kind == "lead")
    if ends and names is None and body:
        # A credit after the byline: …。(记者 王军)(编辑 张三)
        before, names, _ = _cut_trailing_credit(body, lead=kind == "lead")
        body = before if names else body
    if not body or (ends and _CREDIT_HEAD_RE.fullmatch(body)):  # 新华社发（记者 X 摄）
        return _Item("byline" if names else "credit", text, line_number, names=names)
    bare_name = (
        ends and names is not None and not _BYLINE_HINT_RE.search(text, len(body))
    )
    ends = ends or bool(continued_to)  # the story goes on on another page
    title_like = kind == "text" and not ends and _can_be_title(body)
    closed = ends or _is_closed(body)
    heading = title_like and not closed and _is_heading(body)
    # Every field by position, in the order _Item declares them: this runs
    # once a line of text, and keywords would double the cost of the call.
    return _Item(
        kind,
        body,
        line_number,
        indent,
        names,
        ends,  # ends_article
        closed or heading,  # closed
        title_like,
        heading,
        continued_from,
        continued_to,
        "",  # see_page
        None,  # page
        "",  # block
        text if bare_name else "",  # unsigned
    )


def _cut_trailing_credit(text: str, lead: bool) -> tuple[str, Byline | None, bool]:
    """Split off a byline or source credit glued to the end of a paragraph.

    `…整治成果。文/摄 记者 张晨`, `…积雪。     (记者 杨文静)`, `…查处。(新华社)`.
    """
    if text[-1:] in "。！？!?…":
        return text, None, False
    window = max(0, len(text) - 40)
    if text[-1:] in _BYLINE_CLOSERS:
        start = max(text.rfind(opener, window) for opener in _BYLINE_OPENERS)
        head = text[:start].rstrip() if start >= 0 else ""
        lead_match = _match_lead(head) if lead else None
        if head and not (lead_match and lead_match.end() == len(head)):
            inner = text[start + 1 : -1]
            names = parse_byline(inner) or _signature(inner, bracketed=True)
            if names or _is_credit(inner):
                return head, names, True
    last = _LAST_SENTENCE_END_RE.search(text, window)
    end = last.start() if last else -1
    if end >= 0:
        names = parse_byline(text[end + 1 :])
        if names is None and text[end] in "。！？!?" and end >= 8:
            names = _glued_signature(text[end + 1 :])
        if names:
            return text[: end + 1], names, True
    return text, None, False


def _glued_signature(rest: str) -> Byline | None:
    """Read names glued after the last sentence: `…车队。■徐坚波 陈卫东`, `…方式。刘雪平`."""
    rest = rest.strip()
    if rest[:1] in _DECORATIONS:
        return _signature(rest[1:])
    return _signature(rest) if len(rest) <= 8 else None


def _items(lines: Iterable[str], normalized: bool = False) -> Iterator[_Item]:
    """Classify lines; `normalized` lines are single lines, already normalised."""
    line_number = 0
    label: _Item | None = None  # a byline's label waiting for its names
    for line in lines if normalized else _split_lines(lines):
        line_number += 1
        if line and not line.isspace():  # blank lines are most of them
            item = _classify(line, line_number)
            if label is not None:
                joined = _join_label(label, item)
                if joined is None:
                    yield _lone_label(label)
                item, label = joined or item, None
            if item.kind == "label":
                label = item
            else:
                yield item
    if label is not None:
        yield _lone_label(label)


def _split_lines(lines: Iterable[str]) -> Iterator[str]:
    """Normalise lines as given (one may hold several) and yield them one by one."""
    for raw in lines:
        yield from normalize_text(str(raw)).removesuffix("\n").split("\n")


def _join_label(label: _Item, item: _Item) -> _Item | None:
    """Read a byline or a note broken after its label: `本报记者` / `王军 李明`,
    `编者按:` / `春耕时节,…`."""
    if item.kind not in ("text", "byline", "lead"):
        return None
    if is_editor_note_label(label.text):
        if item.kind == "lead":
            return None
        return _Item("note", f"{label.text}{item.text}", label.line_number)
    names = parse_byline(f"{label.text} {item.text}")
    if names is None:
        return None
    return _Item("byline", f"{label.text} {item.text}", label.line_number, names=names)


def _lone_label(label: _Item) -> _Item:
    """A label with no name after it still closes a body; it names no one."""
    if is_editor_note_label(label.text):
        return _text_item("text", label.text, label.line_number, 0)
    return _Item("byline", label.text, label.line_number, names=Byline())

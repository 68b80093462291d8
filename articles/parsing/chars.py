"""Character classes and small predicates on a line of Chinese text."""

from __future__ import annotations

import re
from collections.abc import Iterator

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACES = " \t\u3000\u00a0"
_TERMINALS = "。！？!?…；;：:"
_QUOTE_CLOSERS = "”’」』\"'"
_OPENERS = "“‘《(（「『【〈"
_CLOSERS = "”’》)）」』】〉"
_SENTENCE_MARKS = ",，;；"
_MID_MARKS = "，,、。；;：:！？!?）)”’》"  # no paragraph starts with these
_SENTENCE_MARKS_RE = re.compile(f"[{_SENTENCE_MARKS}]")
_BRACKETS_RE = re.compile(f"[{_OPENERS}{_CLOSERS}]")
_OPENERS_RE = re.compile(f"[{_OPENERS}]")
_CLOSERS_RE = re.compile(f"[{_CLOSERS}]")
_BRACKETS_OR_MARKS_RE = re.compile(f"[{_OPENERS}{_CLOSERS}{_SENTENCE_MARKS}]")
_BRACKETS_OR_SPACES_RE = re.compile(f"[{_OPENERS}{_CLOSERS}\\s]")
# Words a Chinese sentence cannot stop on: a line ending on one was cut short.
_DANGLING_ENDS = "的和与及或并而把被对向从将要其之、,，"


def _compact_len(text: str) -> int:
    """Return the length of a line without its whitespace."""
    if " " in text or "\u3000" in text or "\xa0" in text:
        return len("".join(text.split()))
    # Most lines: no space to drop. Rarer whitespace inside a line counts
    # as a character, which the length limits this serves can bear.
    return len(text)


def _is_closed(text: str) -> bool:
    """Tell whether a line ends a sentence (so no column break split it)."""
    if not text:
        return True
    last = text[-1]
    if last in _TERMINALS:
        return True
    if last in _QUOTE_CLOSERS:
        return len(text) > 1 and text[-2] in _TERMINALS + _QUOTE_CLOSERS
    if last in ")）":
        start = max(text.rfind("("), text.rfind("（"))
        return start == 0 or (
            start > 0 and len(text) - start <= 20 and text[start - 1] in _TERMINALS
        )
    return False


def _outside_brackets(text: str, wanted: re.Pattern) -> Iterator[int]:
    """Yield where the characters `wanted` finds stand outside any bracket.

    `wanted` matches them and every bracket or quote, one character at a time,
    so that only those characters are looked at.
    """
    depth = 0
    for match in wanted.finditer(text):
        ch = match.group()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)  # a stray closer opens nothing
        elif not depth:
            yield match.start()


def _reads_as_sentence(text: str) -> bool:
    return _has_sentence_marks(text) or text[-1] in _DANGLING_ENDS


def _balanced(text: str) -> bool:
    """Tell whether every quote or bracket opened in a line is closed there."""
    if not _BRACKETS_RE.search(text):
        return True
    # As many closers as openers, wherever they stand.
    return len(_OPENERS_RE.findall(text)) == len(_CLOSERS_RE.findall(text))


def _has_sentence_marks(text: str) -> bool:
    if not _SENTENCE_MARKS_RE.search(text):
        return False
    return any(True for _ in _outside_brackets(text, _BRACKETS_OR_MARKS_RE))

"""What the parser returns, the error it raises and how its messages quote."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


class ParseError(ValueError):
    """Input that is not a newspaper page: binary, undecodable or empty."""


def _quoted(text: str) -> str:
    """Return text in Chinese quotes, unprintable characters escaped as by repr()."""
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return f"“{shown}”"


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    subheadline: str = ""
    kicker: str = ""
    source_label: str = ""
    dateline_date: datetime.date | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    position: int = 0
    line_number: int = 0
    warnings: tuple[str, ...] = ()
    ambiguous_title: bool = False
    # Page labels as printed, digits made Arabic ("3", "A3"), from a
    # "(下转第3版)" marker at the end or an "(上接第1版)" marker at the start.
    continued_to: str = ""
    continued_from: str = ""
    # Photo captions as printed (credits included), waiting for their photo.
    captions: tuple[str, ...] = ()
    # An editor's note (编者按) printed with the article, apart from its body.
    editor_note: str = ""
    # Paragraphs that are subheadings (小标题), each also in `paragraphs`.
    subheadings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedPage:
    articles: tuple[ParsedArticle, ...]
    warnings: tuple[str, ...] = ()
    # The page's own furniture line, when it has one: "第 A2 版:综合新闻"
    # gives page_label "A2" and page_name "综合新闻".
    page_label: str = ""
    page_name: str = ""

"""What the parser returns, and the error it raises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


class ParseError(ValueError):
    """Input that is not a newspaper page: binary, undecodable or empty."""


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


@dataclass(frozen=True)
class ParsedPage:
    articles: tuple[ParsedArticle, ...]
    warnings: tuple[str, ...] = ()

"""Gather one article's titles, paragraphs and bylines, and build it."""

from __future__ import annotations

import datetime
import re

from .bylines import Byline
from .chars import _HAN, _MID_MARKS
from .dates import resolve_month_day
from .leads import _Lead, _parse_lead
from .lines import _Item
from .model import ParsedArticle
from .titles import _assemble_title

_COHESION_SPAN = 300  # characters of a paragraph compared for shared words
_COHESION_READ = 3000  # characters of an article remembered for it
_HAN_RUN_RE = re.compile(f"[{_HAN}]{{2,}}")


def _bigrams(text: str) -> set[str]:
    """Return the pairs of adjacent Han characters: a cheap stand-in for words."""
    pairs: set[str] = set()
    for run in _HAN_RUN_RE.findall(text):
        pairs.update(map(str.__add__, run, run[1:]))
    return pairs


class _ArticleBuilder:
    def __init__(self, titles: list[str], line_number: int) -> None:
        self.titles = titles
        self.line_number = line_number
        self.reporters: list[str] = []
        self.correspondents: list[str] = []
        self.paragraphs: list[str] = []
        self.parts: list[str] = []  # lines of the paragraph being read
        self.is_open = False  # that paragraph still waits for its sentence end
        self.is_heading = False  # it is one short heading-like line
        self.indent: int | None = None
        self.lead: _Lead | None = None
        self.warnings: list[str] = []
        self.continued_from = ""
        self.continued_to = ""
        self.read = 0
        # Text read so far, for cohesion; most articles never need its word
        # pairs, so they are only worked out when asked for.
        self._unread: list[str] = []
        self._words: set[str] = set()
        for title in titles:
            self.remember(title)

    def remember(self, text: str) -> None:
        if self.read < _COHESION_READ:
            self.read += min(len(text), _COHESION_SPAN)
            self._unread.append(text[:_COHESION_SPAN])

    @property
    def words(self) -> set[str]:
        """Return the character pairs of the text remembered so far."""
        if self._unread:
            self._words |= _bigrams("\n".join(self._unread))
            self._unread.clear()
        return self._words

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs or self.parts)

    def start_paragraph(self, item: _Item) -> None:
        self.finish_paragraph()
        self.remember(item.text)
        self.parts = [item.text]
        self.is_open = not item.closed
        self.is_heading = item.heading
        self.indent = item.indent

    def goes_on(self, item: _Item) -> bool:
        """Tell whether a line continues the paragraph being read.

        A short heading-like line is taken as complete, unless the next line
        starts mid-sentence (`导。及时…`): then a column break cut it.
        """
        if self.is_open:
            return True
        return self.is_heading and any(ch in _MID_MARKS for ch in item.text[:2])

    def continue_paragraph(self, item: _Item) -> None:
        self.remember(item.text)
        self.parts.append(item.text)
        self.is_open = not item.closed
        self.is_heading = False

    def finish_paragraph(self) -> None:
        if not self.parts:
            return
        text = "".join(self.parts)
        self.parts, self.is_open, self.is_heading = [], False, False
        if self.lead is None:
            self.lead = _parse_lead(text)
            text = self.lead.text
            self.add_names(self.lead.names)
        if text:
            self.paragraphs.append(text)

    def add_names(self, names: Byline | None) -> None:
        if names is None:
            return
        for name in names.reporters:
            if name not in self.reporters:
                self.reporters.append(name)
        for name in names.correspondents:
            if name not in self.correspondents:
                self.correspondents.append(name)

    def build(self, issue_date: datetime.date, position: int) -> ParsedArticle:
        self.finish_paragraph()
        kicker, headline, subheadline, ambiguous = _assemble_title(self.titles)
        lead = self.lead or _Lead("", "", None, None)
        date = None
        if lead.date:
            year, month, day = lead.date
            date = resolve_month_day(month, day, issue_date, year)
        warnings = self.warnings + [
            message
            for message, applies in (
                ("未找到标题", not headline),
                ("标题拆分为推测，请核对", ambiguous),
                ("未找到署名", not (self.reporters or self.correspondents)),
                ("未找到电头日期", date is None),
            )
            if applies
        ]
        return ParsedArticle(
            headline=headline,
            subheadline=subheadline,
            kicker=kicker,
            source_label=lead.source_label,
            dateline_date=date,
            reporters=tuple(self.reporters),
            correspondents=tuple(self.correspondents),
            paragraphs=tuple(self.paragraphs),
            position=position,
            line_number=self.line_number,
            warnings=tuple(warnings),
            ambiguous_title=ambiguous,
            continued_to=self.continued_to,
            continued_from=self.continued_from,
        )

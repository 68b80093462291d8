"""Gather one article's titles, paragraphs and bylines, and build it."""

from __future__ import annotations

import datetime
import re

from .bylines import Byline
from .chars import _HAN, _MID_MARKS, _compact_len
from .dates import _DATE_AT_START_RE, resolve_month_day
from .leads import _Lead, _parse_lead
from .lines import _Item
from .model import ParsedArticle
from .names import is_person_name
from .titles import _assemble_title, _is_long_subheading

_COHESION_SPAN = 300  # characters of a paragraph compared for shared words
_COHESION_READ = 3000  # characters of an article remembered for it
_AGENCY_LEAD_RE = re.compile(r"据?(?:新华社|中新社|新华网|人民网|央视|央广|中广网)")
_DATE_SEARCH = 24  # characters of a lead where its date would be
# Left before a date by a 电头 or a byline no rule read: a space, 讯/电, or
# the bracket closing a byline. `昨日(11月3日)` opens a bracket: an aside.
_DATELINE_DEBRIS_RE = re.compile(r"[\s)）】\]讯电]")
_HAN_RUN_RE = re.compile(f"[{_HAN}]{{2,}}")


def _bigrams(text: str) -> set[str]:
    """Return the pairs of adjacent Han characters: a cheap stand-in for words."""
    pairs: set[str] = set()
    for run in _HAN_RUN_RE.findall(text):
        pairs.update(map(str.__add__, run, run[1:]))
    return pairs


# A bracket near the lead's start holding a byline's word: (记者 X…) that no
# rule could read.
_BYLINE_TRACE_RE = re.compile(r"[(（【\[][^)）】\]]{0,16}(?:记者|通讯员|实习生|摄)")
_SENTENCE_END_RE = re.compile("[。！？!?…”]")


def _unread_byline(paragraphs: list[str]) -> bool:
    """Tell whether the body's edges hold what looks like an unread byline."""
    if not paragraphs:
        return False
    last = paragraphs[-1]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(last, max(0, len(last) - 30))]
    tail = last[ends[-1] :] if ends else last[-30:]
    if tail.strip() and _compact_len(tail) <= 20:
        return True
    return bool(_BYLINE_TRACE_RE.search(paragraphs[0], 0, 40))


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
        self.title_like = False  # it is one line that could be a title
        self.indent: int | None = None
        self.lead: _Lead | None = None
        self.warnings: list[str] = []
        self.continued_from = ""
        self.continued_to = ""
        self.captions: list[str] = []
        self.editor_notes: list[str] = []
        self.subheadings: list[str] = []
        self.captions_as_body = False
        self.credited = False  # a source credit such as (新华社) closed it
        # Where the article starts or ends was told from words alone (a title
        # line inside a body), not proven by a lead or a byline.
        self.start_guessed = self.end_guessed = False
        # The article above, when the boundary with it was guessed, and
        # whether the one below had a byline, when that boundary was.
        self.previous: _ArticleBuilder | None = None
        self.next_signed = False
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

    @property
    def has_text(self) -> bool:
        """A body, or at least captions to stand for one (photo news)."""
        return self.has_body or bool(self.captions)

    def start_paragraph(self, item: _Item) -> None:
        self.finish_paragraph()
        self.remember(item.text)
        self.parts = [item.text]
        self.is_open = not item.closed
        self.is_heading = item.heading
        self.title_like = item.title_like
        self.indent = item.indent

    def goes_on(self, item: _Item) -> bool:
        """Tell whether a line continues the paragraph being read.

        A short heading-like line is taken as complete, unless the next line
        starts mid-sentence (`导。及时…`): then a column break cut it.
        """
        if self.is_open:
            if self.title_like and _is_long_subheading(self.parts[0], item.text):
                self.is_heading = True
                return False
            return True
        return self.is_heading and any(ch in _MID_MARKS for ch in item.text[:2])

    def continue_paragraph(self, item: _Item) -> None:
        self.remember(item.text)
        self.parts.append(item.text)
        self.is_open = not item.closed
        self.is_heading = self.title_like = False

    def finish_paragraph(self) -> None:
        if not self.parts:
            return
        text = "".join(self.parts)
        if self.is_heading and self.paragraphs:
            self.subheadings.append(text)
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
        if not (names.reporters or names.correspondents):
            self.warnings.append("署名中没有读出人名，请核对")
        for found, names_read in (
            (self.reporters, names.reporters),
            (self.correspondents, names.correspondents),
        ):
            for name in names_read:
                if not is_person_name(name):
                    # Never a new person from a table cell or a header.
                    self.warnings.append(f"署名“{name}”不像人名，未作人员，请核对")
                elif name not in found:
                    found.append(name)

    @property
    def is_signed(self) -> bool:
        return bool(self.reporters or self.correspondents or self.credited)

    def _byline_missing(self) -> bool:
        """Tell a story whose missing byline may be a parsing mistake.

        Many briefs carry none. It is suspect where the article's start or end
        was guessed (its byline may be in the article beside it), or where a
        bracket or a few words after the last sentence look like an unread one.
        """
        if self.is_signed:
            return False
        if self.start_guessed or self.end_guessed:
            lead = self.lead.text if self.lead else ""
            return not _AGENCY_LEAD_RE.match(lead)
        return _unread_byline(self.paragraphs)

    def _boundary_doubtful(self) -> bool:
        """A title told from words alone, with one side of it unsigned.

        A subheading taken for a title cuts a story in two, and its byline,
        above or below, is in one half only.
        """
        previous_signed = self.previous is not None and self.previous.is_signed
        return (self.start_guessed and not (previous_signed and self.is_signed)) or (
            self.end_guessed and not (self.is_signed and self.next_signed)
        )

    def _date_expected(self) -> bool:
        """A month and day near the lead's start, behind what a 电头 is made of.

        `广东省政府批准从九月一日起` gives a date later in the sentence, which is
        no dateline; behind a bracket, a space or a 讯/电 it may be one that a
        byline or a 电头 no rule could read kept from the start.
        """
        lead = self.lead.text if self.lead else ""
        found = _DATE_AT_START_RE.search(lead[:_DATE_SEARCH])
        return found is not None and bool(
            _DATELINE_DEBRIS_RE.search(lead, 0, found.start())
        )

    def build(self, issue_date: datetime.date, position: int) -> ParsedArticle:
        self.finish_paragraph()
        if not self.paragraphs and self.captions:
            # Photo news with nothing but captions: they are its text.
            self.paragraphs, self.captions = self.captions, []
            self.captions_as_body = True
        kicker, headline, subheadline, ambiguous = _assemble_title(self.titles)
        lead = self.lead or _Lead("", "", None, None)
        date = None
        if lead.date:
            year, month, day = lead.date
            date = resolve_month_day(month, day, issue_date, year)
        boundary_doubtful = self._boundary_doubtful()
        self.previous = None  # built already; hold no chain of articles
        warnings = self.warnings + [
            message
            for message, applies in (
                ("未找到标题", not headline),
                ("标题拆分为推测，请核对", ambiguous),
                ("未找到署名，请核对", self._byline_missing()),
                ("与相邻稿件的分界为推测，请核对", boundary_doubtful),
                ("电头日期未能识别，请核对", date is None and self._date_expected()),
                ("图片说明已作正文，请核对", self.captions_as_body),
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
            captions=tuple(self.captions),
            editor_note="\n\n".join(self.editor_notes),
            subheadings=tuple(self.subheadings),
        )

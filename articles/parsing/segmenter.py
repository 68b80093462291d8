"""Cut the stream of classified lines of a page into articles."""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .builder import _COHESION_SPAN, _ArticleBuilder, _bigrams
from .chars import (
    _DANGLING_ENDS,
    _MID_MARKS,
    _compact_len,
    _has_sentence_marks,
    _is_closed,
    _reads_as_sentence,
)
from .lines import _Item
from .lookahead import _Peekable
from .model import ParsedArticle, _quoted
from .titles import (
    _SUBHEADING_RE,
    _title_space,
    is_marked_subheading,
    opens_follow_on,
)

_PHOTO_CREDIT_END = ("摄", "摄影", "摄影报道", "摄)", "摄）", "摄影)", "摄影）")
_LOOKAHEAD = 64  # furniture lines skipped when looking for what follows a title
_MAX_WARNINGS = 100


class _Segmenter:
    """Cut a stream of classified lines into articles.

    States: `start` (no article yet), `title` (title read, body not begun),
    `body`, `after` (a byline or credit closed the body; more byline
    lines may follow) and `block` (inside a non-article block: weather, ads,
    listings, tables; what follows is a new article or nobody's).
    """

    def __init__(self, issue_date: datetime.date, warn: Callable[[str], None]):
        self.issue_date = issue_date or datetime.date.today()
        self.warn_callback = warn
        self.warned = self.suppressed = 0
        self.state = "start"
        self.current: _ArticleBuilder | None = None
        self.position = 0
        self.done: deque[ParsedArticle] = deque()
        self.orphans: tuple[int, int] | None = None  # first and last line
        self.items = _Peekable(())
        self.continued_from = ""  # a 上接 marker waiting for its article
        self.captions: list[str] = []  # captions printed above their article
        self.editor_note = ""  # a 编者按 printed above its article's title
        self.block: tuple[int, int, str] | None = None  # first, last line, kind
        self.last_kind = ""
        # An article whose end was guessed, built once the next one is read.
        self.held: _ArticleBuilder | None = None
        self.page_label = self.page_name = ""

    def run(self, items: Iterable[_Item]) -> Iterator[ParsedArticle]:
        self.items = _Peekable(items)
        handlers = {
            "furniture": self._on_furniture,
            "column": self._on_column,
            "credit": self._on_credit,
            "byline": self._on_byline,
            "marker": self._on_marker,
            "caption": self._on_caption,
            "note": self._on_note,
            "nonarticle": self._on_nonarticle,
            "lead": self._on_lead,
            "text": self._on_text,
        }
        self.handlers = handlers
        pop, done = self.items.pop, self.done
        while (item := pop()) is not None:
            # As _handle does, inline: this loop runs once a line.
            if item.unsigned:
                self._check_signature(item)
            handlers[item.kind](item)
            self.last_kind = item.kind
            while done:
                yield done.popleft()
        self._close_article()
        if self.held is not None:
            self._build(self.held)
        self._flush_orphans()
        self._flush_block()
        if self.captions or self.editor_note:
            self._warn("版面末尾的图片说明或编者按不属于任何稿件，已略去。")
        if self.suppressed:
            self.warn_callback(f"另有 {self.suppressed} 条提示未显示。")
        yield from self._drain()

    def _handle(self, item: _Item) -> None:
        if item.unsigned:
            self._check_signature(item)
        self.handlers[item.kind](item)
        self.last_kind = item.kind

    def _check_signature(self, item: _Item) -> None:
        """Give back names cut off a line's end when its paragraph goes on.

        `…活动。王伟` followed by `指出,…`: a column break, not a signature.
        """
        after = self.items.peek(0)
        if after is not None and after.kind == "text" and not after.title_like:
            item.text, item.names, item.unsigned = item.unsigned, None, ""
            item.ends_article = False
            item.closed = _is_closed(item.text)

    def _drain(self) -> Iterator[ParsedArticle]:
        while self.done:
            yield self.done.popleft()

    def _warn(self, message: str) -> None:
        if self.warned < _MAX_WARNINGS:
            self.warned += 1
            self.warn_callback(message)
        else:
            self.suppressed += 1

    # Handlers, one per kind of line.

    def _on_furniture(self, item: _Item) -> None:
        self._warn(f"第 {item.line_number} 行：已略去版面信息{_quoted(item.text)}。")
        if item.page:
            self._name_page(*item.page)

    def _name_page(self, label: str, name: str) -> None:
        """Keep the page's own header: the first one, or the first named one."""
        if not self.page_label or (name and not self.page_name):
            self.page_label, self.page_name = label, name

    def _on_marker(self, item: _Item) -> None:
        self._warn(f"第 {item.line_number} 行：已略去转版提示{_quoted(item.text)}。")
        if item.continued_to and self.current is not None:
            self.current.continued_to = item.continued_to
            self._end_body()
        elif item.continued_from:
            if self.state == "title" or (
                self.state == "body" and not self.current.has_body
            ):
                self.current.continued_from = item.continued_from
            else:
                self.continued_from = item.continued_from
        elif self.state == "body":
            self.current.finish_paragraph()

    def _on_caption(self, item: _Item) -> None:
        """A caption goes with the article being read, else the next one."""
        if self.current is None or self.state == "block":
            self.captions.append(item.text)
        else:
            self.current.captions.append(item.text)
            self.current.remember(item.text)  # its words are the story's

    def _on_note(self, item: _Item) -> None:
        """An editor's note goes with the article whose body follows it.

        Only an afterword (编后) follows its article's body.
        """
        if self.current is not None and (
            self.state == "title" or item.text.lstrip("【[［(（").startswith("编后")
        ):
            self.current.editor_notes.append(item.text)
        else:
            self._end_body()
            self.editor_note = item.text

    def _on_nonarticle(self, item: _Item) -> None:
        if self.state == "title" and not self.current.has_body:
            # The title read last was the block's own heading (市区天气), and
            # the block, not a guessed title, ends the article above.
            first = self.current.line_number
            self.current = None
            if self.held is not None:
                self.held.end_guessed = False
        else:
            self._end_body()
            first = item.line_number
        if self.block is None:
            self.block = (first, item.line_number, item.block)
        else:
            self.block = (self.block[0], item.line_number, self.block[2])
        self.state = "block"

    def _flush_block(self) -> None:
        if self.block:
            first, last, kind = self.block
            self._warn(
                f"第 {first} 至 {last} 行：判断为非新闻内容（{kind}等），已略去，请核对。"
            )
            self.block = None

    def _on_column(self, item: _Item) -> None:
        self._on_furniture(item)
        self._end_body()

    def _on_credit(self, item: _Item) -> None:
        if self.state in ("body", "after"):
            self._end_body()
            self.current.credited = True
        else:
            self._orphan(item)

    def _on_byline(self, item: _Item) -> None:
        if self.last_kind == "caption" and _is_photo_credit(item.text):
            # A credit on the line under a caption is the caption's.
            captions = self.captions or self.current.captions
            captions[-1] = f"{captions[-1]} {item.text}"
            return
        if self.state in ("start", "block"):
            self._orphan(item)
            return
        self._end_body()
        self.current.add_names(item.names)

    def _on_lead(self, item: _Item) -> None:
        if self.state != "title":
            self._new_article([], item)
        self._add_paragraph(item)

    def _on_text(self, item: _Item) -> None:
        if self.state == "title":
            self._add_paragraph(item)
        elif self.state == "body" and self.current.goes_on(item):
            if item.title_like and self._title_after_broken(item):
                self._take_title(item)
            else:
                self.current.continue_paragraph(item)
                self._after_text(item)
        elif item.title_like and self._title_run(item):
            self._take_title(item)
        elif self.state in ("start", "block"):
            self._orphan(item)
        else:
            if self.state == "after":
                self.current.warnings.append("署名之后的文字已归入正文，请核对")
            self._add_paragraph(item)

    # Building articles.

    def _add_paragraph(self, item: _Item) -> None:
        if item.continued_from and not self.current.has_body:
            self.current.continued_from = item.continued_from
        self.current.start_paragraph(item)
        self.state = "body"
        self._after_text(item)

    def _after_text(self, item: _Item) -> None:
        if item.continued_to:
            self.current.continued_to = item.continued_to
        if item.ends_article:
            self.current.finish_paragraph()
            self.current.add_names(item.names)
            self.state = "after"

    def _end_body(self) -> None:
        if self.state == "body":
            self.current.finish_paragraph()
            self.state = "after"

    def _new_article(self, titles: list[_Item], first: _Item) -> None:
        self._close_article()
        self._flush_orphans()
        self._flush_block()
        self.current = _ArticleBuilder([t.text for t in titles], first.line_number)
        self.current.continued_from, self.continued_from = self.continued_from, ""
        self.current.captions, self.captions = self.captions, []
        if self.editor_note:
            self.current.editor_notes.append(self.editor_note)
            self.editor_note = ""
        self.state = "title"

    def _close_article(self) -> None:
        article, self.current = self.current, None
        if article is None:
            return
        if self.held is not None:
            self.held.next_signed = article.is_signed
            self._build(self.held)
            self.held = None
        if article.has_text and article.end_guessed:
            # Whether its end is in doubt depends on the next one's byline.
            self.held = article
        elif article.has_text:
            self._build(article)
        else:
            title = _quoted(" ".join(article.titles))
            self._warn(f"第 {article.line_number} 行：标题{title}下没有正文，已略去。")

    def _build(self, article: _ArticleBuilder) -> None:
        self.position += 1
        self.done.append(article.build(self.issue_date, self.position))

    def _orphan(self, item: _Item) -> None:
        first = self.orphans[0] if self.orphans else item.line_number
        self.orphans = (first, item.line_number)

    def _flush_orphans(self) -> None:
        if self.orphans:
            first, last = self.orphans
            where = f"第 {first} 行" if first == last else f"第 {first} 至 {last} 行"
            self._warn(f"{where}：不属于任何稿件的文字已略去。")
            self.orphans = None

    # Telling titles from paragraphs.

    def _peek_run(self, first: _Item) -> tuple[list[_Item], _Item | None, int]:
        """Return the title-like lines from `first` on and the line after."""
        run, index = [first], 0
        while index < _LOOKAHEAD:
            item = self.items.peek(index)
            if item is not None and item.kind in ("furniture", "marker", "caption"):
                index += 1
            elif item is not None and item.title_like and len(run) <= 3:
                run.append(item)
                index += 1
            else:
                break
        else:
            item = None
        # A body's first line, cut by a column break, can look like a title
        # line; its commas or its dangling end give it away.
        while item is not None and item.kind == "text" and len(run) > 1:
            if not _reads_as_sentence(run[-1].text):
                break
            item = run.pop()
        return run, item, index

    def _after_bylines(self, index: int) -> _Item | None:
        for offset in range(index, index + _LOOKAHEAD):
            item = self.items.peek(offset)
            if item is None or item.kind not in (
                "byline",
                "furniture",
                "marker",
                "caption",
            ):
                return item
        return None

    def _title_run(self, first: _Item) -> bool:
        """Tell whether `first` opens the title of a new article."""
        run, after, index = self._peek_run(first)
        if len(run) > 3:
            return False
        if after is None or after.kind in ("column", "credit"):
            # A title with no body is dropped later, with a warning.
            return self.state != "body"
        if after.kind == "nonarticle":
            # A block's own heading (市区天气), dropped with the block.
            return self.state in ("after", "start") or (
                self.state == "body" and _is_block_heading(first.text)
            )
        if after.kind == "lead":
            return True
        if after.kind == "byline":
            body = self._after_bylines(index + 1)
            if body is None or body.kind not in ("lead", "text"):
                return False
            if body.kind == "lead" or self.state != "body":
                return True
            return self._score(first, body) >= 0
        if self.state != "body":
            return True
        scores = [self._score(item, after) for item in run]
        return min(scores) >= (1 if len(run) == 1 else 0)

    def _title_after_broken(self, first: _Item) -> bool:
        """After a paragraph cut mid-sentence, only a lead proves a title."""
        run, after, index = self._peek_run(first)
        if len(run) > 3 or after is None:
            return False
        if after.kind == "byline":
            body = self._after_bylines(index + 1)
            if body is None or body.kind not in ("lead", "text"):
                return False
            return body.kind == "lead" or self._score(first, body) >= 1
        return after.kind == "lead"

    def _score(self, item: _Item, after: _Item | None) -> int:
        """Weigh how much a short line inside a body looks like a new title."""
        text = item.text
        cohesion = self._cohesion(text, after)
        score = 1 + cohesion
        if _compact_len(text) > 30:
            score -= 2
        if _title_space(text) >= 0 and cohesion >= 0:
            # Spaced phrases make a title, or a subheading of the story above.
            score += 2
        indent = self.current.indent if self.current else None
        if indent is not None and item.indent != indent:
            score += 2
        if _has_sentence_marks(text):
            score -= 2
        elif "、" in text:
            score -= 1
        if text[-1] in _DANGLING_ENDS + ":：!?！？":
            score -= 2
        if _SUBHEADING_RE.match(text) or is_marked_subheading(text):
            score -= 3
        if after is not None and opens_follow_on(after.text):
            score -= 3
        return score

    def _cohesion(self, text: str, after: _Item | None) -> int:
        """Compare a line's words with the paragraph below and the article above.

        A headline sums up the lead below it; a line cut short by a column
        break goes on with the article above.
        """
        if after is None or self.current is None:
            return 0
        if any(ch in _MID_MARKS for ch in after.text[:2]):
            return -3  # the line below starts mid-sentence: no lead does
        words = _bigrams(text)
        below = len(words & _bigrams(self._text_from(after)))
        above = len(words & self.current.words)
        if above and above >= below:
            return -2
        return 2 if below and not above else 0

    def _text_from(self, start: _Item) -> str:
        """Return the paragraph that begins at a looked-ahead line."""
        texts, seen = [], False
        for index in range(_LOOKAHEAD):
            item = self.items.peek(index)
            if item is None:
                break
            seen = seen or item is start
            if seen and item.kind in ("text", "lead"):
                texts.append(item.text[:_COHESION_SPAN])
                if item.closed or len(texts) > 3:
                    break
        return "".join(texts) or start.text[:_COHESION_SPAN]

    def _take_title(self, first: _Item) -> None:
        run, after, _ = self._peek_run(first)
        # Inside a body, only a lead or a byline under the title proves that
        # a new article starts; a title told by its words alone is a guess.
        guessed = self.state == "body" and (
            after is None or after.kind not in ("lead", "byline")
        )
        previous = self.current
        between = []  # furniture, markers and captions among the title lines
        while len(run) > 1:
            item = self.items.pop()
            if item is run[-1]:
                break
            if item.kind in ("furniture", "marker", "caption"):
                between.append(item)
        if guessed:
            previous.end_guessed = True
        self._new_article(run, first)
        if guessed:
            self.current.start_guessed = True
            self.current.previous = previous
        for item in between:
            self._handle(item)


def _is_photo_credit(text: str) -> bool:
    return text.endswith(_PHOTO_CREDIT_END)


def _is_block_heading(text: str) -> bool:
    """Tell a short label over a block (市区天气, 今日股市) from cut-off prose."""
    return _compact_len(text) <= 12 and not _reads_as_sentence(text)

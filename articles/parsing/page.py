"""Parse a whole page, or stream its articles one at a time."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator

from .lines import _Item, _items
from .model import ParsedArticle, ParsedPage, ParseError
from .segmenter import _Segmenter
from .text import normalize_text


def iter_articles(
    lines: Iterable[str],
    issue_date: datetime.date,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[ParsedArticle]:
    """Yield the articles of a page, one at a time, in page order.

    Page-level warnings (dropped furniture, text outside any article) go to
    `on_warning`. Only the current article and a few lines ahead are held
    (and the one before, while the boundary between them is a guess).
    """
    segmenter = _Segmenter(issue_date, on_warning or (lambda message: None))
    yield from _run_segmenter(segmenter, _items(lines))


def _run_segmenter(
    segmenter: _Segmenter, items: Iterable[_Item], *, whole_page: bool = False
) -> Iterator[ParsedArticle]:
    try:
        # A whole page is classified at once: a list is cheaper to read ahead.
        yield from segmenter.run(list(items) if whole_page else items)
    except ParseError:
        raise
    except Exception as exc:
        # A bug must not crash the import of a whole batch with a traceback.
        raise ParseError(
            f"无法解析该版面（程序错误 {type(exc).__name__}: {exc}）。"
        ) from exc


def parse_page(text: str, issue_date: datetime.date) -> ParsedPage:
    """Return the articles of a page and the warnings about dropped lines."""
    if not isinstance(text, str):
        raise ParseError("版面内容必须以文本形式传入。")
    text = normalize_text(text)
    if not text.strip():
        raise ParseError("版面是空的：没有任何文字。")
    warnings: list[str] = []
    items = _items(text.split("\n"), normalized=True)
    segmenter = _Segmenter(issue_date, warnings.append)
    articles = tuple(_run_segmenter(segmenter, items, whole_page=True))
    return ParsedPage(
        articles,
        tuple(warnings),
        page_label=segmenter.page_label,
        page_name=segmenter.page_name,
    )

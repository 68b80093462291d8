"""Turn the raw text of a Chinese newspaper page into articles.

The rules are those a copy editor applies to a page pulled out of a PDF: a
title run (kicker, headline, subheadline) above the body, a lead that opens
with its 电头 (本报讯, 新华社北京3月28日电 ...), paragraphs separated by blank
lines and rejoined where a column break split a sentence, bylines above, inside
or below the body, and page furniture (page numbers, edition and 责编 lines,
column labels, source credits) that belongs to no article.

Standard library only: the importer command and the tests import this package
without loading Django.
"""

from .bylines import Byline, parse_byline
from .dates import resolve_month_day
from .model import ParsedArticle, ParsedPage, ParseError
from .page import iter_articles, parse_page
from .text import (
    decode_page,
    decompose_compatibility,
    normalize_name,
    normalize_text,
)

__all__ = [
    "Byline",
    "ParseError",
    "ParsedArticle",
    "ParsedPage",
    "decode_page",
    "decompose_compatibility",
    "iter_articles",
    "normalize_name",
    "normalize_text",
    "parse_byline",
    "parse_page",
    "resolve_month_day",
]

"""Read a page: decode, parse and check it before anything is written."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from articles.models import Article, text_fingerprint
from articles.parsing import (
    ParsedPage,
    decode_page,
    decompose_compatibility,
    parse_page,
)
from newsroom import dates

MAX_PAGE_BYTES = 2 * 1024 * 1024
# Checking a page validates what the parser gives; the other fields are
# the store's to set: foreign keys (a query each to check), derived fields
# and defaults.
CONTENT_FIELDS = ["kicker", "headline", "subheadline", "source_label"]
CONTENT_FIELDS += ["dateline_date", "body", "page_position"]
CONTENT_FIELDS += ["editor_note", "subheadings", "photo_captions"]
UNCHECKED_FIELDS = [
    f.name for f in Article._meta.fields if f.name not in CONTENT_FIELDS
]
FIELD_LABELS = {f.name: f"{f.verbose_name}：" for f in Article._meta.fields}


class PageRejected(ValueError):
    """A page that must not be imported; the message says why, for an editor."""


@dataclass(frozen=True)
class LoadedPage:
    """A decoded, parsed and checked page with what its ImportBatch records.

    fingerprints are those of the articles as printed, one per article, so
    that an article an editor corrected before importing is still known
    when the page comes again uncorrected. kept_as_drafts holds the
    positions of the articles an editor chose to keep as drafts, and
    as_printed the page as parsed when an editor corrected it.
    """

    file_name: str
    sha256: str
    encoding: str
    issue_date: date
    parsed: ParsedPage
    fingerprints: tuple[str, ...] = ()
    kept_as_drafts: frozenset[int] = field(default_factory=frozenset)
    as_printed: ParsedPage | None = None

    def __post_init__(self):
        if len(self.fingerprints) != len(self.parsed.articles):
            prints = tuple(fingerprint(parsed) for parsed in self.parsed.articles)
            object.__setattr__(self, "fingerprints", prints)

    @property
    def articles(self):
        return self.parsed.articles

    @property
    def printed(self):
        """Return the ParsedPage as the parser read it, before any correction."""
        return self.as_printed or self.parsed


def load_page(data, file_name, issue_date, encoding=None):
    """Decode and parse page bytes; raise ParseError or PageRejected if unusable."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageRejected(
            f"文件过大（{len(data) // 1024} KB），一个版面的文本不超过 "
            f"{MAX_PAGE_BYTES // 1024 // 1024} MB"
        )
    text, used = decode_page(data, encoding)
    sha256 = hashlib.sha256(data).hexdigest()
    return load_text(text, file_name, issue_date, sha256=sha256, encoding=used)


def load_text(text, file_name, issue_date, *, sha256, encoding):
    if "\x00" in text:
        raise PageRejected("文本中有空字符（\\x00），不像是版面文本")
    parsed = parse_page(text, issue_date)
    if not parsed.articles:
        raise PageRejected("没有识别出任何稿件")
    checked = Article()  # one instance for all: building one costs more than checking
    for parsed_article in parsed.articles:
        check_article(parsed_article, checked)
    return LoadedPage(file_name, sha256, encoding, issue_date, parsed)


def check_article(parsed, article=None):
    """Raise PageRejected when a parsed article does not fit the model's fields.

    The content is checked on `article`, an Article that may be reused.
    """
    problems = []
    article = article or Article()
    for name, value in content(parsed).items():
        setattr(article, name, value)
    try:
        article.full_clean(
            exclude=UNCHECKED_FIELDS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = FIELD_LABELS.get(name, "")
            problems += [f"{label}{message}" for message in messages]
    for kind, names in (("记者", parsed.reporters), ("通讯员", parsed.correspondents)):
        problems += [
            f"{kind}姓名过长：{name[:20]}…" for name in names if len(name) > 50
        ]
    if problems:
        raise PageRejected(
            f"第 {parsed.line_number} 行《{parsed.headline[:30]}》："
            + "；".join(problems)
        )


def build_article(parsed, **fields):
    article = Article(**content(parsed), **fields)
    article.fill_derived_fields()
    return article


def content(parsed):
    """Return the Article fields a parsed article gives."""
    return {
        "kicker": parsed.kicker,
        "headline": parsed.headline,
        "subheadline": parsed.subheadline,
        "source_label": parsed.source_label,
        "dateline_date": dates.within_domain_or_none(parsed.dateline_date),
        "body": "\n\n".join(parsed.paragraphs),
        "editor_note": parsed.editor_note,
        "subheadings": "\n".join(parsed.subheadings),
        "photo_captions": "\n".join(parsed.captions),
        "page_position": parsed.position,
    }


def fingerprint(parsed):
    # The same fingerprint, from text that Unicode normalisation goes through
    # faster.
    body = decompose_compatibility("\n\n".join(parsed.paragraphs))
    return text_fingerprint(decompose_compatibility(parsed.headline), body)

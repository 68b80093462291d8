"""The one way in: run() imports sources with options and returns a report.

The command and the admin both call run(). It reads and checks every
source before writing anything (one bad source stops them all), applies an
editor's corrections, then stores the pages a group at a time, each group in
one transaction; when a group fails, its pages are retried one transaction
each so that the pages before the one at fault are kept. A dry run stores
nothing and tells what storing would do.
"""

import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import DatabaseError

from articles.importing import corrections as editing
from articles.importing import pages, store
from articles.importing.pages import PageRejected
from articles.models import ImportBatch
from articles.parsing import ParseError
from edition import filing

# Pages are written together, in one transaction, until they hold this many
# articles: the cost of a transaction and of each query is then shared.
GROUP_ARTICLES = 500


class ImportFailed(Exception):
    """An import that stopped; the message says why, for an editor.

    report tells what was done before it stopped; unavailable is true when
    the database failed rather than the input.
    """

    def __init__(self, message, *, unavailable=False):
        super().__init__(message)
        self.unavailable = unavailable
        self.report = None


@dataclass(frozen=True)
class Source:
    """One page to import: a file (path), bytes (data) or decoded text.

    label names it in messages; text comes with the sha256 and encoding of
    the bytes it was decoded from. corrections are an editor's, made before
    importing (corrections.Correction).
    """

    label: str
    file_name: str
    path: Path | None = None
    data: bytes | None = None
    text: str | None = None
    sha256: str = ""
    encoding: str = ""
    corrections: tuple = ()

    def load(self, options):
        """Return the checked, corrected LoadedPage; ImportFailed if unusable."""
        try:
            if self.text is not None:
                page = pages.load_text(
                    self.text,
                    self.file_name,
                    options.issue_date,
                    sha256=self.sha256,
                    encoding=self.encoding,
                )
            else:
                page = pages.load_page(
                    self.read(), self.file_name, options.issue_date, options.encoding
                )
            filing.page_label(page, options.page_label)
            return editing.apply(page, self.corrections)
        except (ParseError, PageRejected) as error:
            raise ImportFailed(f"{self.label}：{error}") from None

    def read(self):
        try:
            return self.data if self.path is None else self.path.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{self.label}：无法读取（{error.strerror}）") from None


@dataclass(frozen=True)
class ImportOptions:
    issue_date: date
    encoding: str | None = None
    department: object = None
    publish: bool = False
    publish_all: bool = False
    page_label: str = ""
    page_name: str = ""
    user: object = None
    via: str = ImportBatch.Source.COMMAND
    dry_run: bool = False
    group_articles: int = GROUP_ARTICLES


class Listener:
    """What a caller hears while run() works; override what it wants to hear."""

    def progress(self, number, total, source, verb):
        """Reading (verb 检查) or storing (导入) source number of total."""

    def page_done(self, source, outcome):
        """A source is stored (or previewed): its store.PageOutcome."""

    def notice(self, message):
        """Something an operator should know that does not stop the run."""


class ImportReport(Listener):
    """What run() did: files, totals and notices; and, when no listener was
    given to run(), each page's outcome in order."""

    def __init__(self):
        self.files = 0
        self.totals = Counter()
        self.notices = []
        self.outcomes = []

    def add(self, outcome):
        self.files += 1
        self.totals.update(outcome.counts)

    def page_done(self, source, outcome):
        self.outcomes.append(outcome)

    def notice(self, message):
        self.notices.append(message)


def run(sources, options, listener=None):
    """Import sources (a list of Source) with options; return an ImportReport.

    A listener hears of each page as it is done, so that a long run keeps
    only one page's articles in memory; without one, the report keeps every
    page's outcome. ImportFailed says why a run stopped, with the report of
    what was done before.
    """
    report = ImportReport()
    listener = listener or report
    try:
        with tempfile.TemporaryFile() as spool:
            checked = _checked(sources, options, listener, spool)
            for source, outcome in _stored(checked, len(sources), options, listener):
                report.add(outcome)
                listener.page_done(source, outcome)
    except ImportFailed as failure:
        failure.report = report
        raise
    return report


def _checked(sources, options, listener, spool):
    """Return [(source, page)], reading and checking every source first.

    So that one bad source stops them all before anything is written, and
    memory holds one source's articles at a time, the checked pages wait in
    a temporary file (spool) and are read back one by one.
    """
    if len(sources) == 1:
        return [(sources[0], sources[0].load(options))]
    errors = []
    for number, source in enumerate(sources, 1):
        listener.progress(number, len(sources), source, "检查")
        try:
            pickle.dump(source.load(options), spool)
        except ImportFailed as error:
            errors.append(str(error))
    if errors:
        raise ImportFailed(
            f"{len(errors)} 个文件无法导入，所有文件均未写入：\n" + "\n".join(errors)
        )
    spool.seek(0)
    return ((source, pickle.load(spool)) for source in sources)


def _stored(checked, total, options, listener):
    """Yield (source, outcome) for each page, written a group at a time."""
    people = store.KnownPeople()
    group = []
    for number, (source, page) in enumerate(checked, 1):
        listener.progress(number, total, source, "导入")
        if options.dry_run:
            yield source, _preview(page, listener)
            continue
        group.append((source, page))
        size = sum(len(p.articles) for _, p in group)
        if number == total or size >= options.group_articles:
            yield from _store_group(group, options, people)
            group = []


def _store_group(group, options, people):
    """Yield (source, outcome) for the group's pages, stored in one go, or,
    when that fails, each page in a transaction of its own."""
    if len(group) > 1:
        try:
            outcomes = _store([page for _, page in group], options, people)
        except DatabaseError:
            pass  # the pages are tried one by one below
        else:
            yield from zip((source for source, _ in group), outcomes, strict=True)
            return
    for source, page in group:
        try:
            yield source, _store([page], options, people)[0]
        except DatabaseError as error:
            raise ImportFailed(
                f"{page.file_name}：数据库错误，该文件未写入任何内容（{error}）",
                unavailable=True,
            ) from None


def _store(group_pages, options, people):
    return store.import_pages(
        group_pages,
        department=options.department,
        publish=options.publish,
        publish_all=options.publish_all,
        page_label=options.page_label,
        page_name=options.page_name,
        source=options.via,
        user=options.user,
        people=people,
    )


def _preview(page, listener):
    try:
        return store.preview_page(page)
    except DatabaseError as error:
        listener.notice(
            f"{page.file_name}：无法查询数据库，未检查哪些稿件已导入（{error}）"
        )
        return store.unchecked_page(page)

"""Import printed pages: the one entry point the command and the admin call.

    report = importing.run(sources, importing.ImportOptions(issue_date=…))

- flow.py: run(), Source, ImportOptions, ImportReport, ImportFailed; reading
  every source first, groups of pages per transaction, retries, dry runs;
- pages.py: decoding, parsing and checking one page (LoadedPage);
- corrections.py: an editor's corrections made before importing;
- store.py: writing a group of pages in one transaction (articles, people,
  bylines, revisions, warnings, the print edition's filing).
"""

from articles.importing.corrections import Correction, warning_fields
from articles.importing.flow import (
    GROUP_ARTICLES,
    ImportFailed,
    ImportOptions,
    ImportReport,
    Listener,
    Source,
    run,
)
from articles.importing.pages import MAX_PAGE_BYTES, PageRejected
from articles.importing.store import (
    CREATED,
    SKIPPED,
    UNCHECKED,
    WOULD_CREATE,
    WOULD_SKIP,
)

__all__ = [
    "CREATED",
    "Correction",
    "GROUP_ARTICLES",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "Listener",
    "MAX_PAGE_BYTES",
    "PageRejected",
    "SKIPPED",
    "Source",
    "UNCHECKED",
    "WOULD_CREATE",
    "WOULD_SKIP",
    "run",
    "warning_fields",
]

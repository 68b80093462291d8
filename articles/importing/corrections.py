"""An editor's corrections to a parsed page, made before it is imported.

In the admin's import preview an editor may correct each article's titles,
date and bylines, drop an article or keep it as a draft; `import_articles
--corrections FILE` reads the same corrections from JSON. apply() returns
the corrected page, which is stored like any other: what is imported is what
was shown and corrected. Fingerprints stay those of the articles as printed,
so an article imported corrected is still known when its page comes again.
"""

import dataclasses
from datetime import date

from articles.importing.pages import PageRejected, check_article
from articles.models import Article

TITLE_FIELDS = ("kicker", "headline", "subheadline")
NAME_FIELDS = ("reporters", "correspondents")
CORRECTABLE_FIELDS = (*TITLE_FIELDS, "dateline_date", *NAME_FIELDS)
# Which fields each parser warning is about, by how the warning begins: an
# editor who corrects one of them has settled it, and the warning goes.
WARNING_FIELDS = (
    ("标题拆分为推测", TITLE_FIELDS),
    ("未找到标题", TITLE_FIELDS),
    ("电头日期未能识别", ("dateline_date",)),
    ("未找到署名", NAME_FIELDS),
    ("署名“", NAME_FIELDS),  # 署名“…”不像人名，未作人员
    ("署名中没有读出人名", NAME_FIELDS),
)


def warning_fields(warning):
    """Return the names of the fields a parser warning is about, or ()."""
    for start, fields in WARNING_FIELDS:
        if warning.startswith(start):
            return fields
    return ()


@dataclasses.dataclass(frozen=True)
class Correction:
    """What an editor changed in the article printed at `position`.

    changes maps some of CORRECTABLE_FIELDS to their corrected values (names
    as tuples, the date as a date or None).
    """

    position: int
    changes: dict = dataclasses.field(default_factory=dict)
    drop: bool = False
    keep_as_draft: bool = False

    def __post_init__(self):
        unknown = set(self.changes) - set(CORRECTABLE_FIELDS)
        if unknown:
            raise PageRejected(f"不能更正的字段：{'、'.join(sorted(unknown))}")

    @classmethod
    def from_dict(cls, data):
        """Return the Correction a JSON object describes; PageRejected if unusable."""
        if not isinstance(data, dict) or not isinstance(data.get("position"), int):
            raise PageRejected("每条更正须是带 position（稿件序号）的对象")
        changes = {k: v for k, v in data.items() if k in CORRECTABLE_FIELDS}
        for name in NAME_FIELDS:
            if name in changes:
                if not isinstance(changes[name], list):
                    raise PageRejected(f"第 {data['position']} 篇：{name} 须是姓名列表")
                changes[name] = tuple(str(n) for n in changes[name])
        if changes.get("dateline_date"):
            try:
                changes["dateline_date"] = date.fromisoformat(changes["dateline_date"])
            except (TypeError, ValueError):
                raise PageRejected(
                    f"第 {data['position']} 篇：电头日期应为 YYYY-MM-DD"
                ) from None
        elif "dateline_date" in changes:
            changes["dateline_date"] = None
        extra = set(data) - {*CORRECTABLE_FIELDS, "position", "drop", "keep_as_draft"}
        if extra:
            raise PageRejected(f"不认识的更正项：{'、'.join(sorted(extra))}")
        return cls(
            data["position"],
            changes,
            drop=bool(data.get("drop")),
            keep_as_draft=bool(data.get("keep_as_draft")),
        )


def apply(page, corrections):
    """Return the LoadedPage with the corrections made; PageRejected when a
    correction names no article, leaves an article unfit to store, or drops
    every article."""
    if not corrections:
        return page
    by_position = {correction.position: correction for correction in corrections}
    missing = set(by_position) - {parsed.position for parsed in page.articles}
    if missing:
        raise PageRejected(f"版面上没有第 {min(missing)} 篇稿件，无法更正")
    articles, prints, drafts = [], [], set()
    checked = Article()
    for parsed, print_ in zip(page.articles, page.fingerprints, strict=True):
        correction = by_position.get(parsed.position)
        if correction is not None:
            if correction.drop:
                continue
            parsed = corrected(parsed, correction.changes)
            check_article(parsed, checked)
            if correction.keep_as_draft:
                drafts.add(parsed.position)
        articles.append(parsed)
        prints.append(print_)
    if not articles:
        raise PageRejected("所有稿件都已删去，没有可导入的稿件")
    return dataclasses.replace(
        page,
        parsed=dataclasses.replace(page.parsed, articles=tuple(articles)),
        fingerprints=tuple(prints),
        kept_as_drafts=frozenset(drafts),
        as_printed=page.printed,
    )


def corrected(parsed, changes):
    """Return parsed with the changes made, without the warnings they settle."""
    changed = {
        name: value for name, value in changes.items() if getattr(parsed, name) != value
    }
    if not changed:
        return parsed
    warnings = tuple(
        warning
        for warning in parsed.warnings
        if not set(warning_fields(warning)) & set(changed)
    )
    ambiguous = parsed.ambiguous_title and not set(TITLE_FIELDS) & set(changed)
    return dataclasses.replace(
        parsed, **changed, warnings=warnings, ambiguous_title=ambiguous
    )

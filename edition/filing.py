"""File imported articles in the print edition: issue, page, placement.

The importer calls file_pages() once per run, inside its transaction, after
the articles are stored. Each page's new articles get a placement on their
page of the issue, in print order; issues and pages are created when
missing. A piece marked 下转第N版 and the piece on page N marked 上接第M版
become one article with two placements, whichever page comes first, in one
run or two; a half whose other page is not imported yet stays a draft with a
warning naming that page.
"""

import dataclasses

from django.db.models import Max

from articles import importing
from articles.models import Article, ArticleCorrespondent, ArticleReporter
from edition.labels import display_label, normalize_label
from edition.models import Issue, Page, Placement


def page_label(loaded, option=""):
    """Return the canonical label of a loaded page: the one given (--page),
    else the page's own furniture line; PageRejected when both are given and
    differ."""
    given = normalize_label(option)
    printed = normalize_label(loaded.parsed.page_label)
    if given and printed and given != printed:
        raise importing.PageRejected(
            f"版次冲突：指定的版次是“{option}”（{display_label(given)}），"
            f"版面文本自己写的是“{loaded.parsed.page_label}”"
            f"（{display_label(printed)}）。请核对后改正版次，或不指定版次。"
        )
    return given or printed


def file_pages(results, *, page_label_option="", page_name_option="", publish=False):
    """Give the created articles of each PageOutcome their placement, stitch
    continuations, and add to the outcomes what an editor must know."""
    pieces = []
    for result in results:
        label = page_label(result.page, page_label_option)
        if not label:
            continue
        name = page_name_option or result.page.parsed.page_name
        page = _page(result.page.issue_date, label, name)
        pieces += _place(result, page)
    filing = _Stitcher(results, publish)
    for piece in pieces:
        if piece.parsed.continued_from:
            filing.second_half(piece)
    for piece in pieces:
        if piece.parsed.continued_to and not piece.merged:
            filing.first_half(piece)
    filing.recount()


@dataclasses.dataclass
class _Piece:
    """A created article and the placement this run gave it."""

    result: object
    index: int
    placement: Placement
    merged: bool = False

    @property
    def parsed(self):
        return self.result.articles[self.index].parsed

    def warn(self, message):
        outcome = self.result.articles[self.index]
        outcome.parsed = dataclasses.replace(
            outcome.parsed, warnings=(*outcome.parsed.warnings, message)
        )


def _page(issue_date, label, name):
    issue, _ = Issue.objects.get_or_create(date=issue_date)
    page, created = Page.objects.get_or_create(
        issue=issue, label=label, defaults={"name": name[:100]}
    )
    if not created and name and not page.name:
        page.name = name[:100]
        page.save(update_fields=["name"])
    return page


def _place(result, page):
    """Create the placements of result's created articles on page; return them
    as _Piece. Orders follow the page's print order, after any articles the
    page already holds from an earlier file."""
    created = [
        (index, outcome)
        for index, outcome in enumerate(result.articles)
        if outcome.status == importing.CREATED
    ]
    if not created:
        return []
    ids = dict(
        Article.objects.filter(
            fingerprint__in=[outcome.fingerprint for _, outcome in created]
        ).values_list("fingerprint", "pk")
    )
    before = page.placements.aggregate(last=Max("order"))["last"] or 0
    pieces = []
    for index, outcome in created:
        parsed = outcome.parsed
        placement = Placement(
            article_id=ids[outcome.fingerprint],
            page=page,
            order=before + (parsed.position or index + 1),
            is_primary=True,
            continued_to=normalize_label(parsed.continued_to),
            continued_from=normalize_label(parsed.continued_from),
        )
        pieces.append(_Piece(result, index, placement))
    Placement.objects.bulk_create([piece.placement for piece in pieces])
    return pieces


def _squeezed(text):
    return "".join(text.split())


def same_title(first, second):
    """Whether a continuation's title repeats or shortens the first half's."""
    a, b = _squeezed(first), _squeezed(second)
    if not a or not b:
        return False
    return a in b or b in a or a[:4] == b[:4]


class _Stitcher:
    def __init__(self, results, publish):
        self.results = results
        self.publish = publish
        self.skipped = set()  # (result id, index) of duplicate halves

    def second_half(self, piece):
        """piece begins 上接第M版: join it to its first half on page M."""
        page = piece.placement.page
        earlier = piece.placement.continued_from
        halves = Placement.objects.filter(
            page__issue=page.issue_id, page__label=earlier, continued_to=page.label
        ).exclude(article=piece.placement.article_id)
        halves = list(halves.select_related("article"))
        done = {
            p.article_id
            for p in Placement.objects.filter(
                page=page, article__in=[h.article_id for h in halves]
            )
        }
        open_halves = [h for h in halves if h.article_id not in done]
        match = self._match(open_halves, piece.parsed.headline, lambda h: h.article)
        if match is not None:
            self._stitch(match.article_id, piece.placement, piece)
            piece.merged = True
            piece.warn(
                f"上接{display_label(earlier)}：已与该版的《{match.article.headline}》"
                "合并为一篇稿件。"
            )
            return
        mine = Article.objects.get(pk=piece.placement.article_id)
        for half in halves:
            if half.article_id in done and _squeezed(mine.body) in _squeezed(
                half.article.body
            ):
                # A page imported again: its continuation is already joined.
                self._drop(piece, mine)
                return
        piece.warn(self._waiting(mine, earlier, "上接"))

    def first_half(self, piece):
        """piece ends 下转第N版: join the continuation already stored on page N."""
        page = piece.placement.page
        later = piece.placement.continued_to
        joined = Placement.objects.filter(
            article=piece.placement.article_id,
            page__issue=page.issue_id,
            page__label=later,
        )
        if joined.exists():  # its continuation came earlier in this run
            return
        halves = Placement.objects.filter(
            page__issue=page.issue_id, page__label=later, continued_from=page.label
        ).exclude(article=piece.placement.article_id)
        halves = [
            h
            for h in halves.select_related("article")
            if not Placement.objects.filter(article=h.article_id, page=page).exists()
            and h.article.placements.count() == 1
        ]
        mine = Article.objects.get(pk=piece.placement.article_id)
        match = self._match(halves, mine.headline, lambda h: h.article, reverse=True)
        if match is None:
            piece.warn(self._waiting(mine, later, "下转"))
            return
        self._stitch(mine.pk, match, None)
        piece.warn(
            f"下转{display_label(later)}：已与该版的《{match.article.headline}》"
            "合并为一篇稿件。"
        )

    @staticmethod
    def _match(halves, headline, article_of, reverse=False):
        """Return the one half that continues headline's article, or None."""
        if len(halves) > 1:
            halves = [
                h
                for h in halves
                if (
                    same_title(headline, article_of(h).headline)
                    if reverse
                    else same_title(article_of(h).headline, headline)
                )
            ]
        return halves[0] if len(halves) == 1 else None

    def _stitch(self, first_id, later_placement, piece):
        """Append the article of later_placement to article first_id and move
        the placement over; the later article is deleted."""
        first = Article.objects.get(pk=first_id)
        later = later_placement.article
        first.body = f"{first.body.rstrip()}\n\n{later.body.strip()}"
        fields = ["body", "updated_at"]
        if self.publish and first.status != Article.Status.PUBLISHED:
            first.status = Article.Status.PUBLISHED
            first.published_at = first.published_at or later.published_at
            fields += ["status", "published_at"]
        _move_bylines(later, first)
        later.images.update(article=first)
        Placement.objects.filter(pk=later_placement.pk).update(
            article=first, is_primary=False
        )
        later.delete()
        first.save(update_fields=fields)

    def _drop(self, piece, article):
        article.delete()
        outcome = piece.result.articles[piece.index]
        outcome.status = importing.SKIPPED
        self.skipped.add(id(piece.result))

    @staticmethod
    def _waiting(article, label, marker):
        if article.status != Article.Status.DRAFT:
            article.status = Article.Status.DRAFT
            article.published_at = None
            article.save(update_fields=["status", "published_at", "updated_at"])
        return (
            f"{marker}{display_label(label)}：该版尚未导入，本稿先存为草稿；"
            f"导入{display_label(label)}后两部分自动合并为一篇。"
        )

    def recount(self):
        """Correct the counts of pages whose duplicate halves were dropped."""
        for result in self.results:
            if id(result) not in self.skipped:
                continue
            result.__post_init__()
            if result.batch is not None:
                result.batch.articles_created = result.counts["articles_created"]
                result.batch.articles_skipped = result.counts["articles_skipped"]
                result.batch.save(
                    update_fields=["articles_created", "articles_skipped"]
                )


def _move_bylines(source, target):
    """Add the people of source's bylines to target's, after its own."""
    for model, field in (
        (ArticleReporter, "reporter_id"),
        (ArticleCorrespondent, "correspondent_id"),
    ):
        have = model.objects.filter(article=target)
        known = set(have.values_list(field, flat=True))
        last = have.aggregate(last=Max("position"))["last"]
        position = -1 if last is None else last
        for person in model.objects.filter(article=source).order_by("position"):
            if getattr(person, field) in known:
                continue
            position += 1
            model.objects.create(
                article=target, position=position, **{field: getattr(person, field)}
            )

"""What the article page shows beside the article, read as plain values.

Uncached, the page's cost is mostly the ORM building and compiling small
queries (SQLite runs each in tens of microseconds), so each read here is one
small query, of values where the page needs no model, without the prefetch
machinery: the article's reporters, correspondents, published corrections,
责任编辑, photos and print placements; its previous, next and related
articles. The article's own statement says which of the optional parts it
may have (with_hints()), and the others are not asked for. The byline and
the neighbours, asked on every page, are compiled to SQL once per process
(readersite.prepared) and run with the article's own values.
"""

from typing import NamedTuple

from django.db import connection, router
from django.db.models import BooleanField, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleImage,
    ArticleReporter,
    ImportBatch,
    published_condition,
)
from edition.models import Placement, printed_placements
from editorial import corrections, reviews
from people.models import Department
from readersite.prepared import PreparedQuery, PreparedUnion

RELATED_COUNT = 4


class Person(NamedTuple):
    """A name in the byline. kind is "reporter" or "correspondent"."""

    kind: str
    pk: int
    name: str
    slug: str
    updated_at: object


class Neighbour(NamedTuple):
    """A published article linked from the page: previous, next or related."""

    pk: int
    headline: str
    published_at: object
    updated_at: object

    @property
    def url_date(self):
        """The date in the article's URL, as Article.url_date."""
        return timezone.localtime(self.published_at).date()


NEIGHBOUR_FIELDS = Neighbour._fields[1:]


def byline_of(model, kind):
    """The article's people of one kind, as Person fields and their position
    in the byline."""
    return PreparedQuery(
        model,
        lambda now, ids: (
            model.objects.filter(article_id=ids[0])
            .order_by("position")
            .values_list(
                f"{kind}_id",
                f"{kind}__name",
                f"{kind}__slug",
                f"{kind}__updated_at",
                "position",
            )
        ),
    )


BYLINE = {
    "reporter": byline_of(ArticleReporter, "reporter"),
    "correspondent": byline_of(ArticleCorrespondent, "correspondent"),
}
# Both kinds in one statement, for an article with both.
WHOLE_BYLINE = PreparedUnion(*BYLINE.values())


def people_of(article):
    """Return the article's byline as Person values, reporters first."""
    kinds = [kind for kind in BYLINE if may_have(article, f"{kind}s")]
    if len(kinds) == len(BYLINE):
        found = WHOLE_BYLINE.rows([article.pk])
    else:
        found = [BYLINE[kind].rows([article.pk]) for kind in kinds]
    people = []
    for kind, rows in zip(kinds, found, strict=True):
        # In byline order: a union's rows come in no particular order.
        rows = sorted(rows, key=lambda row: row[-1])
        people += [Person(kind, *row[:-1]) for row in rows]
    return people


def has_rows(model, condition=None):
    """Return an EXISTS of model's rows for the article of the outer query
    (and condition, a field that must not be NULL).

    Raw SQL: built by the ORM (Exists()), each such condition costs about as
    much CPU as the query it spares; written out, all four cost almost
    nothing. Names come from the models, quoted by the database backend.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    outer = f"{quote(Article._meta.db_table)}.{quote(Article._meta.pk.column)}"
    column = quote(model._meta.get_field("article").column)
    sql = f"SELECT 1 FROM {table} WHERE {table}.{column} = {outer}"
    if condition:
        condition = quote(model._meta.get_field(condition).column)
        sql += f" AND {table}.{condition} IS NOT NULL"
    return RawSQL(f"EXISTS ({sql})", [], output_field=BooleanField())


def with_hints(articles):
    """Annotate articles with which parts their page may show, read with the
    article: load_parts() skips the queries of parts an article has none of
    (many have no correspondent, photo, correction or 责任编辑).

    A hint only says there may be something: published_at not NULL for a
    correction, a 责任编辑 named; the queries keep their own conditions.
    """
    return articles.annotate(
        has_reporters=has_rows(ArticleReporter),
        has_correspondents=has_rows(ArticleCorrespondent),
        has_photos=has_rows(ArticleImage),
        has_placements=has_rows(Placement),
        has_corrections=has_rows(corrections.Correction, "published_at"),
        has_editor=has_rows(reviews.ArticleReview, "responsible_editor"),
    )


HINTS = (
    "has_reporters",
    "has_correspondents",
    "has_photos",
    "has_placements",
    "has_corrections",
    "has_editor",
)


def columns(model):
    return [field.attname for field in model._meta.concrete_fields]


ARTICLE_COLUMNS = columns(Article)
# What the page shows of the desk and of the import (print_edition), the
# primary key first: the instances have the other fields deferred.
DESK_COLUMNS = ("id", "name", "slug", "updated_at")
BATCH_COLUMNS = ("id", "issue_date", "page", "page_name")
COLUMNS = {
    Article: ARTICLE_COLUMNS,
    Department: DESK_COLUMNS,
    ImportBatch: BATCH_COLUMNS,
}


def newest_publication(now):
    """When the newest article public at now was published: a scheduled
    article going live changes no content version, but changes the page's
    menu and neighbours (views.article_validators)."""
    newest = Article.objects.published(now).order_by("-published_at")
    return Subquery(newest.values("published_at")[:1])


def published_article_row(now, ids):
    """The columns of the published article ids[0], of its desk and import
    batch, its hints and the newest publication, in that order."""
    article = Article.objects.published(now).filter(pk=ids[0]).order_by()
    article = with_hints(article).annotate(newest_publication=newest_publication(now))
    return article.values_list(
        *ARTICLE_COLUMNS,
        *(f"department__{name}" for name in DESK_COLUMNS),
        *(f"import_batch__{name}" for name in BATCH_COLUMNS),
        *HINTS,
        "newest_publication",
    )


# The article page's own statement, compiled once (readersite.prepared).
PUBLISHED_ARTICLE = PreparedQuery(Article, published_article_row)


def published_article(pk):
    """Return the published article pk as its page reads it, or None: the
    same instance as select_related("department", "import_batch") with
    with_hints() gives (but for the desk's and import's fields the page does
    not show, deferred), and its newest_publication.

    Built from one compiled statement: the ORM building, compiling and
    instantiating the same query cost more than a third of the page's CPU.
    """
    # Beyond the id column's range, which the ORM's lookups make "no row".
    rows = PUBLISHED_ARTICLE.rows([pk]) if 0 < pk < 2**63 else []
    if not rows:
        return None
    values = iter(rows[0])
    alias = router.db_for_read(Article)
    article = from_values(Article, alias, values)
    for name, model in (("department", Department), ("import_batch", ImportBatch)):
        Article._meta.get_field(name).set_cached_value(
            article, from_values(model, alias, values)
        )
    for name in (*HINTS, "newest_publication"):
        setattr(article, name, next(values))
    return article


def from_values(model, alias, values):
    """A model instance from the next values, one per column of COLUMNS (the
    primary key first); None if they are a LEFT JOIN's missing row."""
    fields = COLUMNS[model]
    row = [next(values) for _ in fields]
    return None if row[0] is None else model.from_db(alias, fields, row)


def load_parts(article):
    """Set on article what its page shows of its people, corrections,
    责任编辑, photos and print placements; return article.

    Each is one small query of its own: merged into one UNION statement they
    cost more CPU, the literal telling the rows apart costing the ORM more
    than a query. An article from with_hints() skips those it has none of.
    """

    pk = article.pk
    article.people = people_of(article)
    article.published_corrections = (
        corrections.published_of(article) if may_have(article, "corrections") else []
    )
    article.responsible_editor_name = (
        reviews.responsible_editor(article) if may_have(article, "editor") else ""
    )
    article.photos = (
        list(ArticleImage.objects.filter(article_id=pk))
        if may_have(article, "photos")
        else []
    )
    article.printed = (
        list(printed_placements().queryset.filter(article_id=pk))
        if may_have(article, "placements")
        else []
    )
    return article


def may_have(article, part):
    """False if with_hints() says article has no such part."""
    return getattr(article, f"has_{part}", True)


def older_than(now, pk, at):
    """Published articles (as of now) before the one of pk published at, the
    nearest first."""
    # A range on published_at bounds the index scan, and on SQLite only if
    # it comes first (views.bounded_published); written as an OR of
    # "earlier" and "same moment, lower id" it scanned the whole archive.
    older = Article.objects.filter(
        Q(published_at__lte=at),
        published_condition(at=now),
        ~Q(published_at=at, pk__gte=pk),
    )
    return older.order_by("-published_at", "-pk").values_list("pk", *NEIGHBOUR_FIELDS)


def newer_than(now, pk, at):
    """Published articles (as of now) after the one of pk published at, the
    nearest first."""
    newer = Article.objects.filter(
        published_condition(at=now),
        ~Q(published_at=at, pk__lte=pk),
        published_at__gte=at,
    )
    return newer.order_by("published_at", "pk").values_list("pk", *NEIGHBOUR_FIELDS)


def related_to(now, pk, department_id, reporter_ids):
    """Published articles (as of now) other than pk's from desk department_id
    or by one of reporter_ids, the newest first."""
    shared_reporter = ArticleReporter.objects.filter(reporter_id__in=reporter_ids)
    related = Article.objects.filter(
        published_condition(at=now),
        Q(department_id=department_id) | Q(pk__in=shared_reporter.values("article_id")),
        ~Q(pk=pk),
    )
    return related.values_list("pk", *NEIGHBOUR_FIELDS)[:RELATED_COUNT]


# The page's neighbours, compiled once: ids are the article's (then its
# desk's, then its reporters'), the moment its published_at.
PREVIOUS = PreparedQuery(Article, lambda now, ids, at: older_than(now, ids[0], at)[:1])
NEXT = PreparedQuery(Article, lambda now, ids, at: newer_than(now, ids[0], at)[:1])
RELATED_IN_DESK = PreparedQuery(
    Article, lambda now, ids, *_: related_to(now, ids[0], ids[1], ids[2:])
)
RELATED_WITHOUT_DESK = PreparedQuery(
    Article, lambda now, ids, *_: related_to(now, ids[0], None, ids[1:])
)
RELATED = {"desk": RELATED_IN_DESK, "reporters": RELATED_WITHOUT_DESK}
# Previous, next and related in one statement, by what related goes by.
NEIGHBOURS = {
    "desk": PreparedUnion(PREVIOUS, NEXT, RELATED_IN_DESK),
    "reporters": PreparedUnion(PREVIOUS, NEXT, RELATED_WITHOUT_DESK),
    None: PreparedUnion(PREVIOUS, NEXT),
}


def related_by(article):
    """Return what article's related articles are found by ("desk",
    "reporters" or None) and the ids the queries take: the article's, then
    its desk's, then its reporters'."""
    reporter_ids = [p.pk for p in article.people if p.kind == "reporter"]
    if article.department_id:
        return "desk", [article.pk, article.department_id, *reporter_ids]
    if reporter_ids:
        return "reporters", [article.pk, *reporter_ids]
    return None, [article.pk]


def neighbours(article):
    """Return (previous, next, related articles) of a published article, read
    in one statement."""
    by, ids = related_by(article)
    previous, next_, *related = NEIGHBOURS[by].rows(ids, [article.published_at])
    related = [Neighbour(*row) for row in related[0]] if related else []
    # Newest first, as related_to()'s order (Article.Meta.ordering).
    related.sort(key=lambda a: (a.published_at, a.pk), reverse=True)
    return first_neighbour(previous), first_neighbour(next_), related


def previous_article(article):
    """The published article just before article, or None."""
    return first_neighbour(PREVIOUS.rows([article.pk], [article.published_at]))


def next_article(article):
    """The published article just after article, or None."""
    return first_neighbour(NEXT.rows([article.pk], [article.published_at]))


def first_neighbour(rows):
    return Neighbour(*rows[0]) if rows else None


def related_articles(article):
    """Recent published articles from the same desk or by a same reporter."""
    by, ids = related_by(article)
    return [Neighbour(*row) for row in RELATED[by].rows(ids)] if by else []

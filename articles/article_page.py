"""What the article page shows beside the article, read as plain values.

Uncached, the page's cost is mostly the ORM building and compiling small
queries (SQLite runs each in tens of microseconds), so each read here is one
small query, of values where the page needs no model, without the prefetch
machinery: the article's reporters, correspondents, published corrections,
责任编辑, photos and print placements; its previous, next and related
articles. The article's own statement says which of the optional parts it
may have (with_hints()), and the others are not asked for.
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleImage,
    ArticleReporter,
    published_condition,
)
from edition.models import Placement, printed_placements
from editorial import corrections, reviews

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


def people_of(article):
    """Return the article's byline as Person values, reporters first."""
    people = []
    for model, kind in (
        (ArticleReporter, "reporter"),
        (ArticleCorrespondent, "correspondent"),
    ):
        if not may_have(article, f"{kind}s"):
            continue
        rows = (
            model.objects.filter(article_id=article.pk)
            .order_by("position")
            .values_list(
                f"{kind}_id", f"{kind}__name", f"{kind}__slug", f"{kind}__updated_at"
            )
        )
        people += [Person(kind, *row) for row in rows]
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


def previous_article(article):
    """The published article just before article, or None."""
    at, pk = article.published_at, article.pk
    # A range on published_at bounds the index scan, and on SQLite only if
    # it comes first (views.bounded_published); written as an OR of
    # "earlier" and "same moment, lower id" it scanned the whole archive.
    older = Article.objects.filter(
        Q(published_at__lte=at), published_condition(), ~Q(published_at=at, pk__gte=pk)
    )
    return first_neighbour(older.order_by("-published_at", "-pk"))


def next_article(article):
    """The published article just after article, or None."""
    at, pk = article.published_at, article.pk
    newer = Article.objects.filter(
        published_condition(), ~Q(published_at=at, pk__lte=pk), published_at__gte=at
    )
    return first_neighbour(newer.order_by("published_at", "pk"))


def first_neighbour(queryset):
    row = queryset.values_list("pk", *NEIGHBOUR_FIELDS).first()
    return Neighbour(*row) if row else None


def related_articles(article):
    """Recent published articles from the same desk or by a same reporter."""
    reporter_ids = [p.pk for p in article.people if p.kind == "reporter"]
    if not (article.department_id or reporter_ids):
        return []
    shared_reporter = ArticleReporter.objects.filter(reporter_id__in=reporter_ids)
    related = Article.objects.filter(
        published_condition(),
        Q(department_id=article.department_id)
        | Q(pk__in=shared_reporter.values("article_id")),
        ~Q(pk=article.pk),
    )
    rows = related.values_list("pk", *NEIGHBOUR_FIELDS)[:RELATED_COUNT]
    return [Neighbour(*row) for row in rows]

"""What the article page shows beside the article, read as plain values.

Uncached, the page's cost is mostly the ORM building and compiling small
queries (SQLite runs each in tens of microseconds), so each read here is one
query of values with no prefetch machinery: the article's people, published
corrections and 责任编辑 in one statement; its photos; where it was printed;
its previous, next and related articles.
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, Q, Value
from django.utils import timezone

from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleImage,
    ArticleReporter,
    published_condition,
)
from edition.models import printed_placements
from editorial.corrections import Correction
from editorial.reviews import ArticleReview, display_name

RELATED_COUNT = 4

REPORTER, CORRESPONDENT, CORRECTION, EDITOR = range(4)
PERSON_KINDS = {REPORTER: "reporter", CORRESPONDENT: "correspondent"}


class Person(NamedTuple):
    """A name in the byline. kind is "reporter" or "correspondent"."""

    kind: str
    pk: int
    name: str
    slug: str
    updated_at: object


class Neighbour(NamedTuple):
    """An article linked from the page: previous, next or related."""

    pk: int
    headline: str
    published_at: object
    created_at: object
    updated_at: object

    @property
    def url_date(self):
        return timezone.localtime(self.published_at or self.created_at).date()


NEIGHBOUR_FIELDS = Neighbour._fields[1:]


def people_and_notes(article):
    """Return one statement of the article's bylines (both kinds), published
    corrections and 责任编辑, as rows (kind, order, id, text, text, text, moment).
    """
    pk = article.pk

    def bylines(model, kind, person):
        return (
            model.objects.filter(article_id=pk)
            .order_by()
            .values_list(
                Value(kind),
                "position",
                f"{person}_id",
                f"{person}__name",
                f"{person}__slug",
                Value(""),
                f"{person}__updated_at",
            )
        )

    corrections = (
        Correction.objects.filter(
            article_id=pk, published_at__isnull=False, published_at__lte=timezone.now()
        )
        .order_by()
        .values_list(
            Value(CORRECTION), "id", "id", "wrong", "right", "note", "published_at"
        )
    )
    parts = [bylines(ArticleCorrespondent, CORRESPONDENT, "correspondent")]
    parts.append(corrections)
    if settings.SHOW_RESPONSIBLE_EDITOR:
        editor = "responsible_editor__"
        parts.append(
            ArticleReview.objects.filter(
                article_id=pk, responsible_editor__isnull=False
            )
            .order_by()
            .values_list(
                Value(EDITOR),
                Value(0),
                "responsible_editor_id",
                f"{editor}last_name",
                f"{editor}first_name",
                f"{editor}username",
                Value(None, output_field=DateTimeField()),
            )
        )
    return bylines(ArticleReporter, REPORTER, "reporter").union(*parts, all=True)


def load_parts(article):
    """Set on article what its page shows of its people, corrections,
    责任编辑, photos and print placements; return article."""
    rows = sorted(people_and_notes(article), key=lambda row: row[:2])
    article.people = [
        Person(PERSON_KINDS[kind], pk, name, slug, updated_at)
        for kind, _, pk, name, slug, _, updated_at in rows
        if kind in PERSON_KINDS
    ]
    corrections = [
        Correction(
            id=pk, article=article, wrong=wrong, right=right, note=note, published_at=at
        )
        for kind, _, pk, wrong, right, note, at in rows
        if kind == CORRECTION
    ]
    article.published_corrections = sorted(
        corrections, key=lambda c: (c.published_at, c.pk)
    )
    article.responsible_editor_name = next(
        (
            display_name(
                get_user_model()(last_name=last, first_name=first, username=username)
            )
            for kind, _, _, last, first, username, _ in rows
            if kind == EDITOR
        ),
        "",
    )
    article.photos = list(ArticleImage.objects.filter(article_id=article.pk))
    article.printed = list(printed_placements().queryset.filter(article_id=article.pk))
    return article


def previous_article(article):
    """The published article just before article, or None."""
    at, pk = article.published_at, article.pk
    # A range on published_at first bounds SQLite's index scan (see
    # views.bounded_published); written as an OR of "earlier" and "same
    # moment, lower id" it scanned the whole archive.
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

"""Revisions of articles, kept by django-simple-history.

Every save() of an Article records a revision through the library's signal;
what bypasses save() records its own: the admin form (once its bylines are
saved, so the revision holds them), the admin's actions (a queryset
update), imports (a bulk insert, as fast as the articles' own) and restores.
A revision holds every field of the article as it was, who, when, why, and
its bylines (ids and names as printed then).
"""

import functools
from itertools import pairwise

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history import register
from simple_history.signals import pre_create_historical_record

# Fields a restore brings back; status and publication time are publishing,
# which has its own actions and permission.
RESTORED_FIELDS = [
    "kicker",
    "headline",
    "subheadline",
    "slug",
    "department",
    "source_label",
    "dateline_date",
    "body",
    "summary",
]
# Fields a revision list and comparison show, in form order.
SHOWN_FIELDS = [*RESTORED_FIELDS[:5], "bylines", *RESTORED_FIELDS[5:]]
SHOWN_FIELDS += ["status", "published_at"]
TEXT_FIELDS = {"kicker", "headline", "subheadline", "body", "summary", "bylines"}


class RevisionFields(models.Model):
    """What a revision keeps besides the article's own fields."""

    bylines = models.JSONField(
        "署名",
        default=dict,
        blank=True,
        help_text='{"reporters": [[id, 姓名], …], "correspondents": […]}',
    )

    class Meta:
        abstract = True

    @property
    def bylines_text(self):
        parts = []
        for key, label in (("reporters", "记者"), ("correspondents", "通讯员")):
            names = [name for _, name in self.bylines.get(key, [])]
            if names:
                parts.append(f"{label}：{'、'.join(names)}")
        return "；".join(parts)


def register_article_history():
    from articles.models import Article

    register(
        Article,
        app="editorial",
        bases=[RevisionFields],
        # The fingerprint is fixed at creation and unique: no revision
        # changes it, and a copy of it per revision would only cost space.
        excluded_fields=["fingerprint"],
        # Revisions are read by article only: the copies of the article's
        # other indexes would cost every import (SIMPLE_HISTORY_DATE_INDEX
        # is off in the settings for the same reason).
        no_db_index=[
            "slug",
            "status",
            "department",
            "created_by",
            "updated_by",
            "import_batch",
        ],
        verbose_name="稿件修订",
        verbose_name_plural="稿件修订",
        user_related_name="+",
    )
    pre_create_historical_record.connect(
        _snapshot_bylines,
        sender=revision_model(),
        dispatch_uid="editorial-revision-bylines",
    )


def enabled():
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


@functools.cache
def revision_model():
    # Article.history builds a manager class on every access.
    from articles.models import Article

    return Article.history.model


def _snapshot_bylines(sender, instance, history_instance, **kwargs):
    if instance.pk is not None:
        history_instance.bylines = bylines_of([instance.pk])[instance.pk]


def bylines_of(article_ids):
    """Return {article id: bylines snapshot} in two queries."""
    from articles.models import ArticleCorrespondent, ArticleReporter

    snapshots = {pk: {"reporters": [], "correspondents": []} for pk in article_ids}
    for model, person, key in (
        (ArticleReporter, "reporter", "reporters"),
        (ArticleCorrespondent, "correspondent", "correspondents"),
    ):
        rows = (
            model.objects.filter(article_id__in=article_ids)
            .order_by("article_id", "position", "id")
            .values_list("article_id", f"{person}_id", f"{person}__name")
        )
        for article_id, person_id, name in rows:
            snapshots[article_id][key].append([person_id, name])
    return snapshots


def build(article, *, kind, user, reason, bylines, moment=None):
    """Return an unsaved revision of article as it is now."""
    model = revision_model()
    return model(
        history_date=moment or timezone.now(),
        history_type=kind,
        history_user=user,
        history_change_reason=reason[:100],
        bylines=bylines,
        **{name: getattr(article, name) for name in tracked_attnames()},
    )


@functools.cache
def tracked_attnames():
    return [field.attname for field in revision_model().tracked_fields]


def record(article, user=None, reason=""):
    """Record one revision of article as stored now, bylines included."""
    if not enabled():
        return None
    revision = build(
        article,
        kind="~",
        user=user,
        reason=reason,
        bylines=bylines_of([article.pk])[article.pk],
    )
    revision.save()
    return revision


def record_many(articles, user=None, reason=""):
    """Record a revision of each of articles (fresh from the database)."""
    articles = list(articles)
    if not enabled() or not articles:
        return []
    bylines = bylines_of([article.pk for article in articles])
    moment = timezone.now()
    revisions = [
        build(
            article,
            kind="~",
            user=user,
            reason=reason,
            bylines=bylines[article.pk],
            moment=moment,
        )
        for article in articles
    ]
    return revision_model().objects.bulk_create(revisions)


def record_imported(articles, bylines, user=None, reason="导入"):
    """Record the first revision of articles just inserted by an import.

    articles carry their primary keys; bylines is {article id: snapshot}.
    The database copies each revision from the row it has just stored, so
    that keeping revisions costs an import little: building a model
    instance per revision and preparing its every value in Python cost as
    much as storing the articles themselves.
    """
    if not enabled() or not articles:
        return
    import json

    from django.db import connections, router

    from articles.models import Article

    model = revision_model()
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    copied = [quote(name) for name in tracked_columns()]
    own = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    columns = ", ".join([*copied, *map(quote, own), quote("bylines")])
    selected = ", ".join(f"a.{column}" for column in copied)
    json_value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    date_field = model._meta.get_field("history_date")
    fixed = [
        date_field.get_db_prep_save(timezone.now(), connection),
        "+",
        user.pk if user else None,
        reason[:100],
    ]
    ids = [article.pk for article in articles]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IMPORT_CHUNK):
            chunk = ids[start : start + IMPORT_CHUNK]
            values = ", ".join([f"(%s, {json_value})"] * len(chunk))
            params = [*fixed]
            for pk in chunk:
                params += [pk, json.dumps(bylines.get(pk, {}), ensure_ascii=False)]
            # Only identifiers from the models' metadata are formatted in;
            # every value is a bound parameter.
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                f"SELECT {selected}, %s, %s, %s, %s, b.column2 "
                f"FROM {quote(Article._meta.db_table)} a "
                f"JOIN (VALUES {values}) AS b ON a.{quote('id')} = b.column1",
                params,
            )


# Articles per INSERT … SELECT: two parameters each, well under SQLite's limit.
IMPORT_CHUNK = 500


@functools.cache
def tracked_columns():
    return [field.column for field in revision_model().tracked_fields]


def history_of(article_id):
    """Return the article's revisions, newest first, each with `changed`: the
    labels of the shown fields it changed from the revision before."""
    model = revision_model()
    revisions = list(
        model.objects.filter(id=article_id)
        .select_related("history_user", "department")
        .order_by("history_date", "history_id")
    )
    for previous, current in pairwise([None, *revisions]):
        current.changed = changed_fields(previous, current)
    return revisions[::-1]


def value_of(revision, name):
    if name == "bylines":
        return revision.bylines_text
    if name == "department":
        return str(revision.department) if revision.department_id else ""
    if name == "status":
        return revision.get_status_display()
    if name == "published_at":
        moment = revision.published_at
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""
    if name == "dateline_date":
        return f"{revision.dateline_date:%Y-%m-%d}" if revision.dateline_date else ""
    return getattr(revision, name) or ""


def changed_fields(old, new):
    """Return the names of the shown fields that differ from old to new."""
    if old is None:
        return []
    return [name for name in SHOWN_FIELDS if value_of(old, name) != value_of(new, name)]


def field_label(name):
    from articles.models import Article

    if name == "bylines":
        return "署名"
    return str(Article._meta.get_field(name).verbose_name)


@transaction.atomic
def restore(article, revision, user):
    """Bring back revision's text, department and bylines onto article, as a
    new revision; its status and publication time stay as they are."""
    from articles.models import ArticleCorrespondent, ArticleReporter
    from people.models import Correspondent, Reporter

    for name in RESTORED_FIELDS:
        attname = revision._meta.get_field(name).attname
        setattr(article, attname, getattr(revision, attname))
    article.updated_by = user
    article.skip_history_when_saving = True
    try:
        article.save()
    finally:
        del article.skip_history_when_saving
    for through, person, people, key in (
        (ArticleReporter, "reporter", Reporter, "reporters"),
        (ArticleCorrespondent, "correspondent", Correspondent, "correspondents"),
    ):
        wanted = [pk for pk, _ in revision.bylines.get(key, [])]
        existing = set(
            people.objects.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        through.objects.filter(article=article).delete()
        through.objects.bulk_create(
            through(article=article, position=position, **{f"{person}_id": pk})
            for position, pk in enumerate(p for p in wanted if p in existing)
        )
    moment = timezone.localtime(revision.history_date)
    return record(article, user, f"恢复到 {moment:%Y-%m-%d %H:%M:%S} 的版本")

"""What the page cache must know of articles: which changes make public pages
stale, and when the next scheduled article goes live.

A save of an article that keeps what decides where it is listed and linked
(its status, publication time and desk) changes the content of its own tag
only (page_tag()). A new article, or one whose place changes, changes the
lists it leaves and joins (list tags below): its desk's, its reporters' and
correspondents', and its day's, which hold the articles whose previous or
next it may become. Pages that name other lists, and the pages of articles
that do not show it, stay cached. Any other change, and every change made
without a signal (bulk updates, bulk inserts other than an import's),
makes every page stale.
"""

import datetime

from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from newsroom import pagecache

# What decides which lists, archives, menus and neighbours show an article.
PLACING_FIELDS = ("status", "published_at", "department_id")
UNKNOWN = object()
# An article whose previous and next are further apart than this depends
# on every list rather than on each day between them.
MOST_DAYS = 31

CONTENT_MODELS = (
    "articles.ArticleReporter",
    "articles.ArticleCorrespondent",
    "articles.ArticleImage",
    "people.Department",
)
# A new person is named on no article yet (bylines come after): no page with
# lists of its own shows them. Any other change of a person makes every page
# stale.
PEOPLE_MODELS = ("people.Reporter", "people.Correspondent")


def next_publication():
    """Return when the next scheduled article goes live, or None."""
    from articles.models import Article

    upcoming = Article.objects.scheduled().order_by("published_at")
    return upcoming.values_list("published_at", flat=True).first()


def page_tag(pk):
    """The page-cache tag of an article's own content."""
    return f"article:{pk}"


def desk_tag(department_id):
    """The list of a desk's articles (of articles with no desk, for None)."""
    return f"lists:desk:{department_id or 'none'}"


def reporter_tag(pk):
    return f"lists:reporter:{pk}"


def correspondent_tag(pk):
    return f"lists:correspondent:{pk}"


def day_tag(moment):
    """The list of the articles published on moment's day (UTC)."""
    return f"lists:day:{moment.astimezone(datetime.UTC).date().isoformat()}"


def article_page_lists(article, previous, following):
    """Return the lists an article's page depends on, or None for all.

    Its related articles are the newest of its desk and of its reporters;
    its previous and next are the nearest in time, so only an article
    joining or leaving the days from the previous one's to the next one's
    can change them. article comes through article_page.load_parts().
    """
    if previous is None or following is None:
        return None
    first = previous.published_at.astimezone(datetime.UTC).date()
    last = following.published_at.astimezone(datetime.UTC).date()
    if (last - first).days > MOST_DAYS:
        return None
    days = [
        day_tag(previous.published_at + datetime.timedelta(days=n))
        for n in range((last - first).days + 1)
    ]
    reporters = [reporter_tag(p.pk) for p in article.people if p.kind == "reporter"]
    return [desk_tag(article.department_id), *reporters, *days]


def placing(article):
    # From __dict__: reading a deferred field would query the database.
    return tuple(article.__dict__.get(name, UNKNOWN) for name in PLACING_FIELDS)


def remember_placing(sender, instance, **kwargs):
    instance._placing_as_loaded = placing(instance)


def article_saved(sender, instance, created, **kwargs):
    loaded = getattr(instance, "_placing_as_loaded", None)
    now = placing(instance)
    if UNKNOWN in now or not created and (loaded is None or UNKNOWN in loaded):
        pagecache.invalidate_on_commit()
    elif created or loaded != now:
        placings = [now] if created else [loaded, now]
        pagecache.invalidate_lists_on_commit(moved_lists(instance, placings))
    else:
        pagecache.invalidate_tags_on_commit([page_tag(instance.pk)])
    instance._placing_as_loaded = now


def moved_lists(article, placings):
    """Return the tags a change of article's place changes: its content, the
    lists of each place (status, published_at, department_id) it had, and
    the menu if a desk may have gained its first article or lost its last."""
    from articles.models import ArticleCorrespondent, ArticleReporter

    tags = [page_tag(article.pk), *place_lists(placings)]
    bylines = ArticleReporter.objects.filter(article_id=article.pk)
    tags += map(reporter_tag, bylines.values_list("reporter_id", flat=True))
    bylines = ArticleCorrespondent.objects.filter(article_id=article.pk)
    tags += map(correspondent_tag, bylines.values_list("correspondent_id", flat=True))
    if menu_may_change({desk for _, _, desk in placings}, [article.pk]):
        tags.append(pagecache.MENU)
    return tags


def place_lists(placings):
    tags = {desk_tag(desk) for _, _, desk in placings}
    return sorted(tags | {day_tag(at) for _, at, _ in placings if at is not None})


def menu_may_change(desk_ids, changed_ids):
    """Whether a desk of desk_ids has no published article but those of
    changed_ids (which may be joining or leaving it): the menu lists the
    desks that have one.

    The desks' rows are locked first, so that of two transactions changing
    the articles of one desk at once the second sees what the first did.
    """
    from articles.models import Article
    from people.models import Department

    desk_ids = sorted(pk for pk in desk_ids if pk is not None)
    if not desk_ids:
        return False
    connection = connections[router.db_for_write(Department)]
    if connection.features.has_select_for_update and not connection.get_autocommit():
        locked = Department.objects.select_for_update().filter(pk__in=desk_ids)
        list(locked.order_by("pk").values_list("pk", flat=True))
    others = Article.objects.published().exclude(pk__in=changed_ids)
    return not all(others.filter(department_id=pk).exists() for pk in desk_ids)


def inserted_lists(model, rows):
    """Return the tags that inserting rows ({field attname: value}) of model
    changes, or None if any page may change. Called before the insert."""
    from articles.models import Article, ArticleCorrespondent, ArticleReporter

    if model is Article:
        placings = [tuple(row[name] for name in PLACING_FIELDS) for row in rows]
        tags = place_lists(placings)
        if menu_may_change({desk for _, _, desk in placings}, []):
            tags.append(pagecache.MENU)
        return tags
    if model is ArticleReporter:
        return sorted({reporter_tag(row["reporter_id"]) for row in rows})
    if model is ArticleCorrespondent:
        return sorted({correspondent_tag(row["correspondent_id"]) for row in rows})
    return None


def connect(apps):
    article = apps.get_model("articles.Article")
    post_init.connect(remember_placing, sender=article, dispatch_uid="pc-init")
    post_save.connect(article_saved, sender=article, dispatch_uid="pc-save-article")
    post_delete.connect(
        pagecache.invalidate_on_commit, sender=article, dispatch_uid="pc-del-article"
    )
    for label in CONTENT_MODELS:
        pagecache.watch(apps.get_model(label))
    for label in PEOPLE_MODELS:
        pagecache.watch(apps.get_model(label), new_row_lists=pagecache.in_no_list)
    m2m_changed.connect(pagecache.invalidate_on_commit, dispatch_uid="pc-m2m")
    pagecache.register_schedule(next_publication)
    pagecache.register_recheck("search", "articles.views.search_page_ids")

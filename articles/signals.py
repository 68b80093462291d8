"""What the page cache must know of articles: which changes make public pages
stale, and when the next scheduled article goes live.

A save of an article that keeps what decides where it is listed and linked
(its status, publication time and desk) changes the content of its own tag
only (page_tag()): the pages of other articles that do not show it stay
cached. Any other change, and every change made without a signal (bulk
updates and inserts), makes every page stale.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from newsroom import pagecache

# What decides which lists, archives, menus and neighbours show an article.
PLACING_FIELDS = ("status", "published_at", "department_id")
UNKNOWN = object()

CONTENT_MODELS = (
    "articles.ArticleReporter",
    "articles.ArticleCorrespondent",
    "articles.ArticleImage",
    "people.Department",
    "people.Reporter",
    "people.Correspondent",
)


def next_publication():
    """Return when the next scheduled article goes live, or None."""
    from articles.models import Article

    upcoming = Article.objects.scheduled().order_by("published_at")
    return upcoming.values_list("published_at", flat=True).first()


def page_tag(pk):
    """The page-cache tag of an article's own content."""
    return f"article:{pk}"


def placing(article):
    # From __dict__: reading a deferred field would query the database.
    return tuple(article.__dict__.get(name, UNKNOWN) for name in PLACING_FIELDS)


def remember_placing(sender, instance, **kwargs):
    instance._placing_as_loaded = placing(instance)


def article_saved(sender, instance, created, **kwargs):
    loaded = getattr(instance, "_placing_as_loaded", None)
    now = placing(instance)
    if created or loaded is None or UNKNOWN in loaded or loaded != now:
        pagecache.invalidate_on_commit()
    else:
        pagecache.invalidate_tags_on_commit([page_tag(instance.pk)])
    instance._placing_as_loaded = now


def connect(apps):
    article = apps.get_model("articles.Article")
    post_init.connect(remember_placing, sender=article, dispatch_uid="pc-init")
    post_save.connect(article_saved, sender=article, dispatch_uid="pc-save-article")
    post_delete.connect(
        pagecache.invalidate_on_commit, sender=article, dispatch_uid="pc-del-article"
    )
    for label in CONTENT_MODELS:
        pagecache.watch(apps.get_model(label))
    m2m_changed.connect(pagecache.invalidate_on_commit, dispatch_uid="pc-m2m")
    pagecache.register_schedule(next_publication)

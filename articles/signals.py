"""What the page cache must know of articles: which changes make public pages
stale, and when the next scheduled article goes live."""

from django.db.models.signals import m2m_changed

from newsroom import pagecache

CONTENT_MODELS = (
    "articles.Article",
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


def connect(apps):
    for label in CONTENT_MODELS:
        pagecache.watch(apps.get_model(label))
    m2m_changed.connect(pagecache.invalidate_on_commit, dispatch_uid="pc-m2m")
    pagecache.register_schedule(next_publication)

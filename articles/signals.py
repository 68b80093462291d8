"""Side effects of content changes: the anonymous page cache goes stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from newsroom.pagecache import invalidate_on_commit

CONTENT_MODELS = (
    "articles.Article",
    "articles.ArticleReporter",
    "articles.ArticleCorrespondent",
    "articles.ArticleImage",
    "people.Department",
    "people.Reporter",
    "people.Correspondent",
)


def connect(apps):
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(
            invalidate_on_commit, sender=model, dispatch_uid=f"pc-save-{label}"
        )
        post_delete.connect(
            invalidate_on_commit, sender=model, dispatch_uid=f"pc-delete-{label}"
        )
    m2m_changed.connect(invalidate_on_commit, dispatch_uid="pc-m2m")

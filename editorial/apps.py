from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "编辑流程"

    def ready(self):
        from articles.models import Article
        from editorial import reviews
        from editorial.corrections import Correction
        from editorial.reviews import ArticleReview
        from newsroom.pagecache import invalidate_on_commit

        # A new text asks for its sign-offs again.
        post_save.connect(
            lambda sender, instance, **kwargs: reviews.text_changed(instance),
            sender=Article,
            dispatch_uid="editorial-review-text-changed",
            weak=False,
        )
        # The 责任编辑 shows on the article page.
        post_save.connect(
            invalidate_on_commit, sender=ArticleReview, dispatch_uid="pc-save-review"
        )

        # Corrections show on public pages: a change makes them stale.
        post_save.connect(
            invalidate_on_commit, sender=Correction, dispatch_uid="pc-save-correction"
        )
        post_delete.connect(
            invalidate_on_commit,
            sender=Correction,
            dispatch_uid="pc-delete-correction",
        )

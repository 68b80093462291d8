from django.apps import AppConfig
from django.db.models.signals import post_save


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "编辑流程"

    def ready(self):
        from articles.models import Article
        from editorial import reviews
        from editorial.corrections import Correction
        from editorial.reviews import ArticleReview
        from newsroom import pagecache

        # A new text asks for its sign-offs again.
        post_save.connect(
            lambda sender, instance, **kwargs: reviews.text_changed(instance),
            sender=Article,
            dispatch_uid="editorial-review-text-changed",
            weak=False,
        )
        # The 责任编辑 shows on the article page.
        pagecache.watch(ArticleReview)
        # Corrections show on public pages: a change makes them stale.
        pagecache.watch(Correction)

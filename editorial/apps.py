from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "编辑流程"

    def ready(self):
        from editorial.corrections import Correction
        from newsroom.pagecache import invalidate_on_commit

        # Corrections show on public pages: a change makes them stale.
        post_save.connect(
            invalidate_on_commit, sender=Correction, dispatch_uid="pc-save-correction"
        )
        post_delete.connect(
            invalidate_on_commit,
            sender=Correction,
            dispatch_uid="pc-delete-correction",
        )

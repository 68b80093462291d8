from django.apps import AppConfig, apps


class EditionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edition"
    verbose_name = "数字报"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from newsroom.pagecache import invalidate_on_commit

        # Any change to an issue, page or placement shows on the next request.
        for name in ("Issue", "Page", "Placement"):
            model = apps.get_model("edition", name)
            post_save.connect(
                invalidate_on_commit, sender=model, dispatch_uid=f"pc-save-ed-{name}"
            )
            post_delete.connect(
                invalidate_on_commit, sender=model, dispatch_uid=f"pc-del-ed-{name}"
            )

from django.apps import AppConfig, apps


class EditionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edition"
    verbose_name = "数字报"

    def ready(self):
        from newsroom import pagecache

        # Any change to an issue, page or placement shows on the next request.
        # A new issue or page holds no article yet: it changes the 数字报 and
        # the front page, not the pages of articles, which name their lists.
        for name in ("Issue", "Page"):
            pagecache.watch(apps.get_model("edition", name), pagecache.in_no_list)
        pagecache.watch(apps.get_model("edition", "Placement"))
        # An issue dated ahead comes into view at a midnight, with no write.
        from edition.models import next_issue_release

        pagecache.register_schedule(next_issue_release)

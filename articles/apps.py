from django.apps import AppConfig, apps


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from articles import signals

        signals.connect(apps)

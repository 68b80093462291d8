from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: its system checks."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import checks  # noqa: F401  (registers the checks)

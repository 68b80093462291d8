from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    """The project package as an app: its system checks."""

    default = True
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import checks  # noqa: F401  (registers the checks)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the hardened site of newsroom.admin_site."""

    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"

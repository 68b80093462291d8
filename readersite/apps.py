from django.apps import AppConfig


class ReadersiteConfig(AppConfig):
    """What every public page shares: the site's frame, menu, list pages,
    and the pieces cached per content version. It has no models."""

    name = "readersite"
    verbose_name = "读者网站"

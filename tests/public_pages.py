"""The public addresses where a published article shows, for tests that visit them all."""

from django.urls import reverse
from django.utils import timezone


def archive_pages(moment):
    """The year, month and day archives of a moment."""
    day = timezone.localtime(moment).date()
    return [
        reverse("articles:archive_year", args=[day.year]),
        reverse("articles:archive_month", args=[day.year, day.month]),
        reverse("articles:archive_day", args=[day.year, day.month, day.day]),
    ]


def html_pages_showing(article):
    """The list, article, people, department and archive pages showing it."""
    return [
        reverse("articles:index"),
        article.get_absolute_url(),
        article.department.get_absolute_url(),
        *(reporter.get_absolute_url() for reporter in article.reporters.all()),
        *(person.get_absolute_url() for person in article.correspondents.all()),
        reverse("articles:archive"),
        *archive_pages(article.published_at),
    ]


def feeds_and_sitemaps_showing(article):
    """The feeds and sitemaps listing it."""
    day = timezone.localtime(article.published_at).date()
    return [
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:department_feed", args=[article.department.slug]),
        *(
            reverse("articles:reporter_feed", args=[reporter.slug])
            for reporter in article.reporters.all()
        ),
        *(
            reverse("articles:correspondent_feed", args=[correspondent.slug])
            for correspondent in article.correspondents.all()
        ),
        reverse("sitemap"),
        reverse("sitemap_news"),
        reverse("sitemap_articles", args=[f"{day:%Y}", f"{day:%m}"]),
        *(
            reverse("sitemap_section", args=[section])
            for section in ("departments", "reporters", "correspondents")
        ),
    ]

"""Which years and months have published articles, for archives and sitemaps.

Readers and crawlers are offered only periods with something to read: a
year or month without articles would answer 404 or an empty sitemap.
"""

import datetime

from django.db.models import Max
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from articles.models import Article


def published_years():
    """Return the years with published articles, newest first.

    One index probe per such year (the first article from the start of the
    next year on), plus one: far cheaper than grouping the whole archive.
    """
    years = []
    published = Article.objects.published().order_by("published_at")
    rows = published
    while (first := rows.values_list("published_at", flat=True).first()) is not None:
        year = timezone.localtime(first).year
        years.append(year)
        next_year = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        rows = published.filter(published_at__gte=next_year)
    return years[::-1]


def published_months():
    """Return [(year, month, lastmod date)] of the months with published
    articles, oldest first; lastmod is the latest change to any of them, as
    the month's sitemap gives it."""
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(changed=Max(TruncDate("updated_at")))
        .order_by("month")
    )
    months = []
    for row in rows:
        month = timezone.localtime(row["month"])
        months.append((month.year, month.month, row["changed"]))
    return months

"""Sitemaps for search engines: articles, desks and people, plus Google News."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_safe

from articles.models import Article, with_published_article
from articles.periods import published_months
from edition.sitemaps import locations as edition_locations
from newsroom import pagecache
from newsroom.dates import EARLIEST_DATE, LATEST_DATE
from people.models import Correspondent, Department, Reporter
from readersite import fragments
from readersite.pages import absolute_url, public_cache

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs.
# The protocol's limit per file; a month of print runs to a few thousand.
MONTH_SITEMAP_LIMIT = 50_000
URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)


class SiteSitemap(Sitemap):
    """Locations on the configured public address, whatever Host was asked for."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PeopleSitemap(SiteSitemap):
    """A few hundred rows at most: a list, so the paginator needs no COUNT."""

    def items(self):
        return list(self.queryset())

    def section_lastmod(self, newest_article):
        """When the section last changed: a person or desk was edited, or an
        article was published (their pages list the newest); None if empty."""
        changed = self.queryset().aggregate(changed=Max("updated_at"))["changed"]
        if changed is None:
            return None
        return max(changed, newest_article or changed)


class DepartmentSitemap(PeopleSitemap):
    def queryset(self):
        published = Article.objects.published().filter(department=OuterRef("pk"))
        return Department.objects.filter(
            Exists(published), kind=Department.Kind.DESK
        ).order_by("pk")


class ReporterSitemap(PeopleSitemap):
    def queryset(self):
        return with_published_article(Reporter.objects.all(), "reporters")


class CorrespondentSitemap(PeopleSitemap):
    def queryset(self):
        return with_published_article(Correspondent.objects.all(), "correspondents")


class EditionSitemap(SiteSitemap):
    """The 数字报: every public issue and page."""

    def items(self):
        return edition_locations()

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]

    def section_lastmod(self, newest_article):
        return self.get_latest_lastmod()


SITEMAPS = {
    "epaper": EditionSitemap,
    "departments": DepartmentSitemap,
    "reporters": ReporterSitemap,
    "correspondents": CorrespondentSitemap,
}


def local_date(moment):
    """The local date of a datetime (a date stays as it is)."""
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def local_month_start(year, month):
    return timezone.make_aware(datetime(year, month, 1))


def article_months():
    """Return [(year, month, lastmod)] of the months with published articles,
    computed once per content version (articles.periods)."""
    return fragments.cached_piece(
        "sitemap-months", published_months, deadline=pagecache.cache_deadline
    )


def month_article_urls(year, month):
    """Return [(location, lastmod)] of the month's published articles, newest first.

    Local dates come from the database, and reverse() runs once per day, not
    per article: a month of a busy archive holds thousands of articles.
    """
    start = local_month_start(year, month)
    end = local_month_start(year + month // 12, month % 12 + 1)
    rows = (
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("-published_at", "-pk")
        .values_list("pk", TruncDate("published_at"), TruncDate("updated_at"))
    )[:MONTH_SITEMAP_LIMIT]
    prefixes = {}
    urls = []
    for pk, day, lastmod in rows:
        prefix = prefixes.get(day)
        if prefix is None:
            prefix = prefixes[day] = article_url_prefix(day)
        urls.append((f"{prefix}{pk}/", lastmod))
    return urls


def article_url_prefix(day):
    """Return the absolute address of an article of day, up to its number."""
    kwargs = {"year": f"{day:%Y}", "month": f"{day:%m}", "day": f"{day:%d}"}
    path = reverse("articles:detail", kwargs={**kwargs, "pk": 0})
    return escape(absolute_url(path.removesuffix("0/")))


@x_robots_tag
@public_cache
@require_safe
def index(request):
    """List every sitemap that has addresses, with when it last changed, at
    the public address (Django's uses Host)."""
    entries = [
        SitemapIndexItem(
            absolute_url(
                reverse("sitemap_articles", args=[f"{year:04d}", f"{month:02d}"])
            ),
            lastmod,
        )
        for year, month, lastmod in article_months()
    ]
    newest = (
        Article.objects.published()
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    for section, sitemap in SITEMAPS.items():
        lastmod = sitemap().section_lastmod(newest)
        if lastmod is not None:  # an empty sitemap is left out
            url = absolute_url(reverse("sitemap_section", args=[section]))
            entries.append(SitemapIndexItem(url, local_date(lastmod)))
    if newest and newest >= timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS):
        url = absolute_url(reverse("sitemap_news"))
        entries.append(SitemapIndexItem(url, local_date(newest)))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )


@x_robots_tag
@public_cache
@require_safe
def articles(request, year, month):
    """The published articles of one month, in local time."""
    year, month = int(year), int(month)
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise Http404("没有这个月的稿件")
    urls = month_article_urls(year, month)
    if not urls:
        raise Http404("没有这个月的稿件")
    lines = [
        f"<url><loc>{location}</loc><lastmod>{lastmod:%Y-%m-%d}</lastmod></url>"
        for location, lastmod in urls
    ]
    return HttpResponse(
        "\n".join([URLSET_OPEN, *lines, "</urlset>", ""]),
        content_type="application/xml",
    )


@x_robots_tag
@public_cache
@require_safe
def news(request):
    """Google News sitemap: what was published in the last two days."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("headline", "published_at", "created_at")[:NEWS_SITEMAP_LIMIT]
    )
    return TemplateResponse(
        request,
        "articles/sitemap_news.xml",
        {"articles": articles},
        content_type="application/xml",
    )

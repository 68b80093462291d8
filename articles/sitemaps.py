"""Sitemaps for search engines: articles, desks and people, plus Google News."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Exists, Max, OuterRef
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.models import Article, ArticleCorrespondent, ArticleReporter
from articles.views import absolute_url, public_cache
from people.models import Correspondent, Department, Reporter

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs.


class SiteSitemap(Sitemap):
    """Locations on the configured public address, whatever Host was asked for."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("published_at", "created_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class DepartmentSitemap(SiteSitemap):
    def items(self):
        published = Article.objects.published().filter(department=OuterRef("pk"))
        return Department.objects.filter(
            Exists(published), kind=Department.Kind.DESK
        ).order_by("pk")


class ReporterSitemap(SiteSitemap):
    def items(self):
        bylines = ArticleReporter.objects.filter(
            reporter=OuterRef("pk"),
            article__in=Article.objects.published(),
        )
        return Reporter.objects.filter(Exists(bylines)).order_by("pk")


class CorrespondentSitemap(SiteSitemap):
    def items(self):
        bylines = ArticleCorrespondent.objects.filter(
            correspondent=OuterRef("pk"),
            article__in=Article.objects.published(),
        )
        return Correspondent.objects.filter(Exists(bylines)).order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "departments": DepartmentSitemap,
    "reporters": ReporterSitemap,
    "correspondents": CorrespondentSitemap,
}


@x_robots_tag
@public_cache
@require_safe
def index(request):
    """List every section page at the public address (Django's uses Host)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap_section", args=[section]))
        entries.append(SitemapIndexItem(location))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}"))
    entries.append(SitemapIndexItem(absolute_url(reverse("sitemap_news"))))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
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

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from articles import sitemaps
from newsroom import health, media, views
from readersite.pages import public_cache

handler404 = "newsroom.views.page_not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page says (the admin says nothing).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap_news"),
    # Before the sections: "articles-2026-03" is a slug too.
    re_path(
        r"^sitemap-articles-(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])\.xml$",
        sitemaps.articles,
        name="sitemap_articles",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_cache(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("people/", include("people.urls")),
    path("corrections/", include("editorial.urls")),
    path("epaper/", include("edition.urls")),
    path("", views.front, name="front"),
    path("", include("articles.urls")),
]

if media.serves_media():
    # Uploaded images, in development and production alike (newsroom.media).
    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve)
    )

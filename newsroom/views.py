"""Site-wide endpoints: the front address, robots.txt and the 404 page."""

from django.conf import settings
from django.db import Error
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from articles.views import ArticleListView
from edition.views import FrontPageView
from readersite.navigation import navigation_departments
from readersite.pages import public_cache

front_page = FrontPageView.as_view()
article_list = ArticleListView.as_view()


def front(request):
    """The front page; with a query, the latest list: its searches, filters
    and pages, as linked before the front page took this address."""
    if request.GET:
        return article_list(request)
    return front_page(request)


@public_cache
@require_safe
def robots_txt(request):
    context = {"sitemap_url": settings.SITE_URL + reverse("sitemap")}
    return render(
        request, "robots.txt", context, content_type="text/plain; charset=utf-8"
    )


def page_not_found(request, exception):
    try:
        departments = list(navigation_departments())
    except Error:
        # The menu is a nicety: an unknown address stays a 404, not a 500,
        # while the database is down.
        departments = []
    context = {"nav_departments": departments}
    response = render(request, "404.html", context, status=404)
    add_never_cache_headers(response)
    return response

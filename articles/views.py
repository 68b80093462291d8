"""The public reader site: article lists, article pages and date archives."""

import calendar
import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDay, TruncMonth
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, quote_etag
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from articles import (
    article_html,
    article_page,
    article_page_html,
    periods,
    search,
    search_page,
)
from articles.filters import ArticleFilter, day_range
from articles.models import Article
from articles.signals import article_page_lists, page_tag
from editorial import corrections as editorial_corrections
from newsroom import pagecache
from newsroom.dates import EARLIEST_DATE, LATEST_DATE
from readersite import filter_form, fragments, page_shell
from readersite.items import Links
from readersite.pages import SiteMixin, absolute_url
from readersite.pagination import (
    CappedPaginationMixin,
    listing,
    served_page_number,
)
from readersite.static_urls import static_url

logger = logging.getLogger(__name__)

# The filters of the article list whose articles have a feed of their own.
FEED_ROUTES = {
    "department": "articles:department_feed",
    "reporter": "articles:reporter_feed",
    "correspondent": "articles:correspondent_feed",
}


def filter_values_name(filterset):
    """Name an active filterset's values, for what is cached per filter values."""
    values = [(name, filterset.data.get(name, "")) for name in filterset.filters]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


class ArticleListView(SiteMixin, CappedPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return listing(Article.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feed_url"] = self.feed_url()
        context["nav_latest"] = not self.filterset.is_active
        context["max_query_length"] = search.MAX_QUERY_LENGTH
        name = "filter-form"
        if self.filterset.is_active:
            name += f":{filter_values_name(self.filterset)}"
        context["filter_form_html"] = fragments.cached_piece(
            name,
            lambda: filter_form.render(self.filterset, context["nav_departments"]),
        )
        return context

    def leads_with_story(self, page):
        return page.number == 1 and not self.filterset.is_active

    def list_tags(self):
        # Which articles a search finds, after any change, is rechecked
        # (page_recheck()); its filter form lists the desks of the menu.
        return [] if self.searches() else None

    def page_recheck(self):
        # A search's results depend on the text of articles it may not show.
        if self.searches():
            return ("search", self.request.GET.urlencode())
        return None

    def feed_url(self):
        """Return the feed of exactly this list's articles, if there is one:
        a list filtered by one desk or person alone; None otherwise (the
        site-wide feed is always linked beside it)."""
        data = self.filterset.data
        given = [name for name in self.filterset.filters if data.get(name)]
        if len(given) != 1 or given[0] not in FEED_ROUTES:
            return None
        if not (
            self.filterset.is_valid() and self.filterset.form.cleaned_data[given[0]]
        ):
            return None
        return reverse(FEED_ROUTES[given[0]], args=[data[given[0]]])

    def older_filters(self):
        data = self.filterset.data
        return {
            name: data[name]
            for name in self.filterset.filters
            if name != "date_to" and data.get(name)
        }

    def searches(self):
        filterset = self.filterset
        return (
            filterset.is_active
            and filterset.is_valid()
            and filterset.form.cleaned_data["q"]
        )

    def searches_alone(self):
        """Whether the search is the list's only filter."""
        data = self.filterset.data
        return [name for name in self.filterset.filters if data.get(name)] == ["q"]

    def page_rows(self, queryset, start, stop):
        query = self.searches()
        if query and not search.scans(queryset.db):
            unsearched = self.filterset.unsearched_qs()
            ids = search.newest_published_matches(unsearched, query, stop)
            queryset = unsearched.filter(pk__in=ids[start:stop])
            return super().page_rows(queryset, 0, stop - start)
        ids = None
        if self.filterset.is_active:
            name = filter_values_name(self.filterset)
            ids = fragments.list_ids(queryset, name, start, stop)
        if ids is None and query and self.searches_alone():
            rows = search_page.newest_rows(query, start, stop)
            if rows is not None:
                return rows
        if ids is None:
            return super().page_rows(queryset, start, stop)
        # By id alone: these passed the filters under this content version.
        found = listing(Article.objects.filter(pk__in=ids).order_by())
        rows = {row.pk: row for row in found}
        return [rows[pk] for pk in ids if pk in rows]


def search_page_ids(query_string):
    """Return the ids of the articles a search's page shows, and of the one
    after them that tells whether a next page follows, or None if it finds
    nothing as a search: what its cached page is rechecked by after any
    change (newsroom.pagecache)."""
    view = ArticleListView()
    data = QueryDict(query_string)
    view.filterset = ArticleFilter(data, queryset=view.get_queryset())
    number = served_page_number(data.get("page", "1"))
    if not (number and view.searches()):
        return None
    start = (number - 1) * view.paginate_by
    rows = view.page_rows(view.filterset.qs, start, start + view.paginate_by + 1)
    return [article.pk for article in rows]


def neighbours_of(article):
    """Return (previous, next, related articles), cached per content version.

    A scheduled article going live changes them, so they are kept no longer
    than the page cache would keep a page.
    """

    def find():
        if article.published_at is None:
            return None, None, article_page.related_articles(article)
        return article_page.neighbours(article)

    return fragments.cached_piece(
        f"neighbours:{article.pk}", find, deadline=pagecache.cache_deadline
    )


# The share image of an article without a photo of its own.
DEFAULT_SOCIAL_IMAGE = "social-card.png"


def structured_data(article, links):
    """Return schema.org NewsArticle data for the article's JSON-LD block.

    Every property Google recommends for articles is there: an article with
    no byline is the paper's own, and one with no photo shows the paper's card.
    """
    site = absolute_url("/")
    publisher = {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": site,
        "logo": {"@type": "ImageObject", "url": absolute_url(static_url("logo.png"))},
    }
    url = absolute_url(article_html.article_url(links, article))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "zh-Hans",
        "dateModified": timezone.localtime(article.modified_at).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": p.name,
                "url": absolute_url(links.person_path(p.kind, p.slug)),
            }
            for p in article.people
        ]
        or [{"@type": "Organization", "name": settings.SITE_NAME, "url": site}],
        "publisher": publisher,
        "image": article_images(article) or [default_social_image()],
    }
    if article.published_at:
        data["datePublished"] = timezone.localtime(article.published_at).isoformat()
    if article.department:
        data["articleSection"] = article.department.name
    if article.published_corrections:
        data["correction"] = editorial_corrections.structured_data(
            article.published_corrections
        )
    return data


def article_images(article):
    """The article's photos at their article-page size, as absolute URLs."""
    return [
        absolute_url(i.detail_rendition.url)
        for i in article.photos
        if i.detail_rendition
    ]


def default_social_image():
    return absolute_url(static_url(DEFAULT_SOCIAL_IMAGE))


def article_context(article):
    """Return what the article page shows beyond the article itself.

    article must come through article_page.load_parts(); the staff preview
    calls this too.
    """
    previous_article, next_article, related = neighbours_of(article)
    links = Links()
    social = next(
        (i.social_rendition for i in article.photos if i.social_rendition), None
    )
    return {
        "previous_article": previous_article,
        "next_article": next_article,
        "related_articles": related,
        "canonical_url": absolute_url(article_html.article_url(links, article)),
        "social_image_url": absolute_url(social.url)
        if social
        else default_social_image(),
        "social_image_is_photo": social is not None,
        "corrections": article.published_corrections,
        "responsible_editor": article.responsible_editor_name,
        # Called only when the page is rendered: a 304 builds none of them.
        "structured_data": partial(structured_data, article, links),
        "byline_html": partial(article_html.byline, links, article.people),
        "links_html": partial(
            article_html.neighbour_links, links, previous_article, next_article, related
        ),
    }


def article_validators(article, context):
    """Return (ETag, Last-Modified timestamp) covering everything the page shows.

    The page's menu lists the desks with articles: any change to content may
    change it, so the moment of the last change (the content version's)
    counts too, and the version is part of the ETag.
    """
    shown = [article, context["previous_article"], context["next_article"]]
    shown += context["related_articles"]
    shown = [a for a in shown if a is not None]
    moments = [a.updated_at for a in shown] + [a.published_at for a in shown]
    moments += [p.updated_at for p in article.people]
    if article.department:
        moments.append(article.department.updated_at)
    version = site_version()
    if version:
        moments.append(pagecache.changed_at(version))
    # A scheduled article going live changes no version, but may change the
    # menu and the neighbours: it is the newest publication then.
    moments.append(article.newest_publication)
    last_modified = max(m for m in moments if m is not None)
    fingerprint = ":".join(str(a.pk) for a in shown) + f":{last_modified.isoformat()}"
    fingerprint += f":{version}"
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return quote_etag(etag), int(last_modified.timestamp())


def site_version():
    """Return the content version, or "" if the cache cannot be reached."""
    try:
        return pagecache.current_version()
    except Exception:
        pagecache.log_failure(logger, "Content version unreadable")
        return ""


def published_article_or_404(pk):
    article = article_page.published_article(pk)
    if article is None:
        raise Http404("No published article with this number.")
    return article


class ArticleDetailView(SiteMixin, DetailView):
    """An article as readers see it.

    as_view(preview=True) is the staff preview (the admin calls it once it
    has checked the user's permissions): any article, whatever its status,
    never cached or indexed.
    """

    preview = False

    def get_queryset(self):
        """The staff preview's: any article, whatever its status."""
        return article_page.with_hints(
            Article.objects.select_related("department", "import_batch")
        )

    def get_object(self, queryset=None):
        """Return the article with all it shows, cached per content version.

        Kept no longer than the next scheduled publication, so a scheduled
        article is not refused past its moment; a missing one is not cached.
        """
        if self.preview:
            return article_page.load_parts(super().get_object(queryset))
        pk = self.kwargs["pk"]
        return fragments.cached_piece(
            f"article:{pk}",
            lambda: article_page.load_parts(published_article_or_404(pk)),
            deadline=pagecache.cache_deadline,
        )

    def get(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if self.preview:
            return self.preview_response(article)
        day = article.url_date
        if (day.year, day.month, day.day) != (
            kwargs["year"],
            kwargs["month"],
            kwargs["day"],
        ):
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        context = self.get_context_data(object=article)
        shown = [article, context["previous_article"], context["next_article"]]
        shown += context["related_articles"]
        pagecache.depends_only_on(
            request,
            [page_tag(a.pk) for a in shown if a is not None],
            lists=article_page_lists(
                article, context["previous_article"], context["next_article"]
            ),
        )
        etag, last_modified = article_validators(article, context)
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if response is None:
            response = self.render_to_response(context)
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        return response

    def preview_response(self, article):
        context = self.get_context_data(object=article, is_preview=True)
        response = self.render_to_response(context)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.object))
        return context

    def render_to_response(self, context, **response_kwargs):
        """The page, built in Python: articles/article_detail.html is its
        specification (articles.article_page_html, readersite.page_shell)."""
        article = self.object
        html = page_shell.page_html(
            f"{article.headline} · {settings.SITE_NAME}",
            article_page_html.head(article, context),
            article_page_html.content(article, context),
            desks=context["nav_departments"],
            desks_of_page={article.department_id} - {None},
        )
        return HttpResponse(html, **response_kwargs)


def archive_day(year, month=1, day=1):
    """Return the date, or raise Http404 for an impossible or unserved one."""
    try:
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("No such date.") from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise Http404("Date outside the archive.")
    return date


def bounded_published(queryset):
    """Return queryset.published(); queryset already bounds published_at above.

    SQLite ranges its index scan by the first upper bound on published_at in
    the WHERE clause only: after published()'s "until now" it would walk every
    later article, so the narrower bound must come first. PostgreSQL uses the
    tighter bound whatever the order.
    """
    return queryset.published()


def published_between(start, end):
    return bounded_published(
        Article.objects.filter(published_at__gte=start, published_at__lt=end)
    )


def counts_by(trunc, start, end):
    """Return {local date: published count} per trunc period, in one query."""
    rows = (
        published_between(start, end)
        .annotate(period=trunc("published_at"))
        .values("period")
        .annotate(count=Count("pk"))
        .order_by("period")
    )
    counts = {timezone.localtime(r["period"]).date(): r["count"] for r in rows}
    if not counts:
        raise Http404("Nothing published in this period.")
    return counts


def neighbours(start, end):
    """Return the local dates of the nearest articles before start and from end."""
    before = bounded_published(Article.objects.filter(published_at__lt=start))
    before = before.only("published_at").first()
    after = Article.objects.published().filter(published_at__gte=end)
    after = after.only("published_at").order_by("published_at").first()
    older, newer = (
        timezone.localtime(a.published_at).date() if a else None
        for a in (before, after)
    )
    return {"older": older, "newer": newer}


class ArchiveIndexView(SiteMixin, TemplateView):
    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = fragments.cached_piece(
            "archive-years",
            periods.published_years,
            deadline=pagecache.cache_deadline,
        )
        return context


class ArchiveYearView(SiteMixin, TemplateView):
    template_name = "articles/archive_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = archive_day(kwargs["year"])
        start, end = day_range(year, year.replace(month=12, day=31))
        counts = counts_by(TruncMonth, start, end)
        months = [year.replace(month=m) for m in range(1, 13)]
        context.update(neighbours(start, end))
        context.update(
            year=year,
            months=[(month, counts.get(month, 0)) for month in months],
            total=sum(counts.values()),
        )
        return context


class ArchiveMonthView(SiteMixin, TemplateView):
    template_name = "articles/archive_month.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = archive_day(kwargs["year"], kwargs["month"])
        last_day = calendar.monthrange(month.year, month.month)[1]
        start, end = day_range(month, month.replace(day=last_day))
        counts = counts_by(TruncDay, start, end)
        weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
        context.update(neighbours(start, end))
        context.update(
            month=month,
            weeks=[
                [(d, counts.get(d, 0) if d.month == month.month else None) for d in w]
                for w in weeks
            ],
            total=sum(counts.values()),
        )
        return context


class ArchiveDayView(SiteMixin, CappedPaginationMixin, ListView):
    template_name = "articles/archive_day.html"

    def get_queryset(self):
        kwargs = self.kwargs
        self.day = archive_day(kwargs["year"], kwargs["month"], kwargs["day"])
        self.start, self.end = day_range(self.day, self.day)
        return listing(published_between(self.start, self.end))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["object_list"] and not self.page_problem:
            raise Http404("Nothing published that day.")
        context.update(
            fragments.cached_piece(
                f"day-neighbours:{self.day.isoformat()}",
                lambda: neighbours(self.start, self.end),
                deadline=pagecache.cache_deadline,
            )
        )
        context["day"] = self.day
        return context

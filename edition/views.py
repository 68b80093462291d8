"""The 数字报 reader pages: newest issue, archive by month, issue, page; the front page.

Every page reads a fixed number of rows whatever the number of issues, pages
or articles; lists of articles render through the cached list items.
"""

import calendar
import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from articles.models import Article
from articles.signals import page_tag
from edition.models import Issue, Page, Placement, public_placements
from newsroom import pagecache
from newsroom.dates import EARLIEST_DATE, LATEST_DATE
from readersite import fragments
from readersite.headlines import headlines
from readersite.items import Links
from readersite.pages import SiteMixin
from readersite.pagination import listing
from readersite.routes import route

FRONT_LATEST = 15
DESK_ARTICLES = 5


def issue_date(value):
    """Return the date of an /epaper/ URL, or raise Http404."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404("No such date.") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise Http404("Date outside the archive.")
    return day


def public_issues():
    return Issue.objects.public()


def cached(name, compute):
    """compute(), kept per content version and no later than the next
    scheduled publication (which may make an issue or page public)."""
    return fragments.cached_piece(
        f"edition:{name}", compute, deadline=pagecache.cache_deadline
    )


def adjacent_issues(issue):
    """Return the public issues just before and after issue (two index probes)."""
    dates = public_issues().values_list("date", flat=True)
    older = dates.filter(date__lt=issue.date).order_by("-date").first()
    newer = dates.filter(date__gt=issue.date).order_by("date").first()
    return older, newer


def issue_pages(issue):
    """Return the issue's public pages in print order, each with its article
    count and its lead article's headline."""
    placed = public_placements().filter(page=OuterRef("pk"))
    lead = placed.order_by("order", "pk").values("article__headline")[:1]
    count = placed.order_by().values("page").annotate(n=Count("pk")).values("n")
    return list(
        Page.objects.public()
        .filter(issue=issue)
        .select_related("issue")
        .annotate(article_count=Subquery(count), lead_headline=Subquery(lead))
        .order_by("sort_key", "pk")
    )


class IssueView(SiteMixin, TemplateView):
    """One issue: its pages with thumbnails. Without a date, the newest issue."""

    template_name = "edition/issue.html"

    def get_issue(self):
        if "date" not in self.kwargs:
            issue = public_issues().order_by("-date").first()
            if issue is None:
                raise Http404("No issue yet.")
            return issue
        day = issue_date(self.kwargs["date"])
        return get_object_or_404(public_issues(), date=day)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.get_issue()
        older, newer = cached(f"around:{issue.date}", lambda: adjacent_issues(issue))
        pages = cached(f"pages:{issue.date}", lambda: issue_pages(issue))
        context.update(
            issue=issue,
            pages=pages,
            older_issue=older,
            newer_issue=newer,
            is_newest="date" not in self.kwargs,
            nav_epaper=True,
        )
        return context


class PageView(SiteMixin, TemplateView):
    """One printed page: its articles in print order, the issue's other pages."""

    template_name = "edition/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = issue_date(self.kwargs["date"])
        issue = get_object_or_404(public_issues(), date=day)
        pages = cached(f"pages:{issue.date}", lambda: issue_pages(issue))
        label = self.kwargs["label"]
        index = next((i for i, p in enumerate(pages) if p.label == label), None)
        if index is None:
            raise Http404("No such page in this issue.")
        page = pages[index]
        placements = list(
            public_placements()
            .filter(page=page)
            .select_related(None)
            .only("pk", "order", "is_primary", "article_id")
            .order_by("order", "pk")
        )
        ids = [p.article_id for p in placements]
        found = listing(Article.objects.filter(pk__in=ids).order_by())
        rows = {row.pk: row for row in found}
        articles = [rows[pk] for pk in ids if pk in rows]
        items = fragments.article_items(articles)
        other_pages = self.other_pages(placements)
        context.update(
            issue=issue,
            page=page,
            pages=pages,
            previous_page=pages[index - 1] if index > 0 else None,
            next_page=pages[index + 1] if index + 1 < len(pages) else None,
            entries=[
                (item, other_pages.get(article.pk))
                for item, article in zip(items, articles, strict=False)
            ],
            nav_epaper=True,
        )
        older, newer = cached(f"around:{issue.date}", lambda: adjacent_issues(issue))
        context.update(older_issue=older, newer_issue=newer)
        return context

    @staticmethod
    def other_pages(placements):
        """Return {article id: (word, page)} for the continued articles here:
        where each begins (上接) or continues (下转)."""
        continued = [p.article_id for p in placements]
        others = (
            Placement.objects.filter(article__in=continued)
            .exclude(pk__in=[p.pk for p in placements])
            .select_related("page__issue")
            .only(
                "article_id", "is_primary", "page__label", "page__name", "page__issue"
            )
        )
        primary = {p.article_id: p.is_primary for p in placements}
        return {
            other.article_id: (
                "下转" if primary[other.article_id] else "上接",
                other.page,
            )
            for other in others
        }


class ArchiveView(SiteMixin, TemplateView):
    """Issues by month: every month that has one, newest first."""

    template_name = "edition/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = (
            public_issues()
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        found = cached(
            "months", lambda: [(row["month"], row["count"]) for row in months]
        )
        context["months"] = with_calendar_urls(found)
        context["nav_epaper"] = True
        return context


# Stand for a month's year and number in its calendar's reversed URL.
YEAR_SENTINEL, MONTH_SENTINEL = 1234567, 2345678


def with_calendar_urls(months):
    """Return [(month, count, URL of its calendar)] for [(month, count)]:
    reversed once, not once a month (a decade's 120 cost a cold archive
    page about 6 ms)."""
    pattern = route("edition:calendar", year=YEAR_SENTINEL, month=MONTH_SENTINEL)
    return [
        (
            month,
            count,
            pattern.replace(str(YEAR_SENTINEL), str(month.year)).replace(
                str(MONTH_SENTINEL), str(month.month)
            ),
        )
        for month, count in months
    ]


class CalendarView(SiteMixin, TemplateView):
    """One month's issues on a calendar, each day linking to its issue."""

    template_name = "edition/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            month = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
        except (ValueError, OverflowError):
            raise Http404("No such month.") from None
        if not EARLIEST_DATE <= month <= LATEST_DATE:
            raise Http404("Month outside the archive.")
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        days = set(
            public_issues()
            .filter(date__gte=month, date__lte=last)
            .values_list("date", flat=True)
        )
        if not days:
            raise Http404("No issue this month.")
        dates = public_issues().values_list("date", flat=True)
        older = dates.filter(date__lt=month).order_by("-date").first()
        newer = dates.filter(date__gt=last).order_by("date").first()
        weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
        context.update(
            month=month,
            weeks=[
                [(d, d in days if d.month == month.month else None) for d in week]
                for week in weeks
            ],
            total=len(days),
            older=older,
            newer=newer,
            nav_epaper=True,
        )
        return context


# What a list of headlines shows of an article, and its URL's date.
HEADLINE_FIELDS = ("pk", "headline", "published_at", "created_at")
# Stands for a desk's id in the SQL compiled once for every desk.
ANY_DESK = -1


def desk_blocks(desks):
    """Return [(desk, [Headline])]: each desk's latest headlines, however old,
    in one query whatever the number of desks. desks are the menu's
    (navigation_links()).

    The ids come from one small subquery per desk, joined by UNION ALL, each
    walking the desk's index and stopping after DESK_ARTICLES rows, so the
    cost does not grow with the archive. (Subqueries joined by OR instead
    made PostgreSQL read the whole table: 780 ms at a million articles.) The
    subqueries differ by the desk's id alone: compiled once, with the
    desk's id put in its place among the parameters.
    """
    if not desks:
        return []
    published = Article.objects.published().order_by("-published_at", "-pk")
    newest = published.filter(department_id=ANY_DESK).values("pk")[:DESK_ARTICLES]
    sql, desk_params = newest.query.sql_with_params()
    at = desk_params.index(ANY_DESK)
    parts, params = [], []
    for number, desk in enumerate(desks):
        parts.append(f"SELECT * FROM ({sql}) AS desk_{number}")
        params += [*desk_params[:at], desk.pk, *desk_params[at + 1 :]]
    rows = (
        Article.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))
        .order_by("department_id", "-published_at", "-pk")
        .values_list(*HEADLINE_FIELDS, "department_id")
    )
    by_desk = {}
    for row in rows:
        by_desk.setdefault(row[-1], []).append(row)
    links = Links()
    return [
        (desk, headlines(by_desk[desk.pk], links))
        for desk in desks
        if desk.pk in by_desk
    ]


def front_stories():
    """Return (issue, front page, [lead article, ...]) of the newest issue, or
    (None, None, []) when there is none."""
    issue = public_issues().order_by("-date").first()
    if issue is None:
        return None, None, []
    front = (
        Page.objects.public()
        .filter(issue=issue)
        .select_related("issue")
        .order_by("-is_front", "sort_key", "pk")
        .first()
    )
    placed = public_placements().filter(page=front).order_by("order", "pk")
    ids = list(placed.values_list("article_id", flat=True)[:6])
    rows = (
        Article.objects.filter(pk__in=ids)
        .select_related("department")
        .prefetch_related("images")
        .in_bulk()
    )
    return issue, front, [rows[pk] for pk in ids if pk in rows]


class FrontPageView(SiteMixin, TemplateView):
    """The newspaper's front page: today's A1 lead with its photo, the rest of
    the front page, a block per desk, a link to the 数字报 and the latest list."""

    template_name = "edition/front.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue, front, stories = cached("front", front_stories)
        lead = stories[0] if stories else None
        lead_image = None
        if lead is not None:
            lead_image = next(
                (i for i in lead.images.all() if i.detail_rendition), None
            )
        latest = Article.objects.published().values_list(*HEADLINE_FIELDS)
        context.update(
            issue=issue,
            front=front,
            lead=lead,
            lead_image=lead_image,
            front_items=fragments.article_items(stories[1:]),
            desk_blocks=cached(
                "desks", lambda: desk_blocks(context["nav_departments"])
            ),
            latest=headlines(latest[:FRONT_LATEST]),
            nav_home=True,
        )
        shown = [*stories, *context["latest"]]
        shown += [a for _, articles in context["desk_blocks"] for a in articles]
        pagecache.depends_only_on(self.request, {page_tag(a.pk) for a in shown})
        return context

"""Lists of articles in pages of twenty, capped at MAX_PAGES pages."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from articles.signals import page_tag
from newsroom import pagecache
from readersite import fragments

MAX_PAGES = 50


def listing(queryset):
    """Published articles for a list, as fragments.article_items() wants them."""
    return fragments.item_rows(queryset)


class CappedPage:
    """A page of a list that knows whether more follow, without counting them."""

    def __init__(self, number, object_list, has_next):
        self.number = number
        self.object_list = object_list
        self.has_next = has_next and number < MAX_PAGES
        self.continues_in_archive = has_next and number == MAX_PAGES
        self.has_previous = number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def has_other_pages(self):
        return self.has_next or self.has_previous


def served_page_number(raw):
    """Return raw as a page number from 1 to MAX_PAGES, or None."""
    # The length check comes first: int() refuses strings of over 4300 digits.
    if len(raw) <= 6 and raw.isascii() and raw.isdigit():
        if 1 <= int(raw) <= MAX_PAGES:
            return int(raw)
    return None


class CappedPaginationMixin:
    """Page numbers 1 to MAX_PAGES; deeper reading goes through the date archives.

    Fetching one row more than a page tells whether a next page exists, so no
    COUNT(*) runs, and the OFFSET never exceeds MAX_PAGES pages.
    """

    paginate_by = 20
    page_problem = False

    def leads_with_story(self, page):
        """Whether the page's first article is shown as the lead story."""
        return False

    def page_rows(self, queryset, start, stop):
        return list(queryset[start:stop])

    def paginate_queryset(self, queryset, page_size):
        number = served_page_number(self.request.GET.get("page", "1"))
        if number is None:
            self.page_problem = True
            return None, None, [], False
        start = (number - 1) * page_size
        rows = self.page_rows(queryset, start, start + page_size + 1)
        if number > 1 and not rows:
            self.page_problem = True
        page = CappedPage(number, rows[:page_size], len(rows) > page_size)
        return None, page, page.object_list, page.has_other_pages()

    def older_filters(self):
        """Return the article list's filters that select this list's articles."""
        return {}

    def older_articles_url(self, page):
        """Return where reading goes on after the last page: the article list,
        filtered as this list is, from the day of the last article shown."""
        day = timezone.localtime(page.object_list[-1].published_at).date()
        query = {**self.older_filters(), "date_to": day.isoformat()}
        return f"{reverse('articles:index')}?{urlencode(query)}"

    def shows_only_its_articles(self):
        """Whether the page shows nothing but the structure and the articles
        it lists, and which articles it lists changes only with the lists
        (list_tags()) or as page_recheck() tells
        (newsroom.pagecache.depends_only_on)."""
        return True

    def list_tags(self):
        """Return the lists (articles.signals) whose changes alone can change
        which articles this page lists, or None for any list."""
        return None

    def page_recheck(self):
        """Return what tells, after a change, whether the page still lists
        the same articles (newsroom.pagecache.depends_only_on), or None."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.shows_only_its_articles():
            pagecache.depends_only_on(
                self.request,
                [page_tag(a.pk) for a in context["object_list"]],
                lists=self.list_tags(),
                recheck=self.page_recheck(),
            )
        context.update(page_problem=self.page_problem, max_pages=MAX_PAGES)
        page = context["page_obj"]
        if page is not None and page.continues_in_archive:
            context["older_articles_url"] = self.older_articles_url(page)
        lead = page is not None and self.leads_with_story(page)
        context["article_items"] = fragments.article_items(
            context["object_list"], lead_first=lead
        )
        return context

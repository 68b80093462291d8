"""List items (templates/includes/article_item.html), rendered in Python.

A list page shows twenty-odd items; through the template engine each cost
about as much as plain Django's whole list page (a profile of an uncached
list put 65% of the request in them). Here an item is a few string joins
over plain values: the article's own fields, its desk's name and slug, its
bylines' names and slugs (two queries of tuples for the whole page) and its
first photo. The template stays the specification: a test renders both for
every kind of item and requires the same HTML.
"""

import functools
import html
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import ArticleCorrespondent, ArticleImage, ArticleReporter
from articles.templatetags.news import (
    local_date_text,
    local_machine_time,
    size_attributes,
)
from readersite.prepared import PreparedQuery
from readersite.routes import route

# What an item shows of the article row, as Article.objects.only() takes it.
ITEM_FIELDS = (
    "pk",
    "headline",
    "kicker",
    "subheadline",
    "summary",
    "published_at",
    "created_at",
    "updated_at",
    "department__name",
    "department__slug",
)
# What reverse() leaves unquoted in a URL's arguments (django.urls.resolvers).
URL_SAFE = "!$&'()*+,;=/~:@"
SENTINEL = "0slug0"
DATE_PARTS = ("year", "month", "day", "pk")
DATE_FORMATS = ("%Y", "%m", "%d")
SENTINELS = (1234567, 2345678, 3456789, 4567891)


def escape(value):
    return html.escape(str(value))


@functools.lru_cache(maxsize=16)
def link_patterns(prefix, urlconf):
    """Return the article URL's format and the desk and people URLs' parts
    around the slug, for the script prefix and URLconf (routes.route())."""
    detail = route("articles:detail", **dict(zip(DATE_PARTS, SENTINELS, strict=True)))
    for index, sentinel in enumerate(SENTINELS):
        part = "{1}" if index == 3 else f"{{0:{DATE_FORMATS[index]}}}"
        detail = detail.replace(str(sentinel), part)
    people = {
        name: tuple(route(f"people:{name}", slug=SENTINEL).split(SENTINEL))
        for name in ("department", "reporter", "correspondent")
    }
    return detail, people


@functools.lru_cache(maxsize=4096)
def quoted_slug(slug):
    """A slug as reverse() puts it in a URL: a desk's or person's is quoted on
    every page that links them."""
    return quote(slug, safe=URL_SAFE)


class Links:
    """The URLs of articles, desks and people, by the URL patterns' own shape:
    reversed once per kind (readersite.routes), then formatted per item."""

    def __init__(self):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        self.article, self.people = link_patterns(get_script_prefix(), urlconf)
        self.zone = timezone.get_current_timezone()
        self.found = {}

    def local(self, moment):
        return moment.astimezone(self.zone)

    def article_url(self, row):
        return self.article_url_of(row["pk"], row["published_at"] or row["created_at"])

    def article_url_of(self, pk, moment):
        """Return Article.get_absolute_url() of article pk, published (else
        created) at moment."""
        moment = moment or timezone.now()
        return self.article.format(self.local(moment).date(), pk)

    def person_path(self, kind, slug):
        """Return the URL of a desk or person, as get_absolute_url() does."""
        before, after = self.people[kind]
        return f"{before}{quoted_slug(slug)}{after}"

    def person_url(self, kind, slug):
        """Return the escaped URL of a desk or person (each once per page)."""
        url = self.found.get((kind, slug))
        if url is None:
            url = self.found[kind, slug] = escape(self.person_path(kind, slug))
        return url


def plain_rows(queryset):
    """Return queryset's articles as named tuples of the item fields: what a
    list renders its items from, without building model instances."""
    return queryset.values_list(*ITEM_FIELDS, named=True)


def rows_of(articles):
    """Return {pk: row dict} of articles: from plain_rows() or instances when
    they hold every item field, else in one query."""
    from articles.models import Article

    rows = {}
    missing = []
    for article in articles:
        if isinstance(article, tuple):
            if set(ITEM_FIELDS) <= set(article._fields):
                rows[article.pk] = article._asdict()
            else:
                missing.append(article.pk)
            continue
        if not holds_item_fields(article):
            missing.append(article.pk)
            continue
        department = article.department if article.department_id else None
        rows[article.pk] = {
            **{f: getattr(article, f) for f in ITEM_FIELDS if "__" not in f},
            "department__name": department and department.name,
            "department__slug": department and department.slug,
        }
    if missing:
        found = Article.objects.filter(pk__in=missing).values(*ITEM_FIELDS)
        rows.update((row["pk"], row) for row in found)
    return rows


def holds_item_fields(article):
    """Whether article has its item fields and its desk loaded (no query)."""
    if article.get_deferred_fields() & set(ITEM_FIELDS):
        return False
    department = article._meta.get_field("department")
    return article.department_id is None or department.is_cached(article)


def byline_query(model, person):
    """The bylines of a page's articles: (article id, name, slug) in order."""
    return PreparedQuery(
        model,
        lambda at, ids: (
            model.objects.filter(article_id__in=ids)
            .order_by("position")
            .values_list("article_id", f"{person}__name", f"{person}__slug")
        ),
    )


BYLINES = (
    byline_query(ArticleReporter, "reporter"),
    byline_query(ArticleCorrespondent, "correspondent"),
)


def bylines_of(ids):
    """Return {pk: (reporters, correspondents)}, each a list of (name, slug)."""
    bylines = {pk: ([], []) for pk in ids}
    for index, query in enumerate(BYLINES if ids else ()):
        for article_id, name, slug in query.rows(ids):
            bylines[article_id][index].append((name, slug))
    return bylines


# The photos of a page's articles, in their order: what an item shows of one.
IMAGES = PreparedQuery(
    ArticleImage,
    lambda at, ids: (
        ArticleImage.objects.filter(article_id__in=ids)
        .order_by("position", "id")
        .values_list("pk", "article_id", "caption", "list_rendition")
    ),
)


def images_of(articles, ids):
    """Return {pk: the article's first image}, read only for the articles
    whose images were not prefetched."""
    first, unread = {}, set(ids)
    for article in articles:
        if "images" in getattr(article, "_prefetched_objects_cache", {}):
            unread.discard(article.pk)
            pictures = list(article.images.all())
            if pictures:
                first[article.pk] = pictures[0]
    if unread:
        for pk, article_id, caption, rendition in IMAGES.rows(sorted(unread)):
            if article_id not in first:
                first[article_id] = ArticleImage(
                    pk=pk,
                    article_id=article_id,
                    caption=caption,
                    list_rendition=rendition,
                )
    return first


def byline_html(links, reporters, correspondents):
    parts = []
    for role, kind, people in (
        ("记者", "reporter", reporters),
        ("通讯员", "correspondent", correspondents),
    ):
        if people:
            names = "".join(
                f' <a href="{links.person_url(kind, slug)}">{escape(name)}</a>'
                for name, slug in people
            )
            parts.append(
                f'<span class="byline-group"><span class="byline-role">{role}'
                f"</span>{names}</span>"
            )
    return "".join(parts)


def image_html(url, article, image):
    if image is None or not image.list_rendition:
        return ""
    rendition = image.list_rendition
    return (
        f'<a class="story-media" href="{url}" tabindex="-1">'
        f'<img src="{escape(rendition.url)}" {size_attributes(rendition)} '
        f'alt="{escape(image.caption or article["headline"])}" loading="lazy" '
        'decoding="async"></a>\n'
    )


def optional(css_class, value):
    return f'<p class="{css_class}">{escape(value)}</p>\n' if value else ""


def time_html(links, published):
    """The <time> of an item, as the filters machine_time and zh_datetime
    write it (the moment converted to local time once)."""
    if published is None:
        return '<time datetime=""></time>'
    moment = links.local(published)
    return (
        f'<time datetime="{local_machine_time(moment)}">'
        f"{local_date_text(moment)} {moment:%H:%M}</time>"
    )


def item_html(links, row, bylines, image, lead):
    url = escape(links.article_url(row))
    section = ""
    if row["department__slug"] is not None:
        desk_url = links.person_url("department", row["department__slug"])
        section = (
            f'<a class="story-section" href="{desk_url}">'
            f"{escape(row['department__name'])}</a> "
        )
    return (
        f'<article class="story{" story-lead" if lead else ""}">\n'
        f"{image_html(url, row, image)}"
        '<div class="story-text">\n'
        f"{optional('story-kicker', row['kicker'])}"
        f'<h2 class="story-headline"><a href="{url}">'
        f"{escape(row['headline'])}</a></h2>\n"
        f"{optional('story-subheadline', row['subheadline'])}"
        f"{optional('story-summary', row['summary'])}"
        f'<p class="story-meta">{section}{time_html(links, row["published_at"])} '
        # byline.html ends with a newline, like every template file.
        f"{byline_html(links, *bylines)}\n</p>\n</div>\n</article>\n"
    )


def render(articles, lead_pk=None):
    """Return {pk: item HTML} of articles (instances; see rows_of)."""
    rows = rows_of(articles)
    ids = list(rows)
    bylines = bylines_of(ids)
    images = images_of(articles, ids)
    links = Links()
    # Safe: item_html() escapes every value it puts in the HTML, as the
    # template's autoescaping would (tests/test_readersite_items.py renders
    # hostile text both ways).
    return {
        pk: mark_safe(item_html(links, row, bylines[pk], images.get(pk), pk == lead_pk))
        for pk, row in rows.items()
    }

"""RSS 2.0 and Atom feeds: the whole site, one desk, one reporter or correspondent."""

import unicodedata

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article, public_desks, with_published_article
from articles.signals import page_tag
from editorial import corrections
from newsroom import pagecache
from people.models import Correspondent, Reporter
from readersite.pages import absolute_url, get_by_slug_or_404, public_cache

FEED_LENGTH = 30


def xml_text(text):
    """Drop control characters, which XML 1.0 cannot carry, keeping line breaks."""
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    )


class LatestArticlesFeed(Feed):
    language = "zh-cn"
    route = "articles:feed"

    def __call__(self, request, *args, **kwargs):
        return public_cache(super().__call__)(request, *args, **kwargs)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Its newest articles and their content: which ones they are may
        # change with any list (newsroom.pagecache).
        shown = [page_tag(item["article_pk"]) for item in feed.items]
        pagecache.depends_only_on(request, shown)
        return feed

    def item_extra_kwargs(self, item):
        return {"article_pk": item.pk}

    def plain(self, text):
        """Return plain text for a title, name or category of the feed.

        RSS readers commonly render these as HTML: markup in a headline or a
        name would run, so it is escaped once more than XML needs. Atom says
        they are text (type="text"), and its readers show them as given.
        """
        text = xml_text(text)
        return text if issubclass(self.feed_type, Atom1Feed) else escape(text)

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return f"{settings.SITE_NAME}最新稿件"

    def author_name(self, obj):
        # Atom requires an author for every entry: the paper is the author
        # of the feed, and so of every entry with no byline of its own.
        return self.plain(settings.SITE_NAME)

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return absolute_url(reverse("articles:index"))

    def feed_url(self, obj):
        return absolute_url(reverse(self.route, args=self.route_args(obj)))

    def route_args(self, obj):
        return []

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = self.articles(obj).with_bylines()
        return corrections.with_published_corrections(articles)[:FEED_LENGTH]

    def item_title(self, item):
        return self.plain(item.headline)

    def item_description(self, item):
        # Readers take an RSS description or Atom summary (type="html") as
        # HTML, so the plain-text summary is escaped once more for them.
        # A corrected article says so first; its updated date (Atom) is the
        # correction's.
        notes = [f"【更正】{c.text}" for c in item.published_corrections]
        return escape(xml_text("\n".join([*notes, item.summary])))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        names = [p.name for p in item.ordered_reporters + item.ordered_correspondents]
        return self.plain("、".join(names)) or None

    def item_categories(self, item):
        return [self.plain(item.department.name)] if item.department else []


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    route = "articles:feed_atom"


class DepartmentFeed(LatestArticlesFeed):
    route = "articles:department_feed"

    def get_object(self, request, slug):
        return get_by_slug_or_404(public_desks(), slug)

    def title(self, obj):
        return self.plain(f"{settings.SITE_NAME} · {obj.name}")

    def description(self, obj):
        return self.plain(f"{settings.SITE_NAME}{obj.name}最新稿件")

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def route_args(self, obj):
        return [obj.slug]

    def articles(self, obj):
        return Article.objects.published().in_department(obj)


class ReporterFeed(DepartmentFeed):
    route = "articles:reporter_feed"

    def get_object(self, request, slug):
        public = with_published_article(Reporter.objects.all(), "reporters")
        return get_by_slug_or_404(public, slug)

    def description(self, obj):
        return self.plain(f"{settings.SITE_NAME}记者{obj.name}的稿件")

    def articles(self, obj):
        return Article.objects.published().by_reporter(obj)


class CorrespondentFeed(DepartmentFeed):
    route = "articles:correspondent_feed"

    def get_object(self, request, slug):
        public = with_published_article(Correspondent.objects.all(), "correspondents")
        return get_by_slug_or_404(public, slug)

    def description(self, obj):
        return self.plain(f"{settings.SITE_NAME}通讯员{obj.name}参与的稿件")

    def articles(self, obj):
        return Article.objects.published().by_correspondent(obj)

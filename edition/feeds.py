"""An RSS feed per issue: its articles in print order, page by page."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.feeds import LatestArticlesFeed
from articles.models import Article
from edition.models import Issue, public_placements
from edition.views import issue_date
from editorial import corrections
from readersite.pages import absolute_url


class IssueFeed(LatestArticlesFeed):
    route = "edition:issue_feed"

    def get_object(self, request, date):
        return get_object_or_404(Issue.objects.public(), date=issue_date(date))

    def title(self, obj):
        return self.plain(f"{settings.SITE_NAME} · {obj} 数字报")

    def description(self, obj):
        return self.plain(f"{settings.SITE_NAME}{obj}各版稿件")

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def route_args(self, obj):
        return [obj.date.isoformat()]

    def items(self, obj):
        placed = public_placements().filter(page__issue=obj, is_primary=True)
        ids = list(
            placed.order_by("page__sort_key", "order", "pk").values_list(
                "article_id", flat=True
            )
        )
        articles = Article.objects.filter(pk__in=ids).with_bylines()
        rows = corrections.with_published_corrections(articles).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]

"""Lists of headlines rendered in Python (readersite.headlines) are the
template's HTML, and link to their articles."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from readersite.headlines import headline_list_html, headlines
from tests.factories import make_article

HOSTILE = "<script>alert('x')</script> & \"引号\""
FIELDS = ("pk", "headline", "published_at", "created_at")


class HeadlineListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(headline="航空港召开会议")
        make_article(headline=HOSTILE)
        # Published a minute after local midnight: the UTC date is the day before.
        midnight = timezone.localtime().replace(hour=0, minute=1) - timedelta(days=2)
        make_article(headline="凌晨稿件", published_at=midnight)
        make_article(headline="草稿", status=Article.Status.DRAFT, published_at=None)

    def rows(self):
        return headlines(Article.objects.order_by("pk").values_list(*FIELDS))

    def test_every_list_renders_as_the_template_does(self):
        for name, articles in (("articles", self.rows()), ("none", [])):
            for dated in (False, True):
                with self.subTest(articles=name, dated=dated):
                    context = {"articles": articles, "dated": dated}
                    self.assertEqual(
                        headline_list_html(articles, dated),
                        render_to_string("includes/headline_list.html", context),
                    )

    def test_headlines_link_to_their_articles(self):
        for headline in self.rows():
            with self.subTest(headline.headline):
                article = Article.objects.get(pk=headline.pk)
                self.assertEqual(headline.url, article.get_absolute_url())

    def test_headlines_are_escaped(self):
        html = headline_list_html(self.rows(), dated=True)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

"""The article page's pieces rendered in Python (articles.article_html) are
their templates' HTML."""

from django.template.loader import render_to_string
from django.test import TestCase

from articles import article_html, article_page
from articles.models import Article
from readersite.items import Links
from tests.factories import (
    make_article,
    make_correspondent,
    make_reporter,
)

HOSTILE = "<script>alert('x')</script> & \"引号\""


def neighbour(article):
    return article_page.Neighbour(
        article.pk,
        article.headline,
        article.published_at,
        article.updated_at,
    )


class ArticleHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        reporters = [make_reporter(name="王军方"), make_reporter(name=HOSTILE)]
        correspondents = [make_correspondent(name="吴彦庆", slug="吴 彦庆?x=1")]
        cls.articles = {
            "nobody": make_article(),
            "reporters only": make_article(reporters=reporters),
            "correspondents only": make_article(correspondents=correspondents),
            "both": make_article(
                reporters=reporters[::-1], correspondents=correspondents
            ),
            "hostile headline": make_article(headline=HOSTILE),
            "draft without a date": make_article(
                status=Article.Status.DRAFT, published_at=None
            ),
        }

    def test_every_byline_renders_as_the_template_does(self):
        links = Links()
        for name, article in self.articles.items():
            with self.subTest(article=name):
                loaded = Article.objects.with_bylines().get(pk=article.pk)
                expected = render_to_string("includes/byline.html", {"article": loaded})
                parts = article_page.load_parts(Article.objects.get(pk=article.pk))
                self.assertEqual(article_html.byline(links, parts.people), expected)

    def test_every_kind_of_neighbour_links_renders_as_the_template_does(self):
        links = Links()
        a, b, c = (self.articles[k] for k in ("both", "hostile headline", "nobody"))
        cases = {
            "none": (None, None, []),
            "previous only": (a, None, []),
            "next only": (None, b, []),
            "both and related": (a, b, [c, b, a]),
            "related only": (None, None, [b]),
        }
        for name, (previous, following, related) in cases.items():
            with self.subTest(case=name):
                expected = render_to_string(
                    "articles/includes/article_links.html",
                    {
                        "previous_article": previous,
                        "next_article": following,
                        "related_articles": related,
                    },
                )
                rendered = article_html.neighbour_links(
                    links,
                    previous and neighbour(previous),
                    following and neighbour(following),
                    [neighbour(r) for r in related],
                )
                self.assertEqual(rendered, expected)

    def test_article_url_is_get_absolute_url(self):
        links = Links()
        published = Article.objects.published()
        for name, article in self.articles.items():
            if not published.filter(pk=article.pk).exists():
                continue
            with self.subTest(article=name):
                self.assertEqual(
                    article_html.article_url(links, neighbour(article)),
                    article.get_absolute_url(),
                )

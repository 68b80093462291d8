"""List items rendered in Python (readersite.items) are the template's HTML."""

from datetime import timedelta

from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleImage
from readersite import items
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)
from tests.test_articles_views import picture_file

HOSTILE = "<script>alert('x')</script> & \"引号\""


class ItemHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_department(name="要闻部")
        odd_desk = make_department(name=HOSTILE, slug="a&b'c d")
        reporters = [make_reporter(name="王军方"), make_reporter(name=HOSTILE)]
        correspondent = make_correspondent(name="吴彦庆", slug="吴 彦庆?x=1")
        cls.articles = {
            "plain": make_article(department=desk),
            "everything": make_article(
                kicker="引题",
                subheadline="副题",
                summary="摘要",
                department=desk,
                reporters=reporters,
                correspondents=[correspondent],
            ),
            "no desk, no summary": make_article(body="", summary=""),
            "hostile text": make_article(
                headline=HOSTILE,
                kicker=HOSTILE,
                subheadline=HOSTILE,
                summary=HOSTILE,
                department=odd_desk,
                reporters=reporters[1:],
            ),
            "draft without a date": make_article(
                status=Article.Status.DRAFT, published_at=None
            ),
            "scheduled": make_article(
                published_at=timezone.now() + timedelta(days=3),
                correspondents=[correspondent],
            ),
        }
        pictured = make_article(headline="有图", department=desk)
        ArticleImage.objects.create(
            article=pictured, image=picture_file(), caption=HOSTILE
        )
        uncaptioned = make_article(headline="无说明")
        ArticleImage.objects.create(article=uncaptioned, image=picture_file())
        cls.articles.update(pictured=pictured, uncaptioned=uncaptioned)

    def template_html(self, article, lead):
        article = Article.objects.with_bylines().get(pk=article.pk)
        context = {"article": article, "lead": lead}
        return render_to_string("includes/article_item.html", context)

    def test_every_kind_of_item_renders_as_the_template_does(self):
        for name, article in self.articles.items():
            for lead in (False, True):
                with self.subTest(item=name, lead=lead):
                    rendered = items.render([article], article.pk if lead else None)
                    self.assertEqual(
                        rendered[article.pk], self.template_html(article, lead)
                    )

    def test_rows_from_loaded_instances_render_as_rows_read_by_id(self):
        ids = [a.pk for a in self.articles.values()]
        loaded = list(
            Article.objects.filter(pk__in=ids)
            .select_related("department")
            .only(*items.ITEM_FIELDS)
        )
        deferred = list(Article.objects.filter(pk__in=ids).only("id", "updated_at"))
        self.assertEqual(items.render(loaded), items.render(deferred))

    def test_plain_rows_render_as_instances_do_without_a_query_for_their_fields(self):
        ids = [a.pk for a in self.articles.values()]
        rows = list(items.plain_rows(Article.objects.filter(pk__in=ids)))
        instances = list(Article.objects.filter(pk__in=ids))
        with CaptureQueriesContext(connection) as captured:
            rendered = items.render(rows)
        # Bylines (reporters, correspondents) and photos; no article rows.
        self.assertEqual(len(captured), 3)
        self.assertEqual(rendered, items.render(instances))

    def test_a_page_of_items_takes_the_same_queries_whatever_its_length(self):
        def queries(articles):
            with CaptureQueriesContext(connection) as captured:
                items.render(articles)
            return len(captured)

        articles = list(self.articles.values())
        self.assertEqual(queries(articles[:1]), queries(articles))

    def test_person_paths_are_get_absolute_url_and_person_urls_escape_them(self):
        correspondent = make_correspondent(name="吴", slug="a&b'c d")
        links = items.Links()
        path = links.person_path("correspondent", correspondent.slug)
        self.assertEqual(path, correspondent.get_absolute_url())
        self.assertEqual(
            links.person_url("correspondent", correspondent.slug), items.escape(path)
        )

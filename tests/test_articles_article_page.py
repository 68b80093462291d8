"""What the article page reads beside the article (articles.article_page)."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import article_page
from articles.models import Article, ArticleImage
from editorial.corrections import Correction
from editorial.reviews import ArticleReview
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_page,
    make_reporter,
    make_user,
)
from tests.test_articles_views import picture_file


class ArticlePartsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            department=make_department(),
            reporters=[make_reporter(name="甲"), make_reporter(name="乙")],
            correspondents=[make_correspondent(name="丙")],
        )
        now = timezone.now()
        for wrong, published_at in (
            ("第二条", now - timedelta(hours=1)),
            ("第一条", now - timedelta(hours=2)),
            ("未发布", None),
        ):
            Correction.objects.create(
                article=cls.article, wrong=wrong, right="对", published_at=published_at
            )
        editor = make_user(first_name="军", last_name="王")
        ArticleReview.objects.create(article=cls.article, responsible_editor=editor)

    def parts(self):
        return article_page.load_parts(Article.objects.get(pk=self.article.pk))

    def test_people_come_in_byline_order_reporters_first(self):
        people = [(p.kind, p.name) for p in self.parts().people]
        self.assertEqual(
            people, [("reporter", "甲"), ("reporter", "乙"), ("correspondent", "丙")]
        )

    def test_only_published_corrections_show_oldest_first(self):
        wrong = [c.wrong for c in self.parts().published_corrections]
        self.assertEqual(wrong, ["第一条", "第二条"])

    def test_corrections_read_with_the_bylines_print_as_the_model_does(self):
        for correction in self.parts().published_corrections:
            stored = Correction.objects.get(pk=correction.pk)
            self.assertEqual(correction.text, stored.text)

    def test_responsible_editor_is_named_family_name_first(self):
        self.assertEqual(self.parts().responsible_editor_name, "王军")

    @override_settings(SHOW_RESPONSIBLE_EDITOR=False)
    def test_responsible_editor_is_not_read_when_the_paper_hides_it(self):
        self.assertEqual(self.parts().responsible_editor_name, "")

    def test_parts_take_as_many_queries_for_a_bare_article_as_for_a_full_one(self):
        def queries(article):
            article = Article.objects.get(pk=article.pk)
            with CaptureQueriesContext(connection) as captured:
                article_page.load_parts(article)
            return len(captured)

        ArticleImage.objects.create(article=self.article, image=picture_file())
        self.assertEqual(queries(make_article()), queries(self.article))

    def test_hints_give_the_same_parts_with_fewer_queries_when_there_are_none(self):
        def parts(article, hints):
            articles = Article.objects.filter(pk=article.pk)
            if hints:
                articles = article_page.with_hints(articles)
            loaded = articles.get()
            with CaptureQueriesContext(connection) as captured:
                article_page.load_parts(loaded)
            shown = (
                loaded.people,
                [c.text for c in loaded.published_corrections],
                loaded.responsible_editor_name,
                loaded.photos,
                loaded.printed,
            )
            return shown, len(captured)

        ArticleImage.objects.create(article=self.article, image=picture_file())
        make_page(articles=Article.objects.filter(pk=self.article.pk))
        full, full_queries = parts(self.article, hints=True)
        self.assertEqual(full, parts(self.article, hints=False)[0])
        self.assertTrue(all(full))
        bare = make_article()
        shown, bare_queries = parts(bare, hints=True)
        self.assertEqual(shown, parts(bare, hints=False)[0])
        self.assertEqual((bare_queries, full_queries), (0, 6))

    def test_an_unpublished_correction_is_no_hint(self):
        article = make_article()
        Correction.objects.create(article=article, wrong="错", right="对")
        hinted = article_page.with_hints(Article.objects.filter(pk=article.pk)).get()
        self.assertIs(hinted.has_corrections, False)

    def test_photos_keep_their_order(self):
        second = ArticleImage.objects.create(
            article=self.article, image=picture_file(), position=2
        )
        first = ArticleImage.objects.create(
            article=self.article, image=picture_file(), position=1
        )
        self.assertEqual(self.parts().photos, [first, second])

"""What the article page reads beside the article (articles.article_page)."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.db.models import Q
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import article_page
from articles.models import Article, ArticleImage, ImportBatch
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
        # Reporters and correspondents are read in one statement.
        self.assertEqual((bare_queries, full_queries), (0, 5))

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


def plain_previous(article):
    """The article before article, as published() and the page's order say."""
    at, pk = article.published_at, article.pk
    older = Article.objects.published().filter(
        Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk)
    )
    return older.order_by("-published_at", "-pk").first()


def plain_next(article):
    at, pk = article.published_at, article.pk
    newer = Article.objects.published().filter(
        Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk)
    )
    return newer.order_by("published_at", "pk").first()


def plain_related(article):
    reporters = article.reporters.all()
    if not (article.department_id or reporters):
        return []
    shared = Q(department_id=article.department_id) | Q(
        pk__in=Article.objects.filter(reporters__in=reporters).values("pk")
    )
    related = Article.objects.published().filter(shared).exclude(pk=article.pk)
    return list(related[: article_page.RELATED_COUNT])


def neighbour(article):
    if article is None:
        return None
    return article_page.Neighbour(
        article.pk, article.headline, article.published_at, article.updated_at
    )


class PreparedNeighboursTests(TestCase):
    """Previous, next and related, compiled once, are what published() gives
    for every article."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        desk, other_desk = make_department(), make_department()
        first, second = make_reporter(), make_reporter()
        moment = now - timedelta(hours=3)
        cls.articles = [
            # Four at the same moment, across desks: their order is by id.
            make_article(department=desk, reporters=[first], published_at=moment),
            make_article(department=other_desk, published_at=moment),
            make_article(reporters=[first, second], published_at=moment),
            make_article(department=desk, published_at=moment),
            make_article(department=desk, published_at=now - timedelta(hours=5)),
            make_article(reporters=[second], published_at=now - timedelta(hours=2)),
            make_article(published_at=now - timedelta(hours=4)),
            make_article(department=other_desk, reporters=[first, second]),
        ]
        cls.soon = now + timedelta(hours=1)
        cls.scheduled = [
            make_article(department=desk, reporters=[first], published_at=cls.soon),
            make_article(reporters=[second], published_at=cls.soon),
        ]
        make_article(department=desk, reporters=[first], status=Article.Status.DRAFT)

    def page_neighbours(self, article):
        article = article_page.load_parts(Article.objects.get(pk=article.pk))
        return (
            article_page.previous_article(article),
            article_page.next_article(article),
            article_page.related_articles(article),
        )

    def plain_neighbours(self, article):
        return (
            neighbour(plain_previous(article)),
            neighbour(plain_next(article)),
            [neighbour(a) for a in plain_related(article)],
        )

    def test_each_article_gets_the_neighbours_published_gives(self):
        for article in self.articles:
            with self.subTest(article=article.pk):
                found = self.page_neighbours(article)
                self.assertEqual(found, self.plain_neighbours(article))

    def test_scheduled_articles_are_never_neighbours(self):
        scheduled = {a.pk for a in self.scheduled}
        for article in self.articles:
            previous, next_, related = self.page_neighbours(article)
            shown = {a.pk for a in [previous, next_, *related] if a}
            self.assertFalse(shown & scheduled, article.pk)

    def test_a_scheduled_article_is_a_neighbour_once_its_moment_has_come(self):
        self.page_neighbours(self.articles[0])
        later = self.soon + timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            for article in self.articles:
                with self.subTest(article=article.pk):
                    found = self.page_neighbours(article)
                    self.assertEqual(found, self.plain_neighbours(article))
            latest = self.page_neighbours(self.articles[-1])
        self.assertEqual(latest[1].pk, self.scheduled[0].pk)

    def test_one_statement_reads_the_same_neighbours(self):
        for article in self.articles:
            with self.subTest(article=article.pk):
                article = article_page.load_parts(Article.objects.get(pk=article.pk))
                with self.assertNumQueries(1):
                    found = article_page.neighbours(article)
                self.assertEqual(found, self.plain_neighbours(article))

    def test_one_statement_sees_a_scheduled_article_once_its_moment_has_come(self):
        later = self.soon + timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            for article in self.articles:
                with self.subTest(article=article.pk):
                    article = article_page.load_parts(
                        Article.objects.get(pk=article.pk)
                    )
                    found = article_page.neighbours(article)
                    self.assertEqual(found, self.plain_neighbours(article))

    def test_an_article_without_desk_or_reporters_has_no_related(self):
        self.assertEqual(self.page_neighbours(self.articles[6])[2], [])

    def test_neighbours_take_one_query_each(self):
        self.page_neighbours(self.articles[0])
        article = article_page.load_parts(Article.objects.get(pk=self.articles[2].pk))
        with self.assertNumQueries(3):
            article_page.previous_article(article)
            article_page.next_article(article)
            article_page.related_articles(article)


class PublishedArticleTests(TestCase):
    """The article page's own statement, compiled once, reads what the ORM
    reads with select_related("department", "import_batch") and with_hints()."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        batch = ImportBatch.objects.create(
            file_name="a1.txt",
            sha256="0" * 64,
            encoding="utf-8",
            issue_date=now.date(),
            page="A1",
            page_name="要闻",
        )
        cls.full = make_article(
            department=make_department(),
            reporters=[make_reporter()],
            correspondents=[make_correspondent()],
            import_batch=batch,
            kicker="引题",
            subheadline="副题",
            editor_note="编者按",
        )
        make_page(articles=[cls.full])
        Correction.objects.create(
            article=cls.full, wrong="错", right="对", published_at=now
        )
        cls.bare = make_article(published_at=now - timedelta(days=400))
        cls.draft = make_article(status=Article.Status.DRAFT)
        cls.scheduled = make_article(published_at=now + timedelta(hours=1))
        cls.newest = make_article(published_at=now - timedelta(minutes=1))

    def orm_article(self, article):
        articles = Article.objects.select_related("department", "import_batch")
        return article_page.with_hints(articles).get(pk=article.pk)

    def assert_same_instance(self, found, expected):
        self.assertIsInstance(found, Article)
        self.assertFalse(found._state.adding)
        for field in Article._meta.concrete_fields:
            self.assertEqual(
                getattr(found, field.attname), getattr(expected, field.attname), field
            )
        for hint in article_page.HINTS:
            self.assertIs(getattr(found, hint), getattr(expected, hint), hint)
        for name, columns in (
            ("department", article_page.DESK_COLUMNS),
            ("import_batch", article_page.BATCH_COLUMNS),
        ):
            related, expected_related = getattr(found, name), getattr(expected, name)
            if expected_related is None:
                self.assertIsNone(related)
                continue
            for column in columns:
                self.assertEqual(
                    getattr(related, column),
                    getattr(expected_related, column),
                    f"{name}.{column}",
                )
            all_columns = {f.attname for f in type(related)._meta.concrete_fields}
            self.assertEqual(related.get_deferred_fields(), all_columns - set(columns))

    def test_a_published_article_reads_as_the_orm_reads_it(self):
        for article in (self.full, self.bare, self.newest):
            with self.subTest(article=article.headline):
                with self.assertNumQueries(1):
                    found = article_page.published_article(article.pk)
                    found.department, found.import_batch  # noqa: B018
                self.assert_same_instance(found, self.orm_article(article))

    def test_the_full_article_has_every_hint_the_bare_none(self):
        full = article_page.published_article(self.full.pk)
        bare = article_page.published_article(self.bare.pk)
        hints = ("has_reporters", "has_correspondents", "has_placements")
        self.assertTrue(all(getattr(full, hint) for hint in hints))
        self.assertTrue(full.has_corrections)
        self.assertFalse(any(getattr(bare, hint) for hint in article_page.HINTS))

    def test_drafts_scheduled_missing_and_impossible_ids_are_not_found(self):
        for pk in (self.draft.pk, self.scheduled.pk, 10**9, 2**63, 2**70):
            with self.subTest(pk=pk):
                self.assertIsNone(article_page.published_article(pk))

    def test_a_scheduled_article_is_found_once_its_moment_has_come(self):
        later = self.scheduled.published_at + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            found = article_page.published_article(self.scheduled.pk)
        self.assertEqual(found.pk, self.scheduled.pk)
        self.assertEqual(found.newest_publication, self.scheduled.published_at)

    def test_newest_publication_is_the_newest_public_article(self):
        found = article_page.published_article(self.bare.pk)
        self.assertEqual(found.newest_publication, self.newest.published_at)


class BylineTests(TestCase):
    def test_people_keep_byline_order_whether_read_together_or_apart(self):
        reporters = [make_reporter(name=name) for name in "丁丙乙甲"]
        correspondents = [make_correspondent(name=name) for name in "戊己"]
        for kinds in (
            (reporters, correspondents),
            (reporters, []),
            ([], correspondents),
        ):
            with self.subTest(kinds=[len(k) for k in kinds]):
                article = make_article(reporters=kinds[0], correspondents=kinds[1])
                hinted = article_page.with_hints(Article.objects.filter(pk=article.pk))
                people = article_page.people_of(hinted.get())
                expected = [("reporter", p.name) for p in kinds[0]]
                expected += [("correspondent", p.name) for p in kinds[1]]
                self.assertEqual([(p.kind, p.name) for p in people], expected)

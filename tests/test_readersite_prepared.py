"""Queries compiled once (readersite.prepared) return what the ORM returns."""

from datetime import datetime, timedelta
from unittest import mock, skipUnless

from django.db import connection, transaction
from django.test import SimpleTestCase, TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleReporter, public_desks
from people.models import Department
from readersite import items, navigation
from readersite.prepared import PreparedQuery, PreparedUnion
from readersite.statements import ServerPrepared
from tests.factories import make_article, make_department, make_reporter


def desks_query():
    return PreparedQuery(
        Department, lambda at, ids: public_desks(at).values_list("pk", "name")
    )


class PreparedQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="要闻部")
        cls.reporters = [make_reporter(name=f"记者{n}") for n in range(3)]
        cls.articles = [
            make_article(department=cls.desk, reporters=cls.reporters[: n % 4])
            for n in range(7)
        ]
        cls.soon = timezone.now() + timedelta(hours=1)
        cls.later_desk = make_department(name="经济新闻部")
        make_article(department=cls.later_desk, published_at=cls.soon)
        make_department(name="空部门")

    def test_rows_are_the_querysets_rows(self):
        expected = list(public_desks().values_list("pk", "name"))
        self.assertEqual(desks_query().rows(), expected)

    def test_each_run_sees_published_articles_as_of_its_own_moment(self):
        query = desks_query()
        self.assertEqual(query.rows(), [(self.desk.pk, "要闻部")])
        with mock.patch("django.utils.timezone.now", return_value=self.soon):
            self.assertEqual(
                query.rows(),
                [(self.later_desk.pk, "经济新闻部"), (self.desk.pk, "要闻部")],
            )

    def test_each_number_of_ids_gets_its_own_rows(self):
        query = items.BYLINES[0]
        ids = [a.pk for a in self.articles]
        for count in (1, 2, 5, 7):
            with self.subTest(count=count):
                expected = list(
                    ArticleReporter.objects.filter(article_id__in=ids[:count])
                    .order_by("position")
                    .values_list("article_id", "reporter__name", "reporter__slug")
                )
                self.assertEqual(query.rows(ids[:count]), expected)

    def test_a_run_is_one_query(self):
        query = desks_query()
        query.rows()
        with self.assertNumQueries(1):
            query.rows()

    def test_the_menu_is_the_public_desks(self):
        links = navigation.navigation_links()
        desks = list(public_desks())
        self.assertEqual([d.pk for d in links], [d.pk for d in desks])
        self.assertEqual(
            [d.get_absolute_url() for d in links],
            [d.get_absolute_url() for d in desks],
        )

    def test_moments_are_values_of_each_run(self):
        query = PreparedQuery(
            Article,
            lambda at, ids, since: (
                Article.objects.published(at)
                .filter(published_at__gte=since)
                .values_list("pk")
            ),
        )
        for article in self.articles[:3]:
            with self.subTest(article=article.pk):
                since = article.published_at
                expected = Article.objects.published().filter(published_at__gte=since)
                self.assertEqual(
                    query.rows(moments=[since]),
                    list(expected.values_list("pk")),
                )

    def test_rows_are_converted_as_values_list_converts_them(self):
        fields = ("pk", "article__published_at", "reporter__is_active")

        def bylines(ids):
            found = ArticleReporter.objects.filter(article_id__in=ids)
            return found.order_by("pk").values_list(*fields)

        query = PreparedQuery(ArticleReporter, lambda at, ids: bylines(ids))
        ids = [a.pk for a in self.articles]
        expected = list(bylines(ids))
        rows = query.rows(ids)
        self.assertEqual(rows, list(expected))
        # 1 == True: the types tell a converted boolean from SQLite's integer.
        self.assertEqual(
            [[type(v) for v in row] for row in rows],
            [[type(v) for v in row] for row in expected],
        )

    def test_a_query_that_drops_a_moment_is_refused(self):
        query = PreparedQuery(
            Article,
            lambda at, ids, since: Article.objects.published(at).values_list("pk"),
        )
        with self.assertRaises(ValueError):
            query.rows(moments=[timezone.now()])

    def test_a_query_that_drops_an_id_is_refused(self):
        query = PreparedQuery(
            Article, lambda at, ids: Article.objects.published(at).values_list("pk")
        )
        with self.assertRaises(ValueError):
            query.rows([self.articles[0].pk])


class PreparedUnionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="要闻部")
        cls.reporter = make_reporter(name="王军")
        cls.articles = [
            make_article(department=cls.desk, reporters=[cls.reporter][: n % 2])
            for n in range(5)
        ]

    def by_desk(self, at, ids, *_):
        found = Article.objects.published(at).filter(department_id=ids[0])
        return found.values_list("pk", "published_at")

    def by_reporter(self, at, ids, *_):
        found = Article.objects.published(at).filter(reporters__in=ids[1:])
        return found.values_list("pk", "published_at")

    def test_each_querys_rows_come_apart_converted(self):
        union = PreparedUnion(
            PreparedQuery(Article, self.by_desk),
            PreparedQuery(Article, self.by_reporter),
        )
        ids = [self.desk.pk, self.reporter.pk]
        with self.assertNumQueries(1):
            desk_rows, reporter_rows = union.rows(ids)
        self.assertEqual(sorted(desk_rows), sorted(self.by_desk(None, ids)))
        self.assertEqual(sorted(reporter_rows), sorted(self.by_reporter(None, ids)))
        self.assertEqual(len(reporter_rows), 2)
        self.assertIsInstance(desk_rows[0][1], datetime)

    def test_an_id_no_query_holds_is_refused(self):
        union = PreparedUnion(
            PreparedQuery(Article, self.by_desk), PreparedQuery(Article, self.by_desk)
        )
        with self.assertRaises(ValueError):
            union.rows([self.desk.pk, self.reporter.pk])


class StatementTests(SimpleTestCase):
    SQL = "SELECT %s, '100%%', x LIKE %s FROM t WHERE y IN (%s, %s)"

    def test_postgresql_statements_are_prepared_with_numbered_parameters(self):
        statement = ServerPrepared(self.SQL)
        self.assertEqual(
            statement.definition,
            "SELECT $1, '100%', x LIKE $2 FROM t WHERE y IN ($3, $4)",
        )
        self.assertEqual(statement.sql, f"EXECUTE {statement.name} (%s, %s, %s, %s)")
        self.assertNotEqual(statement.name, ServerPrepared("SELECT %s").name)


@skipUnless(connection.vendor == "postgresql", "prepared on the server by PostgreSQL")
class ServerPreparedTests(TransactionTestCase):
    def prepared_count(self, statement):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE name = %s",
                [statement.name],
            )
            return cursor.fetchone()[0]

    def test_prepared_once_per_connection_and_again_after_a_reconnection(self):
        make_department(name="要闻部")
        make_article(department=Department.objects.get())
        query = desks_query()
        expected = list(public_desks().values_list("pk", "name"))
        self.assertEqual(query.rows(), expected)
        (statement, *_) = next(iter(query.compiled.values()))
        self.assertEqual(self.prepared_count(statement), 1)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(query.rows(), expected)
        # The page's one query runs the statement by name.
        self.assertEqual(len(queries), 1)
        self.assertTrue(queries[0]["sql"].startswith(f"EXECUTE {statement.name}"))
        connection.close()
        self.assertEqual(query.rows(), expected)
        self.assertEqual(self.prepared_count(statement), 1)

    def test_with_a_connection_per_request_statements_go_as_text(self):
        query = desks_query()
        settings_dict = connection.settings_dict
        with mock.patch.dict(settings_dict, {"CONN_MAX_AGE": 0}):
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(
                    query.rows(), list(public_desks().values_list("pk", "name"))
                )
        self.assertFalse(queries[0]["sql"].startswith("EXECUTE"))

    def test_a_rolled_back_transaction_keeps_the_statement(self):
        query = desks_query()
        with transaction.atomic():
            query.rows()
            transaction.set_rollback(True)
        self.assertEqual(query.rows(), list(public_desks().values_list("pk", "name")))

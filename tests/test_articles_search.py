"""Substring search for Chinese text, on SQLite and on PostgreSQL's gram index."""

import datetime
import unittest
from itertools import product
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import search, search_page
from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, clean_query
from newsroom import pagecache
from readersite.pagination import listing
from tests.factories import make_article, make_department
from tests.test_articles_views import HIDDEN, make_hidden_articles

on_postgresql = unittest.skipUnless(
    connection.vendor == "postgresql", "the gram index exists only on PostgreSQL"
)

CORPUS = [
    ("航空港实验区召开疫情防控工作会议", "", "认清形势 迅速行动，筑牢严密防线。"),
    ("法治化营商环境全市排名第一", "考评成绩出炉", "政法系统优化服务。"),
    ("组织人社局领导督导疫情防控工作", "", "核酸检测采样点。Covid-19 检测"),
    ("党工委领导督导全国文明城市创建", "突出常态长效", "COVID 疫苗加强针接种。"),
    ("Airport Zone news in English", "", "Mixed 中英 text: 100% sure_thing"),
    ("情疫倒序不应匹配", "", "疫 情 中间有空格"),
]

QUERIES = [
    "疫",  # one character
    "疫情",  # two characters, the common case
    "防控工作",  # four characters
    "营商环境全市",  # spans no field boundary, six characters
    "常态长效",  # subheadline only
    "covid",  # Latin, case-insensitive
    "COVID-19",
    "airport zone",  # with a space
    "100%",  # LIKE wildcard taken literally
    "sure_thing",
    "_",
    "形势 迅速",
    "排名第一考评",  # would only match across headline and subheadline
    "疫情防控工作会议认清",  # would only match across headline and body
    "不存在的词",
]


def icontains_reference(query):
    return set(
        Article.objects.published()
        .filter(
            Q(headline__icontains=query)
            | Q(subheadline__icontains=query)
            | Q(body__icontains=query)
        )
        .values_list("pk", flat=True)
    )


class CleanQueryTests(SimpleTestCase):
    def test_control_characters_become_spaces_and_spacing_collapses(self):
        self.assertEqual(clean_query("  疫\x00情\t防\x1f控 \n"), ("疫 情 防 控", False))

    def test_long_queries_are_cut_and_flagged(self):
        query, truncated = clean_query("疫" * 100_000)
        self.assertEqual(len(query), MAX_QUERY_LENGTH)
        self.assertIs(truncated, True)

    def test_none_and_blank_give_an_empty_query(self):
        self.assertEqual(clean_query(None), ("", False))
        self.assertEqual(clean_query("\x00 \x01"), ("", False))


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.articles = [
            make_article(headline=h, subheadline=s, body=b) for h, s, b in CORPUS
        ]
        make_hidden_articles()

    def test_results_equal_icontains_for_every_kind_of_query(self):
        for query in QUERIES:
            with self.subTest(query=query, vendor=connection.vendor):
                found = set(
                    Article.objects.published()
                    .search(query)
                    .values_list("pk", flat=True)
                )
                self.assertEqual(found, icontains_reference(query))

    def test_two_character_word_finds_every_article_containing_it(self):
        found = Article.objects.published().search("疫情")
        self.assertQuerySetEqual(
            found, [self.articles[2], self.articles[0]], ordered=False
        )

    def test_search_never_reveals_unpublished_articles(self):
        self.assertFalse(Article.objects.published().search(HIDDEN).exists())

    def test_empty_query_leaves_the_queryset_alone(self):
        self.assertEqual(
            Article.objects.published().search(" \x00 ").count(),
            Article.objects.published().count(),
        )

    def test_search_page_shows_matches_only(self):
        response = self.client.get(reverse("articles:index"), {"q": "疫情"})
        self.assertEqual(
            {a.pk for a in response.context["object_list"]},
            {self.articles[0].pk, self.articles[2].pk},
        )
        self.assertContains(response, "关键词“疫情”")
        self.assertContains(response, "noindex")
        self.assertNotContains(response, HIDDEN)


@pytest.mark.postgres
@on_postgresql
class PostgresGramIndexTests(TestCase):
    def grams(self, article):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_grams FROM articles_article WHERE id = %s", [article.pk]
            )
            return set(cursor.fetchone()[0])

    def test_insert_fills_the_grams(self):
        article = make_article(headline="疫情", subheadline="", body="防控")
        self.assertLessEqual(
            {"疫", "情", "疫情", "防", "控", "防控"}, self.grams(article)
        )

    def test_queryset_update_refreshes_the_grams(self):
        article = make_article(body="旧的正文")
        Article.objects.filter(pk=article.pk).update(body="全新内容")
        grams = self.grams(article)
        self.assertIn("新内", grams)
        self.assertNotIn("旧的", grams)
        self.assertTrue(Article.objects.search("全新内容").exists())
        self.assertFalse(Article.objects.search("旧的正文").exists())

    def test_bulk_created_articles_are_searchable(self):
        article = Article(
            headline="批量导入", body="批量写入的正文", status=Article.Status.PUBLISHED
        )
        article.fill_derived_fields()
        Article.objects.bulk_create([article])
        self.assertTrue(Article.objects.search("写入").exists())

    def test_gram_index_queues_inserts_in_a_small_pending_list(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = 'article_search_grams'"
            )
            options = cursor.fetchone()[0]
        self.assertIn("fastupdate=on", options)
        self.assertIn("gin_pending_list_limit=1024", options)

    def test_query_uses_the_gram_index_and_binds_the_query(self):
        for n in range(300):
            make_article(body=f"第{n}篇 普通正文")
        make_article(body="罕见词汇")
        queryset = Article.objects.published().search("罕见")
        sql, params = queryset.query.sql_with_params()
        self.assertNotIn("罕见", sql)
        self.assertIn("罕见", params)
        with connection.cursor() as cursor:
            # New entries wait in the index's pending list (fastupdate, migration
            # 0004) until autovacuum merges them; on a tiny table that list
            # outweighs the index, so merge it as autovacuum would.
            cursor.execute(
                "SELECT gin_clean_pending_list('article_search_grams'::regclass)"
            )
            cursor.execute("ANALYZE articles_article")
            # A few hundred rows fit in a page or two; on so small a table only
            # forbidding the full scan shows which index the query can use.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("article_search_grams", plan)


on_sqlite = unittest.skipUnless(
    connection.vendor == "sqlite", "only SQLite scans every article to search"
)


@on_sqlite
@override_settings(FRAGMENT_CACHE_SECONDS=3600)
class ScannedSearchTests(TestCase):
    """On SQLite, what a search found is kept per content version and resumed."""

    @classmethod
    def setUpTestData(cls):
        start = timezone.now() - datetime.timedelta(days=30)
        for n in range(50):
            make_article(
                headline=f"疫情通报第{n}号" if n % 2 else f"交通新闻第{n}号",
                published_at=start + datetime.timedelta(hours=n // 3),
            )
        make_hidden_articles()

    def setUp(self):
        pagecache.page_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)

    def page(self, number, query="疫情"):
        response = self.client.get(
            reverse("articles:index"), {"q": query, "page": number}
        )
        return [a.pk for a in response.context["object_list"]]

    def scan_queries(self, number):
        with CaptureQueriesContext(connection) as queries:
            self.page(number)
        return [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"]]

    def test_pages_match_the_uncached_search(self):
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            expected = [self.page(n) for n in (1, 2, 3)]
        self.assertEqual(len(expected[1]), 5)
        self.assertEqual(
            [self.page(n) for n in (2, 1, 2, 3)], [expected[i] for i in (1, 0, 1, 2)]
        )

    def test_page_read_again_scans_no_more(self):
        self.page(1)
        self.assertEqual(self.scan_queries(1), [])

    def test_next_page_resumes_the_scan_without_offset(self):
        self.page(1)
        (sql,) = self.scan_queries(2)
        self.assertNotIn("OFFSET", sql)
        self.assertEqual(self.scan_queries(2), [])

    def test_article_published_since_shows_on_the_next_search(self):
        self.page(1)
        with self.captureOnCommitCallbacks(execute=True):
            newest = make_article(headline="最新疫情通报")
        self.assertEqual(self.page(1)[0], newest.pk)

    def test_scheduled_article_is_found_once_its_moment_passes(self):
        soon = timezone.now() + datetime.timedelta(seconds=1)
        scheduled = make_article(headline="定时发布的疫情通报", published_at=soon)
        self.assertNotIn(scheduled.pk, self.page(1))
        later = soon + datetime.timedelta(days=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertIn(scheduled.pk, self.page(1))

    def test_each_search_keeps_its_own_results(self):
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            expected = self.page(1, query="交通")
        self.page(1)
        self.assertEqual(self.page(1, query="交通"), expected)
        self.assertNotEqual(self.page(1), expected)


class LongQueryPageTests(TestCase):
    """A list searched for several characters shows the newest matches, in
    order, after its other filters: on PostgreSQL the candidates of the gram
    index are ordered before their text is checked (search.newest_matches)."""

    QUERY = "防控工作"

    @classmethod
    def setUpTestData(cls):
        cls.desk, cls.other_desk = make_department(), make_department()
        start = timezone.now() - datetime.timedelta(days=10)
        cls.matches, cls.other_desk_matches = [], []
        for n in range(60):
            at = start + datetime.timedelta(hours=n)
            if n % 4 == 0:
                # Every character pair of the query, never all of it in a row.
                make_article(
                    headline=f"防控工程第{n}期", body="开展工作。", published_at=at
                )
            elif n >= 50:
                # The newest matches belong to another desk.
                cls.other_desk_matches.append(
                    make_article(
                        headline=f"疫情防控工作第{n}号",
                        department=cls.other_desk,
                        published_at=at,
                    )
                )
            else:
                cls.matches.append(
                    make_article(
                        headline=f"第{n}号",
                        body=f"做好防控工作。第{n}段。",
                        department=cls.desk,
                        published_at=at,
                    )
                )
        make_hidden_articles()

    def page(self, number, **filters):
        response = self.client.get(
            reverse("articles:index"), {"q": self.QUERY, "page": number, **filters}
        )
        self.assertEqual(response.status_code, 200)
        return [article.pk for article in response.context["object_list"]]

    def test_pages_list_the_newest_matches_first(self):
        expected = [a.pk for a in self.matches + self.other_desk_matches][::-1]
        self.assertEqual(self.page(1) + self.page(2) + self.page(3), expected)

    def test_other_filters_narrow_before_the_newest_are_taken(self):
        expected = [a.pk for a in reversed(self.matches)]
        pages = self.page(1, department=self.desk.slug)
        pages += self.page(2, department=self.desk.slug)
        self.assertEqual(pages, expected)

    @pytest.mark.postgres
    @on_postgresql
    def test_newest_matches_equal_the_searched_queryset(self):
        ordered = Article.objects.published().order_by("-published_at", "-pk")
        for count in (1, 5, 21, 100):
            with self.subTest(count=count):
                self.assertEqual(
                    list(search.newest_matches(ordered, self.QUERY, count)),
                    list(ordered.search(self.QUERY)[:count]),
                )

    @pytest.mark.postgres
    @on_postgresql
    def test_newest_matches_refuses_an_unordered_queryset(self):
        with self.assertRaises(ValueError):
            search.newest_matches(Article.objects.order_by(), self.QUERY, 5)


@pytest.mark.postgres
@on_postgresql
class NewestPublishedMatchesTests(TestCase):
    """However few rows its looks read, a reader's search on PostgreSQL finds
    exactly the newest matches the whole list's search would
    (search.newest_published_matches)."""

    @classmethod
    def setUpTestData(cls):
        start = timezone.now() - datetime.timedelta(days=30)
        for n in range(90):
            # Two articles a moment, so that a look may end among equals.
            at = start + datetime.timedelta(hours=n // 2)
            words = [w for w, every in (("疫情", 3), ("防控工作", 7)) if n % every == 0]
            if n % 4 == 0:
                words.append("核酸")
            if n == 5:
                words.append("罕见词")
            make_article(
                headline=f"第{n}号", body="，".join(words) + "。", published_at=at
            )
        make_hidden_articles()

    def test_every_look_size_finds_the_newest_matches(self):
        ordered = Article.objects.published().order_by("-published_at", "-pk")
        queries = ("疫", "疫情", "核酸", "防控工作", "罕见词", "没有的词", "。")
        for query, count, first_look, rate in product(
            queries, (1, 4, 21), (1, 3, 10, 2000), (1, 2, 8)
        ):
            expected = list(
                search.search(ordered, query)[:count].values_list("pk", flat=True)
            )
            with (
                self.subTest(
                    query=query, count=count, first_look=first_look, rate=rate
                ),
                mock.patch.object(search, "FIRST_LOOK", first_look),
                mock.patch.object(search, "ROWS_PER_MATCH", rate),
            ):
                found = search.newest_published_matches(ordered, query, count)
                self.assertEqual(found, expected)

    def test_a_rarer_short_word_is_found_within_a_period(self):
        ordered = Article.objects.published().order_by("-published_at", "-pk")
        with (
            mock.patch.object(search, "FIRST_LOOK", 10),
            mock.patch.object(search, "newest_matches") as whole_list,
        ):
            found = search.newest_published_matches(ordered, "疫情", 5)
        whole_list.assert_not_called()
        self.assertEqual(len(found), 5)

    def test_needs_an_ordered_queryset(self):
        with self.assertRaises(ValueError):
            search.newest_published_matches(Article.objects.order_by(), "疫情", 5)


@override_settings(FRAGMENT_CACHE_SECONDS=3600)
class KeptListIdsTests(TestCase):
    """A filtered list's ids are kept per content version, on every database."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department()
        start = timezone.now() - datetime.timedelta(days=30)
        cls.articles = [
            make_article(
                department=cls.desk, published_at=start + datetime.timedelta(hours=n)
            )
            for n in range(25)
        ]
        make_article()  # another desk's

    def setUp(self):
        pagecache.page_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)

    def page(self, number):
        response = self.client.get(
            reverse("articles:index"), {"department": self.desk.slug, "page": number}
        )
        return [article.pk for article in response.context["object_list"]]

    def test_a_page_read_again_runs_no_query_over_the_filters(self):
        first = self.page(1)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.page(1), first)
        column = connection.ops.quote_name("department_id")
        self.assertFalse([q for q in queries if f"{column} =" in q["sql"]])

    def test_pages_are_the_filtered_articles_newest_first(self):
        expected = [a.pk for a in reversed(self.articles)]
        pages = [self.page(2), self.page(1), self.page(2)]
        self.assertEqual(pages, [expected[20:], expected[:20], expected[20:]])

    def test_an_article_published_since_comes_first(self):
        self.page(1)
        with self.captureOnCommitCallbacks(execute=True):
            newest = make_article(department=self.desk)
        self.assertEqual(self.page(1)[0], newest.pk)


@override_settings(FRAGMENT_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0)
class SearchPageStatementTests(TestCase):
    """A search by its words alone, on SQLite: a statement compiled once."""

    @classmethod
    def setUpTestData(cls):
        make_department()
        for headline, subheadline, body in CORPUS:
            make_article(headline=headline, subheadline=subheadline, body=body)
        moment = timezone.now() - datetime.timedelta(hours=2)
        for n in range(3):  # same-moment ties, ordered by id
            make_article(headline=f"同一时刻疫情{n}", published_at=moment)
        make_hidden_articles()

    def setUp(self):
        search_page.PAGES.clear()

    def searched_rows(self, query, start, stop):
        queryset = listing(Article.objects.published()).search(query)
        return list(queryset[start:stop])

    def test_rows_equal_the_searched_list_for_every_query_and_page(self):
        for query, (start, stop) in product(QUERIES, [(0, 21), (0, 2), (1, 4)]):
            with self.subTest(query=query, start=start, vendor=connection.vendor):
                rows = search_page.newest_rows(query, start, stop)
                if connection.vendor != "sqlite" or search_page.folds_case(query):
                    self.assertIsNone(rows)
                else:
                    self.assertEqual(rows, self.searched_rows(query, start, stop))

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite's statement")
    def test_rows_never_reveal_unpublished_articles(self):
        words = HIDDEN.rstrip("XQ")  # without ASCII letters, for the statement
        self.assertTrue(Article.objects.filter(headline__contains=words).exists())
        self.assertEqual(search_page.newest_rows(words, 0, 21), [])

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite's statement")
    def test_one_statement_per_page_serves_every_query(self):
        search_page.newest_rows("疫情", 0, 21)
        search_page.newest_rows("防控工作", 0, 21)
        self.assertEqual(len(search_page.page_query(0, 21).compiled), 1)
        self.assertEqual(len(search_page.PAGES), 1)

    def test_queries_with_ascii_letters_keep_like_case_folding(self):
        self.assertIs(search_page.folds_case("covid 疫情"), True)
        self.assertIs(search_page.folds_case("疫情 100%_"), False)
        self.assertIs(search_page.folds_case("Ｃｏｖｉｄ"), False)  # full width

    def test_search_page_runs_five_queries_and_two_more_on_postgresql(self):
        # The menu's desks, the page's articles, its reporters, its
        # correspondents and its photos; on PostgreSQL, first the time of
        # the list's FIRST_LOOK-th article and the ids of the matches after
        # it (search.newest_published_matches).
        self.client.get(reverse("articles:index"), {"q": "疫情"})
        with self.assertNumQueries(5 if connection.vendor == "sqlite" else 7):
            response = self.client.get(reverse("articles:index"), {"q": "疫情"})
        self.assertEqual(
            [a.headline for a in response.context["object_list"]],
            [a.headline for a in self.searched_rows("疫情", 0, 21)],
        )

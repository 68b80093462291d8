"""Persistence of parsed pages: articles, bylines and people stored once each."""

import threading
from datetime import date, datetime
from unittest import mock, skipUnless
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext

from articles import importing
from articles.importing import pages, store
from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleReporter,
    ImportBatch,
    text_fingerprint,
)
from articles.parsing import ParsedArticle, ParsedPage
from people.models import Correspondent, Reporter
from tests.factories import make_department, make_reporter, make_user

ISSUE_DATE = date(2021, 11, 6)


def parsed(n, reporters=("王军方",), correspondents=(), **overrides):
    fields = {
        "headline": f"测试标题{n}",
        "paragraphs": (f"本报讯 11月3日,第{n}篇稿件的第一段。", "第二段。"),
        "dateline_date": date(2021, 11, 3),
        "source_label": "本报讯",
        "reporters": tuple(reporters),
        "correspondents": tuple(correspondents),
        "position": n,
        "line_number": 10 * n,
    }
    fields.update(overrides)
    return ParsedArticle(**fields)


def page(*articles, file_name="page.txt"):
    return pages.LoadedPage(
        file_name=file_name,
        sha256="0" * 64,
        encoding="utf-8",
        issue_date=ISSUE_DATE,
        parsed=ParsedPage(articles=tuple(articles)),
    )


def failing_after_bylines():
    """Store the bylines, then fail as the database might at the last write."""
    real = store._store_bylines

    def store_then_fail(*args):
        real(*args)
        raise DatabaseError("injected after the last write")

    return mock.patch.object(store, "_store_bylines", side_effect=store_then_fail)


class ImportPageTests(TestCase):
    def test_stores_articles_in_page_order_with_derived_fields(self):
        outcome = store.import_page(page(parsed(1), parsed(2, kicker="引题")))

        first, second = Article.objects.order_by("page_position")
        self.assertEqual(first.headline, "测试标题1")
        self.assertEqual(first.body, "本报讯 11月3日,第1篇稿件的第一段。\n\n第二段。")
        self.assertEqual(first.summary, "本报讯 11月3日,第1篇稿件的第一段。")
        self.assertEqual(first.slug, "测试标题1")
        self.assertEqual(first.dateline_date, date(2021, 11, 3))
        self.assertEqual(first.source_label, "本报讯")
        self.assertEqual(second.kicker, "引题")
        self.assertEqual([first.page_position, second.page_position], [1, 2])
        self.assertEqual(first.import_batch, outcome.batch)
        self.assertEqual(
            first.fingerprint, text_fingerprint(first.headline, first.body)
        )

    def test_fingerprint_of_full_width_text_is_the_models(self):
        article = parsed(
            1, headline="全角（１）：标题…", paragraphs=("一，二；三。", "①")
        )

        self.assertEqual(
            pages.fingerprint(article),
            text_fingerprint(article.headline, "一，二；三。\n\n①"),
        )

    def test_stores_drafts_by_default(self):
        store.import_page(page(parsed(1)))

        article = Article.objects.get()
        self.assertEqual(article.status, Article.Status.DRAFT)
        self.assertIsNone(article.published_at)
        self.assertQuerySetEqual(Article.objects.published(), [])

    def test_publish_sets_status_and_six_in_the_morning_of_the_issue_date(self):
        store.import_page(page(parsed(1)), publish=True)

        article = Article.objects.get()
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(
            article.published_at,
            datetime(2021, 11, 6, 6, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        self.assertIs(article.is_published, True)

    def test_records_the_batch_with_its_counts(self):
        user = make_user()
        outcome = store.import_page(
            page(parsed(1), parsed(2, correspondents=["孙文韬"])),
            page_label="A1",
            page_name="航空港新闻",
            source=ImportBatch.Source.ADMIN,
            user=user,
        )

        batch = ImportBatch.objects.get()
        self.assertEqual(batch, outcome.batch)
        self.assertEqual(
            (batch.file_name, batch.sha256, batch.encoding, batch.issue_date),
            ("page.txt", "0" * 64, "utf-8", ISSUE_DATE),
        )
        self.assertEqual((batch.page, batch.page_name), ("A1", "航空港新闻"))
        self.assertEqual((batch.source, batch.created_by), ("admin", user))
        self.assertEqual(
            (
                batch.articles_found,
                batch.articles_created,
                batch.articles_skipped,
                batch.people_created,
            ),
            (2, 2, 0, 2),
        )
        self.assertEqual(Article.objects.filter(created_by=user).count(), 2)

    def test_department_owns_the_articles(self):
        desk = make_department()
        store.import_page(page(parsed(1)), department=desk)

        self.assertEqual(Article.objects.get().department, desk)

    def test_second_import_of_the_same_page_changes_nothing_but_a_batch(self):
        the_page = page(parsed(1), parsed(2, correspondents=["孙文韬"]))
        store.import_page(the_page)

        outcome = store.import_page(the_page)

        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(ArticleReporter.objects.count(), 2)
        self.assertEqual(ArticleCorrespondent.objects.count(), 1)
        self.assertEqual(Reporter.objects.count(), 1)
        self.assertEqual([a.status for a in outcome.articles], [importing.SKIPPED] * 2)
        self.assertEqual(
            (outcome.batch.articles_created, outcome.batch.articles_skipped), (0, 2)
        )
        self.assertEqual(outcome.batch.people_created, 0)

    def test_overlapping_page_stores_only_its_new_articles(self):
        store.import_page(page(parsed(1), parsed(2)))

        outcome = store.import_page(page(parsed(2), parsed(3)))

        self.assertEqual(
            [a.status for a in outcome.articles],
            [importing.SKIPPED, importing.CREATED],
        )
        self.assertQuerySetEqual(
            Article.objects.filter(import_batch=outcome.batch).values_list(
                "headline", flat=True
            ),
            ["测试标题3"],
        )

    def test_same_article_twice_on_a_page_is_stored_once(self):
        outcome = store.import_page(page(parsed(1), parsed(1, position=2)))

        self.assertEqual(Article.objects.count(), 1)
        self.assertEqual(Article.objects.get().page_position, 1)
        self.assertEqual(
            [a.status for a in outcome.articles],
            [importing.CREATED, importing.SKIPPED],
        )

    def test_reporters_are_matched_by_normalized_name_and_reused(self):
        known = make_reporter(name="王军方")

        outcome = store.import_page(page(parsed(1, reporters=["王 军方"])))

        self.assertEqual(Reporter.objects.count(), 1)
        self.assertEqual(Article.objects.get().ordered_reporters, [known])
        self.assertEqual(outcome.counts["people_created"], 0)
        self.assertEqual(outcome.articles[0].new_reporters, ())

    def test_new_people_are_created_once_with_a_slug_and_default_rank(self):
        outcome = store.import_page(
            page(
                parsed(1, reporters=["李明华"], correspondents=["赵强"]),
                parsed(2, reporters=["李明华"], correspondents=["赵强"]),
            )
        )

        reporter = Reporter.objects.get()
        self.assertEqual(
            (reporter.name, reporter.name_key, reporter.slug, reporter.rank),
            ("李明华", "李明华", "李明华", Reporter.Rank.REPORTER),
        )
        self.assertEqual(Correspondent.objects.get().slug, "赵强")
        self.assertEqual(outcome.counts["people_created"], 2)
        self.assertEqual(outcome.articles[0].new_reporters, ("李明华",))
        self.assertEqual(outcome.articles[1].new_correspondents, ("赵强",))

    def test_reporter_and_correspondent_of_the_same_name_are_different_people(self):
        store.import_page(page(parsed(1, reporters=["张三"], correspondents=["张三"])))

        self.assertEqual(Reporter.objects.get().name, "张三")
        self.assertEqual(Correspondent.objects.get().name, "张三")

    def test_byline_order_is_kept(self):
        make_reporter(name="王军方")
        store.import_page(
            page(
                parsed(
                    1,
                    reporters=["陈静", "王军方", "李明华"],
                    correspondents=["吴彦庆", "孙文韬"],
                )
            )
        )

        article = Article.objects.with_bylines().get()
        self.assertEqual(
            [p.name for p in article.ordered_reporters], ["陈静", "王军方", "李明华"]
        )
        self.assertEqual(
            [p.name for p in article.ordered_correspondents], ["吴彦庆", "孙文韬"]
        )

    def test_a_name_repeated_in_one_byline_gives_one_byline(self):
        store.import_page(page(parsed(1, reporters=["王军方", "王 军方"])))

        self.assertEqual(ArticleReporter.objects.count(), 1)

    def test_slug_taken_by_another_person_gets_a_free_one(self):
        make_reporter(name="Wang Jun")  # slug wang-jun

        store.import_page(page(parsed(1, reporters=["Wang-Jun"])))

        self.assertEqual(Reporter.objects.get(name="Wang-Jun").slug, "wang-jun-2")

    def test_article_stored_by_a_concurrent_import_is_skipped(self):
        store.import_page(page(parsed(1)))

        # The other import commits between this import's lookup and its insert.
        with mock.patch.object(store, "_existing", return_value=set()):
            outcome = store.import_page(page(parsed(1), parsed(2)))

        self.assertEqual(
            [a.status for a in outcome.articles],
            [importing.SKIPPED, importing.CREATED],
        )
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(ArticleReporter.objects.count(), 2)
        self.assertEqual(outcome.batch.articles_skipped, 1)

    def test_person_added_by_a_concurrent_import_is_reused(self):
        other = make_reporter(name="李明华")

        with mock.patch.object(store, "_lookup_people", return_value={}):
            outcome = store.import_page(page(parsed(1, reporters=["李明华", "陈静"])))

        self.assertEqual(Reporter.objects.count(), 2)
        self.assertEqual(Article.objects.get().ordered_reporters[0], other)
        self.assertEqual(outcome.counts["people_created"], 1)

    def test_failure_midway_leaves_nothing_behind(self):
        with (
            failing_after_bylines(),
            self.assertRaises(DatabaseError),
        ):
            store.import_page(page(parsed(1), parsed(2)))

        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(Reporter.objects.count(), 0)

    def test_query_count_does_not_grow_with_the_number_of_articles(self):
        def queries(articles):
            with CaptureQueriesContext(connection) as captured:
                store.import_page(page(*articles))
            return len(captured)

        small = queries(
            [parsed(n, reporters=[f"甲{n}"], correspondents=[f"乙{n}"]) for n in (1, 2)]
        )
        large = queries(
            [
                parsed(n, reporters=[f"甲{n}", f"丙{n}"], correspondents=[f"乙{n}"])
                for n in range(3, 33)
            ]
        )

        self.assertEqual(small, large)
        # The outer savepoint (2); the lookup of fingerprints; per kind of
        # person a lookup, and for new people a check of their slugs and an
        # insert in a savepoint (5 each); the batch; the article insert in a
        # savepoint (3), on SQLite followed by a read of the new ids; the two
        # byline inserts; the insert of the articles' first revisions; then
        # the planner's statistics (newsroom.db_statistics), in a savepoint
        # of their own (2): PRAGMA optimize on SQLite, on PostgreSQL the
        # believed size and an ANALYZE.
        self.assertEqual(large, 24)


class ImportPagesTests(TestCase):
    def test_each_page_gets_its_batch_counts_and_new_people(self):
        first, second = store.import_pages(
            [
                page(parsed(1), parsed(2, reporters=["陈静"]), file_name="a.txt"),
                page(parsed(2, reporters=["陈静"]), parsed(3), file_name="b.txt"),
            ]
        )

        self.assertEqual(
            [a.status for a in first.articles + second.articles],
            [
                importing.CREATED,
                importing.CREATED,
                importing.SKIPPED,
                importing.CREATED,
            ],
        )
        self.assertEqual(
            [
                (b.file_name, b.articles_created, b.articles_skipped, b.people_created)
                for b in (first.batch, second.batch)
            ],
            [("a.txt", 2, 0, 2), ("b.txt", 1, 1, 0)],
        )
        self.assertEqual(first.articles[1].new_reporters, ("陈静",))
        self.assertEqual(second.articles[0].new_reporters, ())
        self.assertEqual(
            Article.objects.get(headline="测试标题3").import_batch, second.batch
        )
        self.assertEqual(Article.objects.count(), 3)
        self.assertEqual(ArticleReporter.objects.count(), 3)

    def test_query_count_does_not_grow_with_the_number_of_pages(self):
        def queries(loaded):
            with CaptureQueriesContext(connection) as captured:
                store.import_pages(loaded)
            return len(captured)

        def pages_of(numbers):
            return [
                page(parsed(n, reporters=[f"甲{n}"]), parsed(100 + n), file_name=f"{n}")
                for n in numbers
            ]

        self.assertEqual(queries(pages_of([1, 2])), queries(pages_of(range(3, 13))))

    def test_database_without_ids_from_bulk_inserts_reads_them_back(self):
        features = type(connection.features)
        with mock.patch.object(features, "can_return_rows_from_bulk_insert", False):
            first, second = store.import_pages(
                [page(parsed(1), parsed(2)), page(parsed(3, correspondents=["赵强"]))]
            )

        self.assertEqual(first.batch.articles_created, 2)
        self.assertEqual(second.batch.people_created, 1)
        self.assertEqual(
            Article.objects.get(headline="测试标题3").import_batch, second.batch
        )
        self.assertEqual(ArticleReporter.objects.count(), 3)
        self.assertEqual(ArticleCorrespondent.objects.count(), 1)

    def test_failure_leaves_none_of_the_pages(self):
        with (
            failing_after_bylines(),
            self.assertRaises(DatabaseError),
        ):
            store.import_pages([page(parsed(1)), page(parsed(2))])

        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Article.objects.count(), 0)


class KnownPeopleTests(TestCase):
    def import_with(self, people, *articles):
        with self.captureOnCommitCallbacks(execute=True):
            return store.import_page(page(*articles), people=people)

    def test_people_met_on_an_earlier_page_are_not_looked_up_again(self):
        people = store.KnownPeople()
        self.import_with(
            people, parsed(1, reporters=["王军方"], correspondents=["赵强"])
        )

        with CaptureQueriesContext(connection) as captured:
            self.import_with(
                people, parsed(2, reporters=["王军方"], correspondents=["赵强"])
            )

        lookups = [q for q in captured if 'FROM "people_' in q["sql"]]
        self.assertEqual(lookups, [])
        self.assertEqual(Reporter.objects.get().articles.count(), 2)

    def test_only_new_names_are_looked_up(self):
        people = store.KnownPeople()
        self.import_with(people, parsed(1, reporters=["王军方"]))
        other = make_reporter(name="李明华")

        outcome = self.import_with(people, parsed(2, reporters=["王军方", "李明华"]))

        self.assertEqual(outcome.people_created, 0)
        self.assertEqual(
            Article.objects.get(headline="测试标题2").ordered_reporters[1], other
        )

    def test_people_of_a_page_rolled_back_are_not_remembered(self):
        people = store.KnownPeople()
        with (
            failing_after_bylines(),
            self.assertRaises(DatabaseError),
        ):
            self.import_with(people, parsed(1, reporters=["王军方"]))

        self.assertEqual(people.found(Reporter, ["王军方"]), {})
        outcome = self.import_with(people, parsed(1, reporters=["王军方"]))
        self.assertEqual(outcome.people_created, 1)


class PreviewPageTests(TestCase):
    def test_writes_nothing(self):
        with self.assertNumQueries(3):
            store.preview_page(page(parsed(1, correspondents=["赵强"])))

        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Reporter.objects.count(), 0)

    def test_tells_new_articles_and_people_from_known_ones(self):
        store.import_page(page(parsed(1, reporters=["王军方"])))

        outcome = store.preview_page(
            page(parsed(1), parsed(2, reporters=["王军方", "陈静"]))
        )

        self.assertEqual(
            [a.status for a in outcome.articles],
            [importing.WOULD_SKIP, importing.WOULD_CREATE],
        )
        self.assertEqual(outcome.articles[1].new_reporters, ("陈静",))
        self.assertEqual(
            outcome.counts,
            {
                "articles_found": 2,
                "articles_created": 1,
                "articles_skipped": 1,
                "people_created": 1,
            },
        )

    def test_people_of_skipped_articles_are_not_counted(self):
        store.import_page(page(parsed(1, reporters=["王军方"])))
        Reporter.objects.update(name="王俊方", name_key="王俊方")  # renamed since

        outcome = store.preview_page(page(parsed(1)))

        self.assertEqual(outcome.counts["people_created"], 0)


class LoadPageTests(TestCase):
    def test_rejects_a_page_without_articles(self):
        with self.assertRaisesMessage(importing.PageRejected, "没有识别出任何稿件"):
            pages.load_page(b"A2\n\n", "a.txt", ISSUE_DATE)

    def test_rejects_a_file_too_large_for_a_page(self):
        data = b"x" * (importing.MAX_PAGE_BYTES + 1)
        with self.assertRaisesMessage(importing.PageRejected, "文件过大"):
            pages.load_page(data, "a.txt", ISSUE_DATE)

    def test_rejects_text_with_nul_characters(self):
        with self.assertRaisesMessage(importing.PageRejected, "空字符"):
            pages.load_text(
                "标题\n\n本报讯\x00", "a.txt", ISSUE_DATE, sha256="", encoding="x"
            )

    def test_records_hash_and_encoding_of_the_bytes(self):
        data = (settings.BASE_DIR / "samples" / "sample-page.txt").read_bytes()

        loaded = pages.load_page(data, "sample-page.txt", ISSUE_DATE)

        self.assertEqual(loaded.encoding, "utf-8")
        self.assertEqual(
            loaded.sha256,
            "8bea533ce73a3477dedb2c7c78f0e4d87a9ab025dd52a07e3cacbb9b41e6de83",
        )
        self.assertEqual(len(loaded.articles), 5)


class CheckArticleTests(TestCase):
    def test_headline_too_long_names_the_line(self):
        with self.assertRaisesMessage(importing.PageRejected, "第 30 行《"):
            pages.check_article(parsed(3, headline="长" * 201))

    def test_reporter_name_too_long_is_rejected(self):
        with self.assertRaisesMessage(importing.PageRejected, "记者姓名过长"):
            pages.check_article(parsed(1, reporters=["名" * 51]))

    def test_article_without_paragraphs_is_rejected(self):
        with self.assertRaisesMessage(importing.PageRejected, "正文"):
            pages.check_article(parsed(1, paragraphs=()))

    def test_checking_queries_nothing(self):
        with self.assertNumQueries(0):
            pages.check_article(parsed(1))


# SQLite takes the write lock at BEGIN (settings), so imports there cannot
# interleave; PostgreSQL lets them, and its unique indexes must sort it out.
@skipUnless(connection.vendor == "postgresql", "SQLite serializes writers")
class ConcurrentImportTests(TransactionTestCase):
    def test_two_imports_of_one_page_at_once_store_each_thing_once(self):
        the_page = page(
            parsed(1, reporters=["李明华", "陈静"]),
            parsed(2, reporters=["陈静"], correspondents=["赵强"]),
        )
        start = threading.Barrier(2)
        outcomes, errors = [], []

        def run():
            try:
                start.wait()
                outcomes.append(store.import_page(the_page))
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        self.assertEqual(errors, [])
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(ArticleReporter.objects.count(), 3)
        self.assertEqual(ArticleCorrespondent.objects.count(), 1)
        self.assertEqual(Reporter.objects.count(), 2)
        self.assertEqual(sorted(o.counts["articles_created"] for o in outcomes), [0, 2])
        self.assertEqual(sum(o.counts["people_created"] for o in outcomes), 3)
        self.assertEqual(
            sorted(ImportBatch.objects.values_list("articles_created", flat=True)),
            [0, 2],
        )

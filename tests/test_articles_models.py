from datetime import datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import resolve
from django.utils import timezone

from articles.models import SUMMARY_LENGTH, Article, text_fingerprint
from tests.factories import make_article, make_reporter

Status = Article.Status


def publication_times():
    """Return past, future and missing publication times, by name."""
    now = timezone.now()
    return {
        "past": now - timedelta(days=1),
        "future": now + timedelta(days=1),
        "none": None,
    }


class VisibilityTests(TestCase):
    """published()/scheduled() and is_published/is_scheduled on one matrix."""

    @classmethod
    def setUpTestData(cls):
        cls.cases = {}
        for status, (when, moment) in product(Status, publication_times().items()):
            article = make_article(status=status, published_at=moment)
            cls.cases[(status, when)] = article

    def test_only_published_articles_with_a_past_time_are_published(self):
        # Saved as published without a time, an article is published now.
        expected = {
            self.cases[(Status.PUBLISHED, "past")],
            self.cases[(Status.PUBLISHED, "none")],
        }
        self.assertEqual(set(Article.objects.published()), expected)

    def test_is_published_agrees_with_published_queryset(self):
        published = set(Article.objects.published())
        for case, article in self.cases.items():
            with self.subTest(case=case):
                self.assertIs(article.is_published, article in published)

    def test_only_published_articles_with_a_future_time_are_scheduled(self):
        expected = {self.cases[(Status.PUBLISHED, "future")]}
        self.assertEqual(set(Article.objects.scheduled()), expected)

    def test_is_scheduled_agrees_with_scheduled_queryset(self):
        scheduled = set(Article.objects.scheduled())
        for case, article in self.cases.items():
            with self.subTest(case=case):
                self.assertIs(article.is_scheduled, article in scheduled)


class FingerprintTests(TestCase):
    def test_fingerprint_is_derived_from_headline_and_body_on_save(self):
        article = make_article(headline="机场扩建", body="第一段。\n\n第二段。")
        self.assertEqual(
            article.fingerprint, text_fingerprint("机场扩建", "第一段。\n\n第二段。")
        )

    def test_second_article_with_the_same_text_is_refused(self):
        make_article(headline="机场扩建", body="正文。")
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_article(headline="机场扩建", body="正文。")

    def test_spacing_and_width_variants_count_as_the_same_text(self):
        make_article(headline="A1 航站楼", body="2021年 客流 增长。\n\n完。")
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_article(headline="Ａ１航站楼", body="２０２１年客流增长。\n完。 ")

    def test_different_text_gets_a_different_fingerprint(self):
        first = make_article(headline="机场扩建", body="正文。")
        second = make_article(headline="机场扩建", body="另一篇正文。")
        self.assertNotEqual(first.fingerprint, second.fingerprint)

    def test_fingerprint_stays_fixed_when_an_editor_corrects_the_text(self):
        article = make_article(headline="机场扩建", body="正文有错字。")
        original = article.fingerprint
        article.headline = "机场扩建工程"
        article.body = "正文已改正。"
        article.save()
        article.refresh_from_db()
        self.assertEqual(article.fingerprint, original)


class BylineOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zhang = make_reporter(name="张三")
        cls.li = make_reporter(name="李四")
        cls.wang = make_reporter(name="王五")

    def test_bylines_keep_the_order_they_were_given_in(self):
        article = make_article(reporters=[self.wang, self.zhang, self.li])
        self.assertEqual(article.ordered_reporters, [self.wang, self.zhang, self.li])

    def test_byline_order_follows_edited_positions(self):
        article = make_article(reporters=[self.wang, self.zhang])
        for position, byline in enumerate(reversed(article.reporter_bylines.all())):
            byline.position = position
            byline.save()
        article = Article.objects.with_bylines().get(pk=article.pk)
        self.assertEqual(article.ordered_reporters, [self.zhang, self.wang])


class DerivedFieldTests(TestCase):
    def test_summary_defaults_to_the_start_of_the_first_paragraph(self):
        article = make_article(body="第一段  开头\n继续。\n\n第二段。", summary="")
        self.assertEqual(article.summary, "第一段 开头 继续。")

    def test_default_summary_is_truncated(self):
        article = make_article(body="长" * 500, summary="")
        self.assertEqual(len(article.summary), SUMMARY_LENGTH)
        self.assertTrue(article.summary.startswith("长" * 100))

    def test_summary_written_by_an_editor_is_kept(self):
        article = make_article(summary="编辑写的摘要。")
        self.assertEqual(article.summary, "编辑写的摘要。")

    def test_slug_is_derived_from_the_headline(self):
        article = make_article(headline="Airport 扩建 工程")
        self.assertEqual(article.slug, "airport-扩建-工程")

    def test_slug_written_by_an_editor_is_kept(self):
        article = make_article(headline="机场扩建", slug="airport")
        self.assertEqual(article.slug, "airport")


class AbsoluteUrlTests(TestCase):
    def test_url_contains_the_local_publication_date(self):
        # 20:00 UTC on 1 January is already 2 January in China.
        moment = datetime(2024, 1, 1, 20, 0, tzinfo=ZoneInfo("UTC"))
        article = make_article(published_at=moment)
        self.assertEqual(article.get_absolute_url(), f"/2024/01/02/{article.pk}/")

    def test_url_resolves_to_the_article_detail_route(self):
        article = make_article()
        match = resolve(article.get_absolute_url())
        self.assertEqual(match.view_name, "articles:detail")
        self.assertEqual(match.kwargs["pk"], article.pk)

    def test_draft_without_publication_time_uses_its_creation_date(self):
        article = make_article(status=Status.DRAFT, published_at=None)
        day = timezone.localtime(article.created_at).date()
        self.assertEqual(
            article.get_absolute_url(),
            f"/{day:%Y/%m/%d}/{article.pk}/",
        )


class MinimalArticleTests(TestCase):
    def test_headline_body_and_status_make_a_valid_article(self):
        article = Article(headline="短讯", body="一句话。", status=Status.DRAFT)
        article.full_clean()
        article.save()
        self.assertEqual(article.slug, "短讯")
        self.assertEqual(article.fingerprint, text_fingerprint("短讯", "一句话。"))

    def test_full_clean_does_not_check_the_derived_fingerprint(self):
        make_article(headline="短讯", body="一句话。")
        twin = Article(headline="短讯", body="一句话。", status=Status.DRAFT)
        twin.full_clean()  # fingerprint is not editable, so not validated here
        with self.assertRaises(IntegrityError), transaction.atomic():
            twin.save()

    def test_article_created_as_published_without_a_time_is_public_now(self):
        before = timezone.now()
        article = Article.objects.create(
            headline="快讯", body="一句话。", status=Status.PUBLISHED
        )
        self.assertGreaterEqual(article.published_at, before)
        self.assertIn(article, Article.objects.published())

    def test_draft_saved_without_a_time_keeps_no_publication_time(self):
        article = Article.objects.create(headline="草稿", body="一句话。")
        self.assertIsNone(article.published_at)

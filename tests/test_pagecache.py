"""The anonymous page cache: hits cost no queries, and no change is ever missed."""

import datetime
import types
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache
from newsroom.middleware import AnonymousPageCacheMiddleware
from tests.factories import (
    make_article,
    make_department,
    make_reporter,
    make_user,
)


@contextmanager
def clock_at(moment):
    """Move both Django's clock and the local-memory cache's clock to moment.

    The cache computes an entry's expiry in its base class and compares it
    in locmem: both must read the moved clock, or an entry stored under a
    slow machine's later real time outlives the moved one.
    """
    fake_time = types.SimpleNamespace(time=lambda: moment.timestamp())
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("django.core.cache.backends.base.time", fake_time),
        mock.patch("django.core.cache.backends.locmem.time", fake_time),
    ):
        yield


class PageCacheTestCase(TestCase):
    def setUp(self):
        pagecache.page_cache().clear()

    def get(self, path=None, **headers):
        # The latest list: it shows every article with its byline.
        return self.client.get(path or reverse("articles:index"), headers=headers)

    def assertServedFrom(self, response, source):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Page-Cache"], source)

    def assertFresh(self, path=None):
        """Assert the next request renders the page again, and return it."""
        response = self.get(path)
        self.assertServedFrom(response, "miss")
        return response


@override_settings(PAGE_CACHE_SECONDS=300)
class CacheHitTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = make_department(name="经济新闻部")
        cls.reporter = make_reporter(name="王军方")
        cls.article = make_article(
            headline="航空港召开会议",
            department=cls.department,
            reporters=[cls.reporter],
        )

    def test_second_anonymous_request_is_a_hit_without_queries(self):
        first = self.get()
        self.assertServedFrom(first, "miss")
        with self.assertNumQueries(0):
            second = self.get()
        self.assertServedFrom(second, "hit")
        self.assertEqual(second.content, first.content)

    def test_article_page_is_a_hit_without_queries(self):
        url = self.article.get_absolute_url()
        self.assertServedFrom(self.get(url), "miss")
        with self.assertNumQueries(0):
            self.assertServedFrom(self.get(url), "hit")

    def test_hit_keeps_the_shared_cache_headers(self):
        first = self.get()
        second = self.get()
        self.assertEqual(second["Cache-Control"], first["Cache-Control"])
        self.assertIn("public", second["Cache-Control"])
        self.assertIn("max-age=", second["Cache-Control"])
        self.assertIn("stale-while-revalidate=", second["Cache-Control"])

    def test_hit_answers_a_matching_etag_with_not_modified(self):
        url = self.article.get_absolute_url()
        etag = self.get(url)["ETag"]
        with self.assertNumQueries(0):
            response = self.client.get(url, headers={"If-None-Match": etag})
        self.assertEqual(response.status_code, 304)

    def test_query_strings_are_cached_separately(self):
        self.assertServedFrom(self.get("/?page=1"), "miss")
        self.assertServedFrom(self.get("/?page=1&x=2"), "miss")
        self.assertServedFrom(self.get("/?page=1"), "hit")

    def test_each_language_is_cached_separately(self):
        self.assertServedFrom(self.get(), "miss")
        self.assertServedFrom(self.get(**{"Accept-Language": "en"}), "miss")
        self.assertServedFrom(self.get(**{"Accept-Language": "en"}), "hit")

    def test_not_found_pages_are_not_stored(self):
        self.assertEqual(self.get("/people/reporters/nobody/").status_code, 404)
        response = self.get("/people/reporters/nobody/")
        self.assertEqual(response.status_code, 404)
        self.assertNotEqual(response.get("X-Page-Cache"), "hit")

    def test_admin_pages_are_never_cached(self):
        self.get("/admin/login/")
        response = self.get("/admin/login/")
        self.assertNotIn("X-Page-Cache", response)

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_the_cache_off(self):
        self.get()
        self.assertNotIn("X-Page-Cache", self.get())


@override_settings(PAGE_CACHE_SECONDS=300)
class SignedInTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(headline="航空港召开会议")
        cls.user = make_user(is_staff=True)

    def test_signed_in_users_are_not_served_cached_pages(self):
        self.get()
        self.client.force_login(self.user)
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("X-Page-Cache", response)
        self.assertIn("private", response["Cache-Control"])

    def test_pages_rendered_for_signed_in_users_are_not_stored(self):
        self.client.force_login(self.user)
        self.get()
        self.client.logout()
        self.assertServedFrom(self.get(), "miss")


@override_settings(PAGE_CACHE_SECONDS=300)
class InvalidationTests(PageCacheTestCase):
    """Each way content changes makes the next anonymous request render afresh."""

    @classmethod
    def setUpTestData(cls):
        cls.department = make_department(name="经济新闻部")
        cls.reporter = make_reporter(name="王军方")
        cls.article = make_article(
            headline="航空港召开会议",
            department=cls.department,
            reporters=[cls.reporter],
        )
        cls.draft = make_article(headline="尚未发布的稿件", status=Article.Status.DRAFT)

    def setUp(self):
        super().setUp()
        self.assertServedFrom(self.get(), "miss")
        self.assertServedFrom(self.get(), "hit")

    def test_publishing_an_article_shows_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.status = Article.Status.PUBLISHED
            self.draft.published_at = timezone.now() - timedelta(minutes=1)
            self.draft.save()
        self.assertContains(self.assertFresh(), "尚未发布的稿件")

    def test_editing_a_headline_shows_the_new_one(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.article.headline = "航空港召开紧急会议"
            self.article.save()
        self.assertContains(self.assertFresh(), "航空港召开紧急会议")

    def test_deleting_an_article_removes_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.article.delete()
        self.assertNotContains(self.assertFresh(), "航空港召开会议")

    def test_renaming_a_reporter_shows_the_new_byline(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.reporter.name = "王军"
            self.reporter.save()
        response = self.assertFresh()
        self.assertContains(response, "王军")
        self.assertNotContains(response, "王军方")

    def test_renaming_a_department_shows_the_new_name(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.department.name = "财经新闻部"
            self.department.save()
        response = self.assertFresh()
        self.assertContains(response, ">财经新闻部</a>")
        self.assertNotContains(response, ">经济新闻部</a>")

    def test_bulk_update_by_an_admin_action_withdraws_the_article(self):
        editor = make_user(is_staff=True, is_superuser=True)
        admin_client = self.client_class()
        admin_client.force_login(editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = admin_client.post(
                "/admin/articles/article/",
                {"action": "withdraw", "_selected_action": [self.article.pk]},
            )
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(self.assertFresh(), "航空港召开会议")

    def test_queryset_update_invalidates(self):
        with self.captureOnCommitCallbacks(execute=True):
            Article.objects.filter(pk=self.article.pk).update(headline="批量改过的标题")
        self.assertContains(self.assertFresh(), "批量改过的标题")

    def test_bulk_create_by_an_import_shows_the_new_articles(self):
        imported = Article(
            headline="导入的新稿件",
            body="本报讯 导入的正文。",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=1),
        )
        imported.fill_derived_fields()
        with self.captureOnCommitCallbacks(execute=True):
            Article.objects.bulk_create([imported])
        self.assertContains(self.assertFresh(), "导入的新稿件")

    def test_nothing_changes_before_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.article.headline = "尚未提交的标题"
            self.article.save()
            self.assertServedFrom(self.get(), "hit")
        self.assertTrue(callbacks)


@override_settings(PAGE_CACHE_SECONDS=300)
class ScheduledPublicationTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.now = timezone.now()
        make_article(
            headline="已经发布的稿件", published_at=cls.now - timedelta(hours=1)
        )
        cls.scheduled = make_article(
            headline="定时发布的稿件", published_at=cls.now + timedelta(seconds=30)
        )

    def test_pages_are_kept_no_longer_than_until_the_next_publication(self):
        cache = pagecache.page_cache()
        with (
            clock_at(self.now),
            mock.patch.object(cache, "set", wraps=cache.set) as spy,
        ):
            self.get()
        page_timeouts = [
            c.args[2]
            for c in spy.call_args_list
            if c.args[0].startswith("pagecache:page")
        ]
        self.assertEqual(len(page_timeouts), 1)
        self.assertLessEqual(page_timeouts[0], 30)
        self.assertGreater(page_timeouts[0], 0)

    def test_scheduled_article_appears_right_after_its_time(self):
        with clock_at(self.now):
            self.assertNotContains(self.get(), "定时发布的稿件")
            self.assertServedFrom(self.get(), "hit")
        with clock_at(self.now + timedelta(seconds=31)):
            response = self.get()
        self.assertServedFrom(response, "miss")
        self.assertContains(response, "定时发布的稿件")

    @override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=3600)
    def test_next_publication_is_looked_up_once_per_version_for_pieces_too(self):
        version = pagecache.current_version()
        # One query for each app's next moment (articles going live, an
        # issue dated ahead coming into view), the first time only.
        with self.assertNumQueries(len(pagecache.schedules)):
            first = pagecache.next_scheduled_at(version)
            self.assertEqual(pagecache.next_scheduled_at(version), first)
        self.assertEqual(first, self.scheduled.published_at)

    def test_page_rendered_as_the_article_goes_live_is_not_stored(self):
        # The deadline is read before rendering; rendering ends after it.
        deadline = self.scheduled.published_at
        with mock.patch.object(pagecache, "cache_deadline", return_value=deadline):
            with clock_at(deadline + timedelta(milliseconds=1)):
                self.get()
                self.assertServedFrom(self.get(), "miss")


@override_settings(PAGE_CACHE_SECONDS=300)
class ReplicaLagTests(PageCacheTestCase):
    @override_settings(PAGE_CACHE_REPLICA_LAG_SECONDS=5)
    def test_pages_rendered_just_after_a_change_expire_after_the_lag(self):
        pagecache.invalidate()
        version = pagecache.current_version()
        deadline = pagecache.cache_deadline(version)
        self.assertIsNotNone(deadline)
        self.assertLessEqual(pagecache.timeout_until(deadline), 5)

    def test_without_a_replica_changes_do_not_shorten_the_timeout(self):
        pagecache.invalidate()
        deadline = pagecache.cache_deadline(pagecache.current_version())
        self.assertEqual(pagecache.timeout_until(deadline), 300)


def page(response):
    return lambda request: response


@override_settings(PAGE_CACHE_SECONDS=300)
class StoredResponseTests(PageCacheTestCase):
    """Only plain public 200 responses are stored."""

    def served_twice(self, make_response):
        calls = []

        def view(request):
            calls.append(request)
            return make_response()

        middleware = AnonymousPageCacheMiddleware(view)
        for _ in range(2):
            middleware(RequestFactory().get("/x/"))
        return len(calls)

    def test_plain_page_is_rendered_once(self):
        self.assertEqual(self.served_twice(lambda: HttpResponse("ok")), 1)

    def test_responses_setting_a_cookie_are_not_stored(self):
        def with_cookie():
            response = HttpResponse("ok")
            response.set_cookie("csrftoken", "x")
            return response

        self.assertEqual(self.served_twice(with_cookie), 2)

    def test_private_no_store_and_no_cache_responses_are_not_stored(self):
        for value in ("private", "no-store", "no-cache, max-age=0"):
            with self.subTest(cache_control=value):
                pagecache.page_cache().clear()

                def response(value=value):
                    return HttpResponse("ok", headers={"Cache-Control": value})

                self.assertEqual(self.served_twice(response), 2)

    def test_non_200_responses_are_not_stored(self):
        for status in (301, 404, 500, 503):
            with self.subTest(status=status):
                response = lambda status=status: HttpResponse("x", status=status)  # noqa: E731
                self.assertEqual(self.served_twice(response), 2)

    def test_responses_varying_on_unkeyed_headers_are_not_stored(self):
        def varies():
            return HttpResponse("ok", headers={"Vary": "Accept-Encoding"})

        self.assertEqual(self.served_twice(varies), 2)

    def test_requests_with_a_session_cookie_bypass_the_cache(self):
        calls = []
        middleware = AnonymousPageCacheMiddleware(
            lambda request: calls.append(request) or HttpResponse("ok")
        )
        middleware(RequestFactory().get("/x/"))
        request = RequestFactory().get("/x/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
        response = middleware(request)
        self.assertEqual(len(calls), 2)
        self.assertNotIn("X-Page-Cache", response)


class BrokenCache(LocMemCache):
    def get(self, *args, **kwargs):
        raise ConnectionError("cache is down")

    add = set = get


@override_settings(PAGE_CACHE_SECONDS=300)
class UnreachableCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(headline="航空港召开会议")

    def setUp(self):
        broken = BrokenCache("broken", {})
        for getter in ("page_cache", "version_cache"):
            patcher = mock.patch.object(pagecache, getter, return_value=broken)
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_pages_are_rendered_while_the_cache_is_down(self):
        with self.assertLogs("newsroom.middleware", "ERROR"):
            response = self.client.get("/")
        self.assertContains(response, "航空港召开会议")

    def test_saving_content_succeeds_while_the_cache_is_down(self):
        article = Article.objects.get()
        with self.assertLogs("newsroom.pagecache", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                article.headline = "改过的标题"
                article.save()
        self.assertEqual(Article.objects.get().headline, "改过的标题")


@override_settings(PAGE_CACHE_SECONDS=300)
class VersionTests(PageCacheTestCase):
    def test_page_rendered_before_a_change_but_stored_after_it_is_not_served(self):
        make_article(headline="航空港召开会议")
        request = RequestFactory().get("/")
        old_version, key, _ = pagecache.lookup(request)
        pagecache.invalidate()
        # A slow request that read the old version stores its page late.
        pagecache.store(key, old_version, HttpResponse("旧页面"), 300)
        response = self.get()
        self.assertServedFrom(response, "miss")
        self.assertNotContains(response, "旧页面")

    def test_invalidate_starts_a_new_version(self):
        before = pagecache.current_version()
        pagecache.invalidate()
        self.assertNotEqual(pagecache.current_version(), before)

    def test_version_records_when_it_started(self):
        started = float(pagecache.new_version().rpartition("-")[2])
        now = datetime.datetime.now(datetime.UTC).timestamp()
        self.assertAlmostEqual(started, now, delta=5)

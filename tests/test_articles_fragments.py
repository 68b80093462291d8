"""Cached pieces of public pages: fewer queries and less rendering, never stale."""

import datetime
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache
from readersite import fragments
from tests.factories import make_article, make_department, make_reporter
from tests.test_articles_views import count_queries


@override_settings(FRAGMENT_CACHE_SECONDS=3600)
class ArticleFragmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        cls.reporter = make_reporter(name="王军方")
        for _ in range(3):
            make_article(department=cls.desk, reporters=[cls.reporter])

    def setUp(self):
        pagecache.page_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)

    def commit_changes(self):
        """Run the page cache's on-commit invalidation, as a real commit would."""
        return self.captureOnCommitCallbacks(execute=True)

    def test_warm_home_page_runs_only_the_list_query(self):
        url = reverse("articles:index")
        cold = count_queries(self.client, url)
        self.assertEqual(count_queries(self.client, url), 1)
        self.assertLess(1, cold)

    def test_warm_home_page_query_count_does_not_grow_with_articles(self):
        url = reverse("articles:index")
        self.client.get(url)
        warm = count_queries(self.client, url)
        for _ in range(5):
            make_article(department=self.desk, reporters=[self.reporter])
        self.client.get(url)
        self.assertEqual(count_queries(self.client, url), warm)

    def test_renamed_reporter_shows_on_the_next_request(self):
        self.client.get(reverse("articles:index"))
        with self.commit_changes():
            self.reporter.name = "李新名"
            self.reporter.save()
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, "李新名")
        self.assertNotContains(response, "王军方")

    def test_renamed_desk_shows_in_menu_items_and_filter_form(self):
        self.client.get(reverse("articles:index"))
        with self.commit_changes():
            self.desk.name = "城建"
            self.desk.save()
        response = self.client.get(reverse("articles:index"))
        self.assertNotContains(response, "时政")
        # Menu, filter form and every list item.
        self.assertContains(response, "城建", count=5)

    def test_cached_page_matches_the_uncached_page(self):
        url = reverse("articles:index")
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            uncached = self.client.get(url).content
        self.client.get(url)
        self.assertEqual(self.client.get(url).content, uncached)

    def test_paged_list_reuses_the_unfiltered_filter_form(self):
        make_article(department=self.desk)
        url = reverse("articles:index")
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            uncached = self.client.get(url, {"page": "1", "q": ""}).content
        self.client.get(url)
        self.assertEqual(self.client.get(url, {"page": "1", "q": ""}).content, uncached)

    def test_article_page_links_an_article_published_since_the_last_request(self):
        latest = make_article(department=self.desk)
        url = latest.get_absolute_url()
        self.client.get(url)
        with self.commit_changes():
            newer = make_article(headline="后来发布的稿件", department=self.desk)
        response = self.client.get(url)
        self.assertContains(response, f'rel="next" href="{newer.get_absolute_url()}"')
        self.assertContains(response, "后来发布的稿件")

    def test_withdrawn_article_is_gone_on_the_next_request(self):
        article = make_article(department=self.desk)
        self.client.get(article.get_absolute_url())
        with self.commit_changes():
            article.status = Article.Status.WITHDRAWN
            article.save()
        response = self.client.get(article.get_absolute_url())
        self.assertEqual(response.status_code, 404)

    def test_scheduled_article_is_served_once_its_moment_passes(self):
        soon = timezone.now() + datetime.timedelta(seconds=1)
        article = make_article(published_at=soon)
        url = article.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        with mock.patch(
            "django.utils.timezone.now", return_value=soon + datetime.timedelta(1)
        ):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_warm_article_page_runs_no_query(self):
        url = make_article(department=self.desk).get_absolute_url()
        self.client.get(url)
        self.assertEqual(count_queries(self.client, url), 0)

    def test_menu_marks_the_current_desk_on_each_desk_page(self):
        other = make_department(name="经济", slug="economy")
        make_article(department=other)
        for desk in (self.desk, other, self.desk):
            response = self.client.get(desk.get_absolute_url())
            self.assertContains(
                response,
                f'<a href="{desk.get_absolute_url()}" aria-current="page">',
                html=False,
            )
            self.assertContains(response, 'aria-current="page"', count=1)

    def test_menu_marks_the_article_desk_and_the_home_page_no_desk(self):
        article = make_article(department=self.desk)
        self.client.get(reverse("articles:index"))
        response = self.client.get(article.get_absolute_url())
        self.assertContains(
            response, f'<a href="{self.desk.get_absolute_url()}" aria-current="page">'
        )
        response = self.client.get(reverse("articles:index"))
        self.assertContains(
            response, f'<a href="{reverse("articles:index")}" aria-current="page">'
        )
        self.assertContains(response, 'aria-current="page"', count=1)

    def test_header_date_changes_at_midnight(self):
        url = reverse("articles:index")
        self.client.get(url)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
            response = self.client.get(url)
        self.assertContains(response, f'<time datetime="{tomorrow:%Y-%m-%d}">')

    def test_cached_article_page_matches_the_uncached_page(self):
        article = make_article(
            department=self.desk, reporters=[self.reporter], body="第一段。\n\n第二段。"
        )
        url = article.get_absolute_url()
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            uncached = self.client.get(url).content
        self.client.get(url)
        self.assertEqual(self.client.get(url).content, uncached)

    def test_corrected_article_shows_on_the_next_request(self):
        article = make_article(headline="原来的标题", department=self.desk)
        self.client.get(article.get_absolute_url())
        with self.commit_changes():
            article.headline = "更正后的标题"
            article.save()
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "更正后的标题")
        self.assertNotContains(response, "原来的标题")

    def test_request_reads_the_content_version_once(self):
        url = make_article(department=self.desk).get_absolute_url()
        self.client.get(url)
        cache = pagecache.version_cache()
        with mock.patch.object(cache, "get", wraps=cache.get) as get:
            self.client.get(url)
        reads = [c for c in get.call_args_list if c.args[0] == pagecache.VERSION_KEY]
        self.assertEqual(len(reads), 1)

    def test_version_is_read_again_by_the_next_request(self):
        url = reverse("articles:index")
        self.client.get(url)
        with self.commit_changes():
            make_article(headline="新近发布", department=self.desk)
        self.assertContains(self.client.get(url), "新近发布")

    def test_not_found_page_renders_while_the_schedule_cannot_be_read(self):
        # The header and footer are no cached pieces: nothing needs the schedule.
        with mock.patch(
            "newsroom.pagecache.next_scheduled_at",
            side_effect=DatabaseError("down"),
        ):
            response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "时政", status_code=404)

    def test_warm_list_reads_only_the_key_fields(self):
        url = reverse("articles:index")
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        (sql,) = [q["sql"] for q in queries.captured_queries]
        self.assertNotIn('"body"', sql)
        self.assertNotIn('"headline"', sql)

    def test_items_of_articles_deleted_meanwhile_are_left_out(self):
        rows = list(Article.objects.published().only(*fragments.ITEM_KEY_FIELDS))
        rows[0].delete()
        items = fragments.article_items(rows)
        self.assertEqual(len(items), len(rows) - 1)
        self.assertTrue(all("story-headline" in item for item in items))

    def test_filter_form_shows_each_search_its_own_values(self):
        url = reverse("articles:index")
        for query in ("疫情", "交通", "疫情"):
            response = self.client.get(url, {"q": query, "department": "politics"})
            self.assertContains(response, f'name="q" value="{query}"', html=False)
            self.assertContains(response, '<option value="politics" selected>')

    def test_cached_filtered_page_matches_the_uncached_page(self):
        url = reverse("articles:index")
        params = {"q": "测试", "department": "politics", "date_from": "2000-01-01"}
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            uncached = self.client.get(url, params).content
        self.client.get(url, params)
        self.assertEqual(self.client.get(url, params).content, uncached)

    def test_warm_desk_page_runs_only_the_list_query(self):
        url = self.desk.get_absolute_url()
        self.client.get(url)
        self.assertEqual(count_queries(self.client, url), 1)

    def test_renamed_desk_shows_on_its_page_on_the_next_request(self):
        url = self.desk.get_absolute_url()
        self.client.get(url)
        with self.commit_changes():
            self.desk.description = "新的栏目介绍"
            self.desk.save()
        self.assertContains(self.client.get(url), "新的栏目介绍")

    def test_unknown_desk_is_not_found_again(self):
        url = reverse("people:department", args=["nope"])
        self.assertEqual(self.client.get(url).status_code, 404)
        # A desk is public once it has a published article.
        make_article(department=make_department(name="新栏目", slug="nope"))
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_warm_day_archive_runs_only_the_list_query(self):
        # The articles' own day: an hour old, they are yesterday's just
        # after midnight.
        day = Article.objects.first().url_date
        url = reverse("articles:archive_day", args=[day.year, day.month, day.day])
        self.client.get(url)
        self.assertEqual(count_queries(self.client, url), 1)


class TemplatesDigestTests(SimpleTestCase):
    def digest_of(self, folder):
        fragments.deploy_digest.cache_clear()
        self.addCleanup(fragments.deploy_digest.cache_clear)
        engine = {**settings.TEMPLATES[0], "DIRS": [folder]}
        with override_settings(TEMPLATES=[engine]):
            return fragments.deploy_digest()

    def test_edited_template_changes_the_keys_of_cached_pieces(self):
        with tempfile.TemporaryDirectory() as folder:
            page = Path(folder, "includes", "piece.html")
            page.parent.mkdir()
            page.write_text("<p>旧</p>", encoding="utf-8")
            before = self.digest_of(folder)
            self.assertEqual(self.digest_of(folder), before)
            page.write_text("<p>新</p>", encoding="utf-8")
            self.assertNotEqual(self.digest_of(folder), before)

    def test_new_static_manifest_changes_the_keys_of_cached_pieces(self):
        with tempfile.TemporaryDirectory() as folder:
            before = self.digest_of(folder)
            with mock.patch.object(
                staticfiles_storage, "manifest_hash", "0123abcd", create=True
            ):
                self.assertNotEqual(self.digest_of(folder), before)

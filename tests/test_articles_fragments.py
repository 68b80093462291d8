"""Cached list items, menu and filter form: fewer queries, never stale."""

import datetime
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache
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
        self.assertEqual(response.context["next_article"], newer)
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

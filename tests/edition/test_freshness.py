"""With the page and fragment caches on, every change to the edition shows on
the next request of each 数字报 surface."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from edition.models import Issue, Placement
from tests.factories import make_article, make_page
from tests.test_pagecache import PageCacheTestCase

SURFACES = ["/", "/epaper/", "/epaper/{day}/", "/epaper/{day}/A1/"]


@override_settings(PAGE_CACHE_SECONDS=300, FRAGMENT_CACHE_SECONDS=300)
class EditionFreshnessTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = make_article(headline="头版头条稿件")
        cls.page = make_page("A1", name="要闻", articles=[cls.lead])
        cls.day = cls.page.issue.date.isoformat()

    def urls(self):
        return [url.format(day=self.day) for url in SURFACES]

    def setUp(self):
        super().setUp()
        for url in self.urls():
            self.assertServedFrom(self.get(url), "miss")
            self.assertServedFrom(self.get(url), "hit")

    def assert_everywhere(self, text, present=True):
        for url in self.urls():
            response = self.assertFresh(url)
            check = self.assertContains if present else self.assertNotContains
            check(response, text, msg_prefix=url)

    def test_placing_a_new_article_shows_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            article = make_article(headline="新放上版面的稿件")
            Placement.objects.create(article=article, page=self.page, order=2)
        for url in self.urls()[1:3]:
            self.assertContains(self.assertFresh(url), "2 篇", msg_prefix=url)
        page = self.assertFresh(f"/epaper/{self.day}/A1/")
        self.assertContains(page, "新放上版面的稿件")

    def test_renaming_a_page_shows_the_new_name(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.page.name = "特别报道"
            self.page.save()
        for url in self.urls()[1:]:
            self.assertContains(self.assertFresh(url), "特别报道", msg_prefix=url)

    def test_withdrawing_the_only_article_removes_the_issue(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.lead.status = Article.Status.WITHDRAWN
            self.lead.save()
        self.assertNotContains(self.assertFresh("/"), "头版头条稿件")
        self.assertEqual(self.get(f"/epaper/{self.day}/A1/").status_code, 404)

    def test_withholding_the_issue_hides_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            issue = self.page.issue
            issue.status = Issue.Status.WITHHELD
            issue.save()
        self.assertEqual(self.get(f"/epaper/{self.day}/").status_code, 404)
        self.assertEqual(self.get("/epaper/").status_code, 404)

    def test_a_scheduled_lead_shows_when_its_time_comes(self):
        with self.captureOnCommitCallbacks(execute=True):
            later = make_article(
                headline="定时发布的头条",
                published_at=timezone.now() + timedelta(seconds=1),
            )
            Placement.objects.filter(page=self.page).update(order=2)
            Placement.objects.create(article=later, page=self.page, order=1)
        self.assertNotContains(self.assertFresh("/"), "定时发布的头条")
        Article.objects.filter(pk=later.pk).update(
            published_at=timezone.now() - timedelta(seconds=1)
        )
        # No commit happened in between: only the scheduled moment expires
        # what was cached.
        self.assertContains(self.assertFresh("/"), "定时发布的头条")

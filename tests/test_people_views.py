"""Desk, reporter and correspondent pages with their published articles."""

from datetime import timedelta
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from people.models import Department, Reporter
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)
from tests.test_articles_views import HIDDEN, count_queries, make_hidden_articles


class DepartmentPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(
            name="时政新闻", slug="时政", description="本地时政。"
        )
        cls.other = make_department(name="民生")
        cls.mine = make_article(headline="时政稿件", department=cls.desk)
        cls.theirs = make_article(headline="民生稿件", department=cls.other)
        make_hidden_articles(department=cls.desk)

    def test_department_page_lists_only_its_published_articles(self):
        response = self.client.get(self.desk.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "people/department_detail.html")
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.mine.pk]
        )
        self.assertContains(response, '<h1 class="page-title">时政新闻</h1>')
        self.assertContains(response, "本地时政。")
        self.assertNotContains(response, "民生稿件")
        self.assertNotContains(response, HIDDEN)

    def test_unicode_slug_resolves(self):
        response = self.client.get("/people/departments/时政/")
        self.assertEqual(response.context["department"], self.desk)

    def test_department_page_links_its_feed(self):
        response = self.client.get(self.desk.get_absolute_url())
        feed = reverse("articles:department_feed", args=[self.desk.slug])
        self.assertContains(
            response, '<link rel="alternate" type="application/rss+xml"'
        )
        self.assertContains(response, f'href="{feed}"')

    def test_outside_unit_and_unknown_slugs_are_404(self):
        unit = make_department(name="某中学", kind=Department.Kind.UNIT)
        for url in (
            unit.get_absolute_url(),
            reverse("people:department", args=["no-such-desk"]),
            "/people/departments/%00/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_department_page_is_paginated_by_twenty(self):
        for _ in range(21):
            make_article(department=self.other)
        response = self.client.get(self.other.get_absolute_url())
        self.assertEqual(len(response.context["object_list"]), 20)
        self.assertContains(response, 'rel="next"')

    def test_navigation_lists_desks_with_published_articles(self):
        empty = make_department(name="空部门")
        response = self.client.get(reverse("articles:index"))
        names = [d.name for d in response.context["nav_departments"]]
        self.assertEqual(names, ["时政新闻", "民生"])
        self.assertNotIn(empty.name, names)


class ReporterPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政")
        cls.reporter = make_reporter(
            name="王军方",
            rank=Reporter.Rank.CHIEF,
            department=cls.desk,
            bio="长期关注营商环境。",
            email="wang@example.cn",
            phone="13800000000",
        )
        cls.article = make_article(headline="署名稿件", reporters=[cls.reporter])
        make_article(headline="别人的稿件", reporters=[make_reporter()])
        make_hidden_articles()
        for hidden in make_hidden_articles():
            hidden.reporters.add(cls.reporter)

    def test_reporter_page_shows_profile_and_articles(self):
        response = self.client.get(self.reporter.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "people/reporter_detail.html")
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.article.pk]
        )
        for text in ("王军方", "首席记者", "长期关注营商环境。"):
            self.assertContains(response, text)
        self.assertContains(response, self.desk.get_absolute_url())
        self.assertNotContains(response, "别人的稿件")
        self.assertNotContains(response, HIDDEN)

    def test_reporter_contact_details_stay_private(self):
        response = self.client.get(self.reporter.get_absolute_url())
        self.assertNotContains(response, "wang@example.cn")
        self.assertNotContains(response, "13800000000")

    def test_inactive_reporter_still_has_a_page(self):
        Reporter.objects.filter(pk=self.reporter.pk).update(is_active=False)
        response = self.client.get(self.reporter.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "署名稿件")

    def test_reporter_page_offers_search_within_their_articles(self):
        response = self.client.get(self.reporter.get_absolute_url())
        self.assertContains(
            response,
            f'<input type="hidden" name="reporter" value="{self.reporter.slug}">',
        )

    def test_reporter_page_query_count_does_not_grow_with_articles(self):
        url = self.reporter.get_absolute_url()
        few = count_queries(self.client, url)
        for _ in range(24):
            make_article(
                department=self.desk,
                reporters=[self.reporter, make_reporter()],
                correspondents=[make_correspondent()],
            )
        with self.assertNumQueries(few):
            self.client.get(url)


class CorrespondentPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_department(name="实验中学", kind=Department.Kind.UNIT)
        cls.correspondent = make_correspondent(
            name="孙文韬",
            department=cls.unit,
            email="sun@example.cn",
            phone="13900000000",
            notes="只给编辑部看的备注",
            is_active=False,
        )
        cls.article = make_article(
            headline="通讯员参与的稿件", correspondents=[cls.correspondent]
        )
        for hidden in make_hidden_articles():
            hidden.correspondents.add(cls.correspondent)

    def test_correspondent_page_shows_unit_and_articles(self):
        response = self.client.get(self.correspondent.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "people/correspondent_detail.html")
        self.assertContains(response, "孙文韬")
        self.assertContains(response, "实验中学")
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.article.pk]
        )
        self.assertNotContains(response, HIDDEN)

    def test_correspondent_page_hides_staff_only_details(self):
        response = self.client.get(self.correspondent.get_absolute_url())
        for private in ("sun@example.cn", "13900000000", "只给编辑部看的备注"):
            self.assertNotContains(response, private)

    def test_unknown_correspondent_is_404(self):
        response = self.client.get(reverse("people:correspondent", args=["nobody"]))
        self.assertEqual(response.status_code, 404)


class ReadingPastTheLastPageTests(TestCase):
    """Past the last numbered page, a list goes on with its own older articles."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政新闻", slug="shizheng")
        cls.reporter = make_reporter(name="王军方", slug="wangjunfang")
        cls.correspondent = make_correspondent(name="孙文韬", slug="sunwentao")
        now = timezone.now()
        cls.articles = [
            make_article(
                headline=f"第{n}篇",
                published_at=now - timedelta(days=n),
                department=cls.desk,
                reporters=[cls.reporter],
                correspondents=[cls.correspondent],
            )
            for n in range(45)
        ]
        make_article(headline="别人的旧稿", published_at=now - timedelta(days=60))

    def test_owner_pages_go_on_with_the_owners_older_articles(self):
        oldest = self.articles[-1]
        for owner in (self.desk, self.reporter, self.correspondent):
            with self.subTest(owner=owner):
                with mock.patch("readersite.pagination.MAX_PAGES", 2):
                    last = self.client.get(owner.get_absolute_url(), {"page": 2})
                self.assertNotContains(last, oldest.headline)
                older_url = last.context["older_articles_url"]
                self.assertContains(last, escape(older_url))
                older = self.client.get(older_url)
                self.assertContains(older, oldest.headline)
                self.assertNotContains(older, "别人的旧稿")
                # Page 2 ended with article 39, published 39 days ago.
                self.assertContains(older, self.articles[39].headline)
                self.assertNotContains(older, self.articles[38].headline)

    def test_a_filtered_list_goes_on_with_the_same_filters(self):
        with mock.patch("readersite.pagination.MAX_PAGES", 2):
            last = self.client.get(
                reverse("articles:index"), {"reporter": "wangjunfang", "page": 2}
            )
        older = self.client.get(last.context["older_articles_url"])
        self.assertContains(older, self.articles[-1].headline)
        self.assertNotContains(older, "别人的旧稿")

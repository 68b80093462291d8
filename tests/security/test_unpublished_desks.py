"""A desk with only unpublished articles is no more public than a person."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_department


class UnpublishedDeskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.public = make_department(name="公开部门", slug="public-desk")
        make_article(department=cls.public)
        cls.hidden = make_department(name="秘密部门", slug="hidden-desk")
        make_article(department=cls.hidden, status=Article.Status.DRAFT)
        make_article(
            department=cls.hidden,
            published_at=timezone.now() + timedelta(days=1),
        )
        make_article(department=cls.hidden, status=Article.Status.WITHDRAWN)

    def test_its_page_and_feed_are_404(self):
        for route in ("people:department", "articles:department_feed"):
            with self.subTest(route):
                hidden = reverse(route, kwargs={"slug": "hidden-desk"})
                public = reverse(route, kwargs={"slug": "public-desk"})
                self.assertEqual(self.client.get(hidden).status_code, 404)
                self.assertEqual(self.client.get(public).status_code, 200)

    def test_its_name_is_not_in_the_department_filter(self):
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, "公开部门")
        self.assertNotContains(response, "秘密部门")
        response = self.client.get(
            reverse("articles:index"), {"department": "hidden-desk"}
        )
        self.assertNotContains(response, "秘密部门", status_code=response.status_code)

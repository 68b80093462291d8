"""The admin requests reported as 500s in issue 15, each answered cleanly."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_department, make_user

CHANGELIST = reverse("admin:articles_article_changelist")


class ReportedAdminCasesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("setup_roles", stdout=io.StringIO())
        cls.editor = make_user(is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="编辑"))
        cls.article = make_article(department=make_department())

    def setUp(self):
        self.client.force_login(self.editor)

    def test_out_of_range_dates_and_bad_patterns_give_the_invalid_filter_page(self):
        for query in (
            "published_at__year=9999",
            "published_at__year=0",
            "published_at__year=99999999999999999999",
            "published_at__year=2021&published_at__month=99999999999",
            "published_at__year=2021&published_at__month=2&published_at__day=31",
            "published_at__gte=0001-01-01",
            "headline__regex=[]",
            "headline__iregex=(?P<",
        ):
            with self.subTest(query):
                response = self.client.get(f"{CHANGELIST}?{query}")
                self.assertRedirects(
                    response, f"{CHANGELIST}?e=1", fetch_redirect_response=False
                )

    def test_a_nul_in_an_autocomplete_term_is_a_400(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": "\x00",
                "app_label": "articles",
                "model_name": "article",
                "field_name": "department",
            },
        )
        self.assertEqual(response.status_code, 400)

    def test_a_crafted_save_as_new_with_errors_redraws_the_form(self):
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        response = self.client.post(url, {"_saveasnew": "1", "headline": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errornote")
        self.assertEqual(Article.objects.count(), 1)

    def test_a_year_one_time_in_the_form_is_refused_with_the_range(self):
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        response = self.client.post(
            url,
            {
                "headline": self.article.headline,
                "body": self.article.body,
                "status": "draft",
                "published_at_0": "0001-01-01",
                "published_at_1": "00:00:00",
                "_save": "1",
            },
        )
        self.assertContains(response, "1900 至 2099")
        self.article.refresh_from_db()
        self.assertGreater(self.article.published_at.year, 1900)

"""The admin's article list and form say what is true: times, words, order."""

import datetime
import re

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.admin import StatusFilter
from articles.models import Article
from tests.factories import make_article, make_user
from tests.freshness.writes import admin_form_data

CHANGELIST = reverse("admin:articles_article_changelist")


class AdminFreshnessTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user(is_staff=True, is_superuser=True))

    def test_saving_the_form_unchanged_keeps_the_publication_seconds(self):
        moment = timezone.make_aware(datetime.datetime(2021, 11, 6, 6, 0, 7))
        article = make_article(published_at=moment)
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = admin_form_data(self.client.get(url))
        self.assertEqual(data["published_at_1"], "06:00:07")
        response = self.client.post(url, {**data, "headline": "改过的标题"})
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.published_at, moment)

    def test_the_list_and_its_status_filter_use_the_same_words(self):
        now = timezone.now()
        states = {
            "draft": make_article(status=Article.Status.DRAFT, published_at=None),
            "review": make_article(status=Article.Status.REVIEW, published_at=None),
            "published": make_article(),
            StatusFilter.SCHEDULED: make_article(
                published_at=now + datetime.timedelta(days=1)
            ),
            "withdrawn": make_article(status=Article.Status.WITHDRAWN),
        }
        page = self.client.get(CHANGELIST).content.decode()
        filter_words = dict(StatusFilter(None, {}, Article, None).lookup_choices)
        for value, article in states.items():
            with self.subTest(value):
                selected = self.client.get(CHANGELIST, {"status": value})
                self.assertEqual(list(selected.context["cl"].result_list), [article])
                row = re.search(
                    rf"<tr[^>]*>(?:(?!</tr>).)*?/{article.pk}/change/(?:(?!</tr>).)*</tr>",
                    page,
                    re.DOTALL,
                ).group(0)
                self.assertIn(f">{filter_words[value]}<", row)
        self.assertIn(Article.Status.PUBLISHED.label, filter_words.values())
        self.assertNotIn("已上线", page)

    def test_drafts_come_first_newest_change_first(self):
        make_article(published_at=timezone.now() - datetime.timedelta(hours=1))
        old_draft = make_article(status=Article.Status.DRAFT, published_at=None)
        new_draft = make_article(status=Article.Status.DRAFT, published_at=None)
        Article.objects.filter(pk=old_draft.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=2)
        )
        listed = list(self.client.get(CHANGELIST).context["cl"].result_list)
        self.assertEqual(listed[:2], [new_draft, old_draft])
        self.client.post(
            reverse("admin:articles_article_change", args=[old_draft.pk]),
            {
                **admin_form_data(
                    self.client.get(
                        reverse("admin:articles_article_change", args=[old_draft.pk])
                    )
                ),
                "headline": "刚改过的草稿",
            },
        )
        listed = list(self.client.get(CHANGELIST).context["cl"].result_list)
        self.assertEqual(listed[:2], [old_draft, new_draft])

"""Searches pasted into the admin never make it answer 5xx."""

from django.test import TestCase
from django.urls import reverse

from newsroom.admin_search import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_WORDS,
    bounded_search_term,
)
from tests.factories import make_department, make_reporter, make_user

SEARCHABLE_CHANGELISTS = (
    "admin:articles_article_changelist",
    "admin:articles_importbatch_changelist",
    "admin:people_department_changelist",
    "admin:people_reporter_changelist",
    "admin:people_correspondent_changelist",
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
)
# A long word, and many words: each word is a LIKE on every field.
HUGE_SEARCHES = ("字" * 100_000, "新闻 " * 20_000)


class HugeAdminSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(is_staff=True, is_superuser=True)
        cls.reporter = make_reporter(name="王军方")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_every_changelist_answers_a_huge_search(self):
        for name in SEARCHABLE_CHANGELISTS:
            for search in HUGE_SEARCHES:
                with self.subTest(changelist=name, length=len(search)):
                    response = self.client.get(reverse(name), {"q": search})
                    self.assertEqual(response.status_code, 200)

    def test_autocomplete_answers_a_huge_search(self):
        make_department(name="经济部")
        for search in HUGE_SEARCHES:
            with self.subTest(length=len(search)):
                response = self.client.get(
                    reverse("admin:autocomplete"),
                    {
                        "term": search,
                        "app_label": "articles",
                        "model_name": "article",
                        "field_name": "department",
                    },
                )
                self.assertEqual(response.status_code, 200)

    def test_a_long_search_still_finds_by_its_first_words(self):
        search = "王军方 " + "其他 " * 20_000
        response = self.client.get(
            reverse("admin:people_reporter_changelist"), {"q": search}
        )
        self.assertContains(response, "王军方")


class BoundedSearchTermTests(TestCase):
    def test_short_searches_are_kept(self):
        self.assertEqual(bounded_search_term('王军方 "航空 港"'), '王军方 "航空 港"')

    def test_words_and_characters_are_capped(self):
        self.assertEqual(
            len(bounded_search_term("新闻 " * 1000).split()), MAX_SEARCH_WORDS
        )
        self.assertEqual(len(bounded_search_term("字" * 1000)), MAX_SEARCH_LENGTH)

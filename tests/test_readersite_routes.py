"""Addresses reversed once per process (readersite.routes) are reverse()'s."""

from django.test import SimpleTestCase
from django.urls import reverse, set_script_prefix

from readersite.routes import route


class RouteTests(SimpleTestCase):
    def test_an_address_is_the_one_reverse_gives_with_or_without_arguments(self):
        self.assertEqual(route("articles:index"), reverse("articles:index"))
        self.assertEqual(
            route("people:reporter", slug="王 军?"),
            reverse("people:reporter", kwargs={"slug": "王 军?"}),
        )

    def test_an_address_follows_the_script_prefix(self):
        plain = route("articles:index")
        set_script_prefix("/news/")
        try:
            self.assertEqual(route("articles:index"), "/news" + plain)
        finally:
            set_script_prefix("/")
        self.assertEqual(route("articles:index"), plain)

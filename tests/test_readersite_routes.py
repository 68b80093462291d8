"""Addresses reversed once per process (readersite.routes) are reverse()'s."""

from django.test import SimpleTestCase
from django.urls import reverse, set_script_prefix

from readersite.routes import route, routes


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

    def test_routes_are_the_addresses_route_gives_under_the_script_prefix(self):
        names = ("articles:index", "articles:feed", "front")
        self.assertEqual(routes(names), {name: route(name) for name in names})
        set_script_prefix("/news/")
        try:
            self.assertEqual(routes(names), {name: route(name) for name in names})
            self.assertTrue(routes(names)["front"].startswith("/news/"))
        finally:
            set_script_prefix("/")

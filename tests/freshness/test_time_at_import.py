"""Nothing that depends on the current time is computed at import time.

A queryset built when a module is imported or a class is defined keeps the
moment of that import: a process that has run for a while then refuses what
was published since (a correspondent's page answered 404 until a restart).
Here every module of the project is imported first; then the clock moves a
day forward, an article published in between must show on every public
surface of the matrix, and the process that imported everything is the one
that serves them.
"""

import datetime
import importlib
import pkgutil
import tempfile
from unittest import mock

from django.test import TestCase
from django.urls import get_resolver
from django.utils import timezone

import articles
import newsroom
import people
from tests.freshness import surfaces
from tests.freshness.writes import World


def import_every_module():
    for package in (newsroom, articles, people):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    get_resolver().url_patterns  # noqa: B018 - loads every view module


class TimeAtImportTests(TestCase):
    def test_an_article_published_after_the_modules_were_imported_shows_everywhere(
        self,
    ):
        import_every_module()
        real_now = timezone.now()
        world = World(99, self.client, tempfile.gettempdir())
        world.seed()
        world.subject(published_at=real_now + datetime.timedelta(hours=1))
        later = real_now + datetime.timedelta(days=1)
        problems = []
        with mock.patch("django.utils.timezone.now", return_value=later):
            truth = world.truth()
            self.assertTrue(truth["visible"])
            for surface, path in surfaces.addresses(truth):
                response = self.client.get(path)
                answer = (response.status_code, response.content.decode())
                problems += surfaces.check(surface, path, truth, answer)
        self.assertEqual(problems, [])

"""The read-replica router and the settings that install it."""

import json
import os
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase

from articles.models import Article, ArticleReporter
from newsroom.middleware import ReplicaRoutingMiddleware
from newsroom.routers import PrimaryReplicaRouter, primary_only
from people.models import Department, Reporter

PRINT_DATABASES = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'aliases': sorted(s.DATABASES), "
    "'replica': s.DATABASES.get('replica', {}).get('NAME'), "
    "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
    "'routers': getattr(s, 'DATABASE_ROUTERS', []), "
    "'middleware': s.MIDDLEWARE}))"
)


def settings_with(**variables):
    """Return chosen settings of newsroom.settings loaded with these variables."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "NEWSROOM_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_DEBUG="1", **variables
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASES],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class PrimaryReplicaRouterTests(SimpleTestCase):
    router = PrimaryReplicaRouter()

    def outside_transactions(self):
        return mock.patch.object(connections["default"], "in_atomic_block", False)

    def test_content_reads_go_to_the_replica(self):
        with self.outside_transactions():
            for model in (Article, ArticleReporter, Reporter, Department):
                with self.subTest(model=model.__name__):
                    self.assertEqual(self.router.db_for_read(model), "replica")

    def test_sessions_and_users_are_read_from_the_primary(self):
        with self.outside_transactions():
            for model in (Session, get_user_model()):
                with self.subTest(model=model.__name__):
                    self.assertEqual(self.router.db_for_read(model), "default")

    def test_reads_inside_a_transaction_stay_on_the_primary(self):
        with mock.patch.object(connections["default"], "in_atomic_block", True):
            self.assertEqual(self.router.db_for_read(Article), "default")

    def test_reads_inside_primary_only_stay_on_the_primary(self):
        with self.outside_transactions():
            with primary_only():
                self.assertEqual(self.router.db_for_read(Article), "default")
            self.assertEqual(self.router.db_for_read(Article), "replica")

    def test_writes_go_to_the_primary(self):
        self.assertEqual(self.router.db_for_write(Article), "default")

    def test_migrations_run_on_the_primary_only(self):
        self.assertIs(self.router.allow_migrate("default", "articles"), True)
        self.assertIs(self.router.allow_migrate("replica", "articles"), False)


class ReplicaRoutingMiddlewareTests(SimpleTestCase):
    def route_of(self, request):
        """Return where the view's article reads went for this request."""
        seen = []

        def view(request):
            seen.append(PrimaryReplicaRouter().db_for_read(Article))
            return HttpResponse()

        with mock.patch.object(connections["default"], "in_atomic_block", False):
            ReplicaRoutingMiddleware(view)(request)
        return seen[0]

    def test_anonymous_reads_use_the_replica(self):
        self.assertEqual(self.route_of(RequestFactory().get("/")), "replica")

    def test_signed_in_users_read_from_the_primary(self):
        request = RequestFactory().get("/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
        self.assertEqual(self.route_of(request), "default")

    def test_posts_read_from_the_primary(self):
        self.assertEqual(self.route_of(RequestFactory().post("/")), "default")


class ReplicaSettingsTests(SimpleTestCase):
    def test_without_a_replica_url_there_is_one_database_and_no_router(self):
        printed = settings_with()
        self.assertEqual(printed["aliases"], ["default"])
        self.assertEqual(printed["routers"], [])
        self.assertNotIn(
            "newsroom.middleware.ReplicaRoutingMiddleware", printed["middleware"]
        )

    def test_a_replica_url_adds_the_replica_router_and_middleware(self):
        printed = settings_with(
            DATABASE_URL="postgres://u:p@primary:5432/news",
            DATABASE_REPLICA_URL="postgres://u:p@replica:5432/news_ro",
        )
        self.assertEqual(printed["aliases"], ["default", "replica"])
        self.assertEqual(printed["replica"], "news_ro")
        self.assertEqual(printed["mirror"], "default")
        self.assertEqual(printed["routers"], ["newsroom.routers.PrimaryReplicaRouter"])
        middleware = printed["middleware"]
        self.assertLess(
            middleware.index("newsroom.middleware.ReplicaRoutingMiddleware"),
            middleware.index("newsroom.middleware.AnonymousPageCacheMiddleware"),
        )

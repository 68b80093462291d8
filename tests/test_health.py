"""Health endpoints for the load balancer and the orchestrator."""

from unittest import mock

from django.db import OperationalError
from django.test import TestCase


class HealthTests(TestCase):
    def test_healthz_answers_without_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok\n")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_readyz_answers_200_when_the_database_answers(self):
        with self.assertNumQueries(1):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)

    def test_readyz_answers_503_when_the_database_does_not(self):
        broken = mock.patch(
            "django.db.backends.utils.CursorWrapper.execute",
            side_effect=OperationalError("connection refused"),
        )
        with broken:
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_health_endpoints_refuse_writes(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)
        self.assertEqual(self.client.post("/readyz").status_code, 405)

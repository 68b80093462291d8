"""Health endpoints for the load balancer and the orchestrator."""

from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings


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


@override_settings(ALLOWED_HOSTS=["news.example.com"], SECURE_SSL_REDIRECT=True)
class ProbesByAddressTests(TestCase):
    """A load balancer probes each server by its address, over plain HTTP."""

    def test_probes_answer_whatever_the_host_and_scheme(self):
        for path in ("/healthz", "/readyz"):
            with self.subTest(path=path):
                response = self.client.get(path, HTTP_HOST="10.0.0.7:8000")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_other_pages_still_check_the_host_and_redirect_to_https(self):
        self.assertEqual(self.client.get("/", HTTP_HOST="10.0.0.7").status_code, 400)
        response = self.client.get("/", HTTP_HOST="news.example.com")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://news.example.com/"))

"""SitePolicyCSPMiddleware: django-csp's headers, the site policy built once."""

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

from newsroom.middleware import SitePolicyCSPMiddleware


def respond(middleware_class, prepare=None):
    """Return the response middleware_class makes of a plain page."""

    def view(request):
        response = HttpResponse("<p>页面</p>")
        if prepare:
            prepare(request, response)
        return response

    middleware = middleware_class(view)
    return middleware(RequestFactory().get("/"))


class SitePolicyCSPMiddlewareTests(SimpleTestCase):
    def assertSameHeaders(self, prepare=None):
        ours = respond(SitePolicyCSPMiddleware, prepare)
        theirs = respond(CSPMiddleware, prepare)
        for header in (HEADER, HEADER_REPORT_ONLY):
            self.assertEqual(ours.get(header), theirs.get(header), header)
        return ours

    def test_site_policy_is_django_csp_policy(self):
        response = self.assertSameHeaders()
        self.assertIn("script-src 'self'", response[HEADER])

    def test_policy_follows_changed_settings(self):
        policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
        with override_settings(
            CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy
        ):
            response = self.assertSameHeaders()
            self.assertEqual(response[HEADER], "default-src 'none'")
            self.assertEqual(response[HEADER_REPORT_ONLY], "default-src 'none'")
        self.assertNotIn(HEADER_REPORT_ONLY, respond(SitePolicyCSPMiddleware))

    def test_response_with_its_own_policy_keeps_it(self):
        def update(request, response):
            response._csp_update = {"img-src": ["https://images.example"]}

        response = self.assertSameHeaders(update)
        self.assertIn("https://images.example", response[HEADER])

    def test_nonce_used_by_the_page_is_in_the_policy(self):
        nonces = []

        def use_nonce(request, response):
            nonces.append(str(request.csp_nonce))

        policy = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
        with override_settings(CONTENT_SECURITY_POLICY=policy):
            response = respond(SitePolicyCSPMiddleware, use_nonce)
            self.assertIn(f"script-src 'self' 'nonce-{nonces[0]}'", response[HEADER])
            self.assertNotIn("nonce", self.assertSameHeaders()[HEADER])

    def test_excluded_paths_are_left_to_django_csp(self):
        policy = {**settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/"]}
        with override_settings(CONTENT_SECURITY_POLICY=policy):
            self.assertNotIn(HEADER, respond(SitePolicyCSPMiddleware))

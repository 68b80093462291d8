"""Admin sign-in is throttled per username and client address (django-axes)."""

from django.conf import settings
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from newsroom.network import client_ip
from tests.factories import make_user
from tests.test_settings import production_variables, run_with_environment

LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"
ATTACKER = "198.51.100.7"
REAL_USER = "203.0.113.20"
PROXY = "10.0.0.2"
PRINT_PROXY_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)"
)


@override_settings(AXES_ENABLED=True)
class SignInThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(username="editor", password=PASSWORD, is_staff=True)

    def sign_in(self, password, **meta):
        meta.setdefault("REMOTE_ADDR", ATTACKER)
        return self.client.post(
            LOGIN_URL,
            {
                "username": "editor",
                "password": password,
                "this_is_the_login_form": "1",
                "next": "/admin/",
            },
            **meta,
        )

    def fail_until_locked(self, **meta):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("wrong password", **meta)

    def assertSignedIn(self, response):
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def assertRefused(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登录尝试过多", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_failures_below_the_limit_still_allow_the_right_password(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.sign_in("wrong password").status_code, 200)
        self.assertSignedIn(self.sign_in(PASSWORD))

    def test_the_limit_of_failures_locks_that_address_even_with_the_right_password(
        self,
    ):
        self.fail_until_locked()
        self.assertRefused(self.sign_in(PASSWORD))

    def test_the_locked_user_still_signs_in_from_another_address(self):
        self.fail_until_locked()
        self.assertSignedIn(self.sign_in(PASSWORD, REMOTE_ADDR=REAL_USER))

    def test_the_lockout_page_carries_the_security_headers(self):
        self.fail_until_locked()
        response = self.sign_in(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("Content-Security-Policy", response)

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_trusted_proxies_a_forged_forwarded_for_does_not_evade_the_lock(
        self,
    ):
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("wrong password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        response = self.sign_in(PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
        self.assertRefused(response)

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_trusted_proxies_a_forged_forwarded_for_cannot_lock_others_out(
        self,
    ):
        self.fail_until_locked(HTTP_X_FORWARDED_FOR=REAL_USER)
        self.assertSignedIn(self.sign_in(PASSWORD, REMOTE_ADDR=REAL_USER))

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_forwarded_client_address_is_throttled(self):
        via_proxy = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}
        self.fail_until_locked(**via_proxy)
        self.assertRefused(self.sign_in(PASSWORD, **via_proxy))
        real_user = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": REAL_USER}
        self.assertSignedIn(self.sign_in(PASSWORD, **real_user))

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_a_forged_leftmost_entry_does_not_evade_the_lock(self):
        for n in range(settings.AXES_FAILURE_LIMIT):
            # The client forged the first entry; the proxy appended the real one.
            forged = f"192.0.2.{n}, {ATTACKER}"
            self.sign_in(
                "wrong password", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged
            )
        response = self.sign_in(
            PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}"
        )
        self.assertRefused(response)


class ClientAddressTests(SimpleTestCase):
    def address(self, count, forwarded=None, remote=PROXY):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        with override_settings(TRUSTED_PROXY_COUNT=count):
            return client_ip(RequestFactory().get("/admin/login/", **meta))

    def test_without_proxies_forwarded_for_is_ignored(self):
        self.assertEqual(self.address(0, forwarded=ATTACKER), PROXY)

    def test_one_proxy_takes_the_rightmost_entry(self):
        self.assertEqual(self.address(1, f"192.0.2.1, {ATTACKER}"), ATTACKER)

    def test_two_proxies_take_the_second_entry_from_the_right(self):
        forwarded = f"192.0.2.1, {ATTACKER}, 10.0.0.9"
        self.assertEqual(self.address(2, forwarded), ATTACKER)

    def test_a_request_that_bypassed_the_proxies_falls_back_to_the_peer(self):
        self.assertEqual(self.address(2, ATTACKER), PROXY)
        self.assertEqual(self.address(1), PROXY)

    def test_garbage_in_forwarded_for_falls_back_to_the_peer(self):
        for junk in ("<script>", "999.1.1.1", "", " , ", "\x00", "a" * 10_000):
            with self.subTest(junk=junk[:20]):
                self.assertEqual(self.address(1, junk), PROXY)

    def test_ipv6_client_addresses_are_normalised(self):
        self.assertEqual(self.address(1, "2001:DB8:0:0::1"), "2001:db8::1")


class ProxyCountSettingTests(SimpleTestCase):
    def test_the_environment_variable_sets_the_trusted_proxy_count(self):
        result = run_with_environment(
            ["-c", PRINT_PROXY_SETTINGS],
            **production_variables(NEWSROOM_TRUSTED_PROXY_COUNT="2"),
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["2", "newsroom.network.client_ip"])

    def test_no_proxy_is_trusted_by_default(self):
        result = run_with_environment(
            ["-c", PRINT_PROXY_SETTINGS], **production_variables()
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split()[0], "0")

"""Where a sign-in lands, and the password change throttled like the sign-in."""

from django.conf import settings
from django.test import TestCase, override_settings

from tests.factories import make_user

PASSWORD = "correct horse battery staple"
CHANGE_URL = "/admin/password_change/"


@override_settings(AXES_ENABLED=True)
class StaffSignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(username="editor", password=PASSWORD, is_staff=True)

    def test_a_rejected_next_lands_in_the_admin(self):
        for next_url in ("https://evil.example/", "//evil.example/x", ""):
            with self.subTest(next=next_url):
                self.client.logout()
                response = self.client.post(
                    "/admin/login/?next=" + next_url,
                    {"username": "editor", "password": PASSWORD},
                    REMOTE_ADDR="203.0.113.20",
                )
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def change_password(self, old):
        return self.client.post(
            CHANGE_URL,
            {
                "old_password": old,
                "new_password1": "another long passphrase 42",
                "new_password2": "another long passphrase 42",
            },
            REMOTE_ADDR="198.51.100.7",
        )

    def test_wrong_current_passwords_lock_the_password_change(self):
        self.client.force_login(self.editor)
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.change_password("wrong").status_code, 200)
        self.assertEqual(self.change_password("wrong").status_code, 429)
        response = self.change_password(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.editor.refresh_from_db()
        self.assertTrue(self.editor.check_password(PASSWORD))

    def test_the_right_current_password_still_changes_it_below_the_limit(self):
        self.client.force_login(self.editor)
        self.change_password("wrong")
        response = self.change_password(PASSWORD)
        self.assertRedirects(
            response, "/admin/password_change/done/", fetch_redirect_response=False
        )

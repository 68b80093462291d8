"""Production settings, loaded in a fresh interpreter with a clean environment."""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ENGINE': s.DATABASES['default']['ENGINE'],"
    " 'NAME': str(s.DATABASES['default']['NAME']),"
    " 'SSL_REDIRECT': s.SECURE_SSL_REDIRECT}))"
)


def run_with_environment(args, **variables):
    """Run Python with newsroom.settings and only the given DJANGO_* variables."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "NEWSROOM_"))
    }
    environ.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **variables)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_variables(**overrides):
    alphabet = string.ascii_letters + string.digits + string.punctuation
    variables = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_MANIFEST_STATIC": "1",
    }
    variables.update(overrides)
    return variables


class ProductionSettingsTests(SimpleTestCase):
    def test_deploy_checks_pass_without_warnings(self):
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **production_variables(),
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_deploy_checks_pass_behind_a_proxy_that_redirects_to_https(self):
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **production_variables(DJANGO_SECURE_SSL_REDIRECT="0"),
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_missing_secret_key_without_debug_stops_the_app_server(self):
        variables = production_variables()
        del variables["DJANGO_SECRET_KEY"]
        for module in ("newsroom.wsgi", "newsroom.asgi"):
            with self.subTest(module=module):
                result = run_with_environment(["-c", f"import {module}"], **variables)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("DJANGO_SECRET_KEY is not set", result.stderr)

    def test_unhashed_static_files_fail_the_deploy_checks(self):
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **production_variables(DJANGO_MANIFEST_STATIC="0"),
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("newsroom.W001", result.stderr)

    def test_missing_secret_key_fails_the_deploy_checks(self):
        variables = production_variables()
        del variables["DJANGO_SECRET_KEY"]
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **variables
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_a_plain_python_runs_manage_py_in_the_project_virtualenv(self):
        virtualenv = settings.BASE_DIR / ".venv"
        if Path(sys.prefix).resolve() != virtualenv.resolve():
            self.skipTest("the suite does not run in the project's .venv")
        plain_python = Path(sys._base_executable)
        result = subprocess.run(
            [
                plain_python,
                "manage.py",
                "shell",
                "-v0",
                "-c",
                "import sys; print(sys.prefix)",
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_DEBUG": "1"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(Path(result.stdout.strip()).resolve(), virtualenv.resolve())

    def test_a_dry_run_import_needs_no_secret_key(self):
        variables = production_variables(DATABASE_URL="sqlite:///:memory:")
        del variables["DJANGO_SECRET_KEY"]
        result = run_with_environment(
            ["manage.py", "import_articles", "samples/sample-page.txt", "--dry-run"],
            **variables,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_debug_may_run_without_a_secret_key(self):
        result = run_with_environment(["manage.py", "check"], DJANGO_DEBUG="1")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_database_url_selects_postgresql(self):
        result = run_with_environment(
            ["-c", PRINT_SETTINGS],
            **production_variables(DATABASE_URL="postgres://u:p@db:5432/news"),
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertEqual(printed["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(printed["NAME"], "news")

    def test_without_database_url_sqlite_in_the_project_folder_is_used(self):
        result = run_with_environment(["-c", PRINT_SETTINGS], **production_variables())
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertEqual(printed["ENGINE"], "newsroom.sqlite3")
        self.assertEqual(printed["NAME"], str(settings.BASE_DIR / "db.sqlite3"))

    def test_https_redirect_is_on_by_default_outside_debug(self):
        result = run_with_environment(["-c", PRINT_SETTINGS], **production_variables())
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertIs(printed["DEBUG"], False)
        self.assertIs(printed["SSL_REDIRECT"], True)

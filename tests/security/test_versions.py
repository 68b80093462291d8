"""Minimum safe versions of the libraries that parse hostile input.

Offline machines cannot run an advisory scanner, so the floors live here.
Each floor is the release pinned in requirements.txt, which carries every
security fix published for its series when it was pinned; raise the floor
together with the pin whenever a security release ships.
"""

import re

import django
import PIL
from django.conf import settings
from django.test import SimpleTestCase

# Django 5.2 LTS: request parsing, templates, admin, ORM quoting.
DJANGO_FLOOR = (5, 2, 19)
# Pillow: decodes every uploaded image.
PILLOW_FLOOR = (13, 0, 0)


def version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def pinned_version(package):
    requirements = (settings.BASE_DIR / "requirements.txt").read_text()
    match = re.search(
        rf"^{re.escape(package)}==(\S+)", requirements, re.IGNORECASE | re.MULTILINE
    )
    if match is None:
        raise AssertionError(f"{package} is not pinned with == in requirements.txt")
    return version_tuple(match.group(1))


class MinimumVersionTests(SimpleTestCase):
    def test_installed_django_has_the_known_security_fixes(self):
        self.assertGreaterEqual(django.VERSION[:3], DJANGO_FLOOR)

    def test_installed_pillow_has_the_known_security_fixes(self):
        self.assertGreaterEqual(version_tuple(PIL.__version__), PILLOW_FLOOR)

    def test_requirements_pin_django_at_or_above_the_floor(self):
        pinned = pinned_version("Django")
        self.assertGreaterEqual(pinned, DJANGO_FLOOR)
        self.assertEqual(pinned[:2], (5, 2), "stay on the 5.2 LTS series")

    def test_requirements_pin_pillow_at_or_above_the_floor(self):
        self.assertGreaterEqual(pinned_version("pillow"), PILLOW_FLOOR)

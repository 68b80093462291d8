"""The layout the README's code map describes, enforced by reading imports.

newsroom/ is plumbing: it knows no app's models (apps tell it what it needs,
e.g. pagecache.watch() and register_schedule()). Each app builds its pages
on readersite/, never on another app's views.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.test import SimpleTestCase

BASE = Path(settings.BASE_DIR)
PROJECT = "newsroom"


def project_apps():
    """Return the names of the apps whose code is this project's: folders at
    the top of the checkout (a virtualenv inside it holds other apps)."""
    return sorted(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == BASE and config.name != PROJECT
    )


def imported_modules(source, package):
    """Return every module source imports, at any depth (lazy imports too),
    as dotted names; `from a import b` counts as a.b as well as a."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules_of(folder):
    """Yield (dotted package, path) for the Python files under folder."""
    for path in sorted((BASE / folder).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        package = ".".join(path.relative_to(BASE).parent.parts)
        yield package, path


def model_imports(imports, app_names):
    return sorted(
        name
        for name in imports
        for app in app_names
        if name == f"{app}.models" or name.startswith(f"{app}.models.")
    )


def foreign_view_imports(imports, own_app, app_names):
    return sorted(
        name
        for name in imports
        for app in app_names
        if app != own_app
        and (name == f"{app}.views" or name.startswith(f"{app}.views."))
    )


class ImportScanTests(SimpleTestCase):
    def test_the_project_package_imports_no_app_model(self):
        app_names = project_apps()
        offences = {
            str(path.relative_to(BASE)): found
            for package, path in modules_of(PROJECT)
            if (
                found := model_imports(
                    imported_modules(path.read_text(), package), app_names
                )
            )
        }
        self.assertEqual(offences, {})

    def test_the_page_cache_imports_no_app_at_all(self):
        app_names = project_apps()
        for name in ("pagecache.py", "cache.py", "middleware.py"):
            with self.subTest(module=name):
                imports = imported_modules((BASE / PROJECT / name).read_text(), "")
                self.assertEqual(
                    sorted(i for i in imports if i.split(".")[0] in set(app_names)),
                    [],
                )

    def test_no_app_imports_another_apps_views(self):
        app_names = project_apps()
        offences = {}
        for app in app_names:
            for package, path in modules_of(app):
                imports = imported_modules(path.read_text(), package)
                found = foreign_view_imports(imports, app, app_names)
                if found:
                    offences[str(path.relative_to(BASE))] = found
        self.assertEqual(offences, {})

    def test_the_scan_sees_every_app_and_the_shared_reader_site(self):
        """A scan that found no apps or files would pass whatever the code did."""
        app_names = project_apps()
        for app in ("articles", "people", "edition", "editorial", "readersite"):
            self.assertIn(app, app_names)
        scanned = {str(p.relative_to(BASE)) for _, p in modules_of(PROJECT)}
        self.assertIn("newsroom/pagecache.py", scanned)


class ScanDetectsTests(SimpleTestCase):
    """The scan's rules catch each way of writing the imports they forbid."""

    def test_model_imports_are_found_however_written(self):
        for source in (
            "from articles.models import Article",
            "import articles.models",
            "from articles import models",
            "def f():\n    from people.models import Reporter",
        ):
            with self.subTest(source=source):
                imports = imported_modules(source, "newsroom")
                self.assertTrue(model_imports(imports, ["articles", "people"]))

    def test_another_apps_views_are_found_however_written(self):
        for source in (
            "from articles.views import SiteMixin",
            "from articles import views",
            "import articles.views",
        ):
            with self.subTest(source=source):
                imports = imported_modules(source, "people.sub")
                self.assertTrue(
                    foreign_view_imports(imports, "people", ["articles", "people"])
                )

    def test_an_apps_own_views_and_shared_pages_are_allowed(self):
        source = (
            "from people import views\nfrom . import views\n"
            "from .views import OwnerArticlesView\n"
            "from readersite.pages import SiteMixin"
        )
        imports = imported_modules(source, "people")
        self.assertIn("people.views", imports)
        self.assertEqual(foreign_view_imports(imports, "people", ["people"]), [])

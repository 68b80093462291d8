"""Hostile parameters and form values never make an admin page answer 5xx.

The pages are discovered from the admin site's registry, so a new ModelAdmin
is fuzzed the day it is registered: every changelist with each of its filter,
search, ordering, paging and date-hierarchy parameters and a lookup on each
of its fields; every add and change form, posted (also as "save as new")
with every field set to each hostile value; every autocomplete. As an editor
and as a reporter.
"""

import io
import re
import time
from datetime import date

from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.test import TestCase
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article, ImportBatch
from edition.models import Issue
from editorial.corrections import Correction
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_page,
    make_reporter,
    make_user,
)

# Values that each broke a page once, or could: out-of-range dates and
# numbers, NUL, invalid patterns, long and expanding Unicode, wrong types.
HOSTILE = (
    "9999",
    "99999999999999999999",
    "1e309",
    "0001-01-01",
    "2021-02-30",
    "[]",
    "(?P<",
    "\x00",
    "㌀" * 20,
    "ﷺ" * 300,
)
# Fewer values for the lookups every field gets and for whole forms.
FORM_VALUES = ("99999999999999999999", "0001-01-01", "[]", "㌀" * 20, "x" * 3000)
HOSTILE_LOOKUP_VALUES = ("99999999999999999999", "0001-01-01", "[")
# Parameters every changelist reads.
CHANGELIST_PARAMETERS = ("q", "o", "p", "_to_field", "e")
# A lookup for each kind of field, besides its plain name.
LOOKUPS = {
    models.DateTimeField: ("year", "day", "gte"),
    models.DateField: ("year", "gte"),
    models.CharField: ("regex",),
    models.TextField: ("iregex",),
    models.IntegerField: ("in",),
    models.ForeignKey: ("in",),
}
INPUT_NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
SKIPPED_FORM_FIELDS = {"csrfmiddlewaretoken"}


def registry():
    """Return [(model, model_admin)] of the admin site, in a stable order."""
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def admin_url(model, view, *args):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def field_lookups(model):
    """Return a lookup parameter for each concrete field of model."""
    names = []
    for field in model._meta.concrete_fields:
        names.append(field.attname if field.is_relation else field.name)
        for kind, lookups in LOOKUPS.items():
            if isinstance(field, kind):
                names += [f"{field.name}__{lookup}" for lookup in lookups]
                break
    return names


class AdminFuzzTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        call_command("setup_roles", stdout=io.StringIO())
        cls.editor = make_user(is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="编辑"))
        cls.reporter = make_user(is_staff=True)
        cls.reporter.groups.add(Group.objects.get(name="记者"))
        desk = make_department()
        person = make_reporter(department=desk)
        article = make_article(
            reporters=[person],
            correspondents=[make_correspondent()],
            department=desk,
        )
        make_article(status=Article.Status.DRAFT, created_by=cls.reporter)
        make_page(articles=[article])
        Issue.objects.get_or_create(date=date(2021, 11, 6))
        ImportBatch.objects.create(
            file_name="a1.txt",
            sha256="0" * 64,
            encoding="utf-8",
            issue_date=date(2021, 11, 6),
        )
        Correction.objects.create(
            article=article, wrong="三千", right="三百", published_at=timezone.now()
        )
        cls.requests = 0

    def setUp(self):
        # Collect every 5xx with its exception, rather than stop at the first.
        self.client.raise_request_exception = False
        self.failures = []

    def tearDown(self):
        self.assertEqual(self.failures, [])

    def assert_no_server_error(self, response, what):
        self.__class__.requests += 1
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            self.failures.append(
                f"{self.role} {response.status_code} {what[:200]}: "
                f"{error and error[1]!r:.300}"
            )

    def users(self):
        for user in (self.editor, self.reporter):
            self.client.force_login(user)
            self.role = user.groups.first().name
            yield user

    def test_every_changelist_parameter_with_hostile_values(self):
        started = time.monotonic()
        for _user in self.users():
            for model, model_admin in registry():
                url = admin_url(model, "changelist")
                response = self.client.get(url)
                self.assert_no_server_error(response, url)
                if response.status_code != 200:
                    continue  # not this user's to see: every parameter is refused
                for name, value in self.changelist_parameters(model, model_admin):
                    response = self.client.get(url, {name: value})
                    self.assert_no_server_error(response, f"{url}?{name}={value!r}")
        self.report("changelists", started)

    def changelist_parameters(self, model, model_admin):
        declared = list(CHANGELIST_PARAMETERS)
        response = self.client.get(admin_url(model, "changelist"))
        changelist = (response.context or {}).get("cl")  # None: a page of its own
        for spec in getattr(changelist, "filter_specs", ()):
            declared += spec.expected_parameters()
        if model_admin.date_hierarchy:
            declared += [
                f"{model_admin.date_hierarchy}__{part}"
                for part in ("year", "month", "day")
            ]
        for name in declared:
            for value in HOSTILE:
                yield name, value
        if self.role != "编辑":
            return  # the lookups on every field: once, as the editor, for time
        for name in field_lookups(model):
            if name not in declared:
                for value in HOSTILE_LOOKUP_VALUES:
                    yield name, value

    def test_every_add_and_change_form_posted_with_hostile_values(self):
        started = time.monotonic()
        for user in self.users():
            for model, model_admin in registry():
                obj = None
                if model._meta.managed:
                    obj = model_admin.get_queryset(self.request_for(user)).first()
                urls = [admin_url(model, "add")]
                if obj is not None:
                    urls.append(admin_url(model, "change", obj.pk))
                for url in filter(None, urls):
                    self.post_hostile_forms(url)
        self.report("forms", started)

    def post_hostile_forms(self, url):
        response = self.client.get(url)
        self.assert_no_server_error(response, url)
        if response.status_code != 200:
            return
        names = set(INPUT_NAME_RE.findall(response.content.decode()))
        # One row of each inline, its fields hostile like the others.
        names = {name.replace("__prefix__", "0") for name in names}
        management = {
            name: "1" if name.endswith("TOTAL_FORMS") else "0"
            for name in names
            if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS"))
        }
        names -= SKIPPED_FORM_FIELDS | set(management)
        buttons = ("_save", "_saveasnew") if url.endswith("/change/") else ("_save",)
        for value in FORM_VALUES:
            data = {**dict.fromkeys(names, value), **management}
            for button in buttons:
                response = self.client.post(url, {**data, button: "1"})
                self.assert_no_server_error(response, f"POST {url} {value!r}")

    def test_every_object_url_with_hostile_ids(self):
        for _user in self.users():
            for model, _ in registry():
                for view in ("change", "delete", "history"):
                    for value in ("0", "99999999999999999999", "-1", "x", "㌀" * 20):
                        url = admin_url(model, view, value)
                        if url is not None:
                            response = self.client.get(url)
                            self.assert_no_server_error(response, url)

    def test_every_autocomplete_with_hostile_terms(self):
        started = time.monotonic()
        for _user in self.users():
            for source, field_name in self.autocomplete_fields():
                opts = source._meta
                for value in HOSTILE:
                    for params in ({"term": value}, {"term": "a", "page": value}):
                        response = self.client.get(
                            reverse("admin:autocomplete"),
                            {
                                "app_label": opts.app_label,
                                "model_name": opts.model_name,
                                "field_name": field_name,
                                **params,
                            },
                        )
                        self.assert_no_server_error(
                            response, f"autocomplete {opts.label}.{field_name} {params}"
                        )
        self.report("autocompletes", started)

    def autocomplete_fields(self):
        """Yield (model, field name) of every autocomplete on the site,
        inlines' included."""
        found = set()
        for model, model_admin in registry():
            admins = [
                model_admin,
                *(inline(model, admin.site) for inline in model_admin.inlines),
            ]
            for each in admins:
                for field_name in each.autocomplete_fields:
                    found.add((each.model, field_name))
        self.assertTrue(found, "the site has autocompletes to fuzz")
        return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1]))

    def request_for(self, user):
        from django.test import RequestFactory

        request = RequestFactory().get("/admin/")
        request.user = user
        return request

    def report(self, what, started):
        elapsed = time.monotonic() - started
        print(f"\nadmin fuzz {what}: {self.requests} requests so far, {elapsed:.1f} s")

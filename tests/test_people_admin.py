import io
import json

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Correspondent, Department, Reporter
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)

MODELS = ["department", "reporter", "correspondent"]


def make_staff(role):
    user = make_user(is_staff=True)
    call_command("setup_roles", stdout=io.StringIO())
    user.groups.add(Group.objects.get(name=role))
    return user


def admin_url(model, view, *args):
    return reverse(f"admin:people_{model}_{view}", args=args)


def changelist_rows(response):
    return list(response.context["cl"].result_list)


class EditorPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        desk = make_department()
        cls.objects = {
            "department": desk,
            "reporter": make_reporter(department=desk),
            "correspondent": make_correspondent(department=desk),
        }

    def setUp(self):
        self.client.force_login(self.editor)

    def test_every_people_page_renders_for_an_editor(self):
        for model in MODELS:
            pk = self.objects[model].pk
            for url in [
                admin_url(model, "changelist"),
                admin_url(model, "add"),
                admin_url(model, "change", pk),
            ]:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)


class ArticleCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.desk = make_department(name="要闻部")
        cls.busy = make_reporter(name="忙记者", department=cls.desk)
        cls.quiet = make_reporter(name="闲记者", department=cls.desk)
        cls.helper = make_correspondent(name="通讯员甲")
        for _ in range(3):
            make_article(
                department=cls.desk,
                reporters=[cls.busy, make_reporter()],
                correspondents=[cls.helper],
            )

    def setUp(self):
        self.client.force_login(self.editor)

    def counts(self, model, **params):
        response = self.client.get(admin_url(model, "changelist"), params)
        return {obj.name: obj.article_count for obj in changelist_rows(response)}

    def test_reporters_are_listed_with_their_article_counts(self):
        counts = self.counts("reporter")
        self.assertEqual(counts["忙记者"], 3)
        self.assertEqual(counts["闲记者"], 0)

    def test_departments_and_correspondents_count_each_article_once(self):
        self.assertEqual(self.counts("department")["要闻部"], 3)
        self.assertEqual(self.counts("correspondent")["通讯员甲"], 3)

    def test_list_can_be_sorted_by_article_count(self):
        response = self.client.get(admin_url("reporter", "changelist"))
        column = response.context["cl"].list_display.index("article_count")
        response = self.client.get(
            admin_url("reporter", "changelist"), {"o": f"-{column}"}
        )
        self.assertEqual(changelist_rows(response)[0], self.busy)

    def test_query_count_does_not_grow_with_the_number_of_people(self):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                self.client.get(admin_url("reporter", "changelist"))
            return len(queries)

        few = count_queries()
        for _ in range(20):
            make_article(reporters=[make_reporter(department=self.desk)])
        self.assertEqual(count_queries(), few)


class SearchAndFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.desk = make_department(name="经济部")
        cls.unit = make_department(name="航空港区管委会", kind=Department.Kind.UNIT)
        cls.zhang = make_reporter(name="张明", department=cls.desk)
        cls.li = make_reporter(name="李华", is_active=False)
        cls.helper = make_correspondent(name="王芳", department=cls.unit)

    def setUp(self):
        self.client.force_login(self.editor)

    def rows(self, model, **params):
        return changelist_rows(self.client.get(admin_url(model, "changelist"), params))

    def test_reporters_can_be_searched_by_name(self):
        self.assertEqual(self.rows("reporter", q="张"), [self.zhang])

    def test_reporters_can_be_filtered_by_department_and_activity(self):
        self.assertEqual(
            self.rows("reporter", department__id__exact=self.desk.pk), [self.zhang]
        )
        self.assertEqual(self.rows("reporter", is_active__exact="0"), [self.li])

    def test_correspondents_can_be_searched_by_their_unit(self):
        self.assertEqual(self.rows("correspondent", q="管委会"), [self.helper])

    def test_departments_can_be_filtered_by_kind(self):
        self.assertEqual(self.rows("department", kind__exact="unit"), [self.unit])

    def test_department_autocomplete_offers_only_desks_for_articles(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "articles",
                "model_name": "article",
                "field_name": "department",
                "term": "",
            },
        )
        names = [item["text"] for item in json.loads(response.content)["results"]]
        self.assertEqual(names, ["经济部"])


class PersonFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_blank_slug_is_derived_from_the_name(self):
        data = {"name": "新闻 中心", "slug": "", "kind": "desk", "description": ""}
        response = self.client.post(admin_url("department", "add"), data)
        self.assertRedirects(response, admin_url("department", "changelist"))
        self.assertEqual(Department.objects.get(name="新闻 中心").slug, "新闻-中心")

    def test_person_named_like_another_is_refused_with_a_message(self):
        make_correspondent(name="王芳")
        data = {"name": "王 芳", "slug": "", "is_active": "on"}
        response = self.client.post(admin_url("correspondent", "add"), data)
        self.assertContains(response, "已有同名的通讯员“王芳”")
        self.assertEqual(Correspondent.objects.count(), 1)

    def test_person_can_be_saved_again_under_the_same_name(self):
        person = make_correspondent(name="王芳")
        data = {"name": "王芳", "slug": person.slug, "phone": "123", "is_active": "on"}
        url = admin_url("correspondent", "change", person.pk)
        self.assertRedirects(
            self.client.post(url, data), admin_url("correspondent", "changelist")
        )
        person.refresh_from_db()
        self.assertEqual(person.phone, "123")

    def test_reporter_photo_that_is_not_an_image_is_refused(self):
        photo = SimpleUploadedFile("photo.jpg", b"not an image at all")
        data = {"name": "新记者", "slug": "", "rank": "记者", "photo": photo}
        response = self.client.post(admin_url("reporter", "add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["photo"])
        self.assertFalse(Reporter.objects.filter(name="新记者").exists())

    def test_editor_cannot_link_a_reporter_to_a_sign_in_account(self):
        form = self.client.get(admin_url("reporter", "add")).context["adminform"].form
        self.assertNotIn("user", form.fields)

    def test_correspondent_notes_and_contacts_are_in_the_admin_form(self):
        form = self.client.get(admin_url("correspondent", "add")).context["adminform"]
        self.assertLessEqual({"notes", "phone", "email"}, set(form.form.fields))


class ReporterRolePeopleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = make_staff("记者")
        cls.person = make_correspondent()

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_reporter_can_add_a_correspondent(self):
        data = {"name": "新通讯员", "slug": "", "is_active": "on"}
        response = self.client.post(admin_url("correspondent", "add"), data)
        self.assertRedirects(response, admin_url("correspondent", "changelist"))
        self.assertTrue(Correspondent.objects.filter(name="新通讯员").exists())

    def test_reporter_cannot_change_a_correspondent(self):
        data = {"name": "改名", "slug": self.person.slug, "is_active": "on"}
        response = self.client.post(
            admin_url("correspondent", "change", self.person.pk), data
        )
        self.assertEqual(response.status_code, 403)
        self.person.refresh_from_db()
        self.assertNotEqual(self.person.name, "改名")

    def test_reporter_cannot_add_a_department(self):
        response = self.client.get(admin_url("department", "add"))
        self.assertEqual(response.status_code, 403)

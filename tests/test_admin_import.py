"""The admin import: upload or paste a page, preview it, confirm it."""

import io
import re
import time
from datetime import date
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import path, reverse

from articles.admin_import import ImportBatchAdmin
from articles.models import Article, ImportBatch
from newsroom import urls as project_urls
from people.models import Reporter
from tests.factories import make_department, make_user
from tests.import_preview import form_data

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SAMPLE = settings.BASE_DIR / "samples" / "sample-page.txt"
SHORT_TEXT = (FIXTURES / "short-page-utf8.txt").read_text(encoding="utf-8")

# The project's admin, with ImportBatch served by ImportBatchAdmin whichever
# class articles/admin.py registers for it.
site = admin.AdminSite(name="admin")
for model, model_admin in admin.site._registry.items():
    site.register(model, type(model_admin))
site.unregister(ImportBatch)
site.register(ImportBatch, ImportBatchAdmin)
urlpatterns = [
    path("admin/", site.urls),
    *(p for p in project_urls.urlpatterns if str(p.pattern) != "admin/"),
]


def staff(role):
    call_command("setup_roles", stdout=io.StringIO())
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def payload_of(response):
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


@override_settings(ROOT_URLCONF=__name__)
class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff("编辑")
        cls.reporter = staff("记者")
        cls.desk = make_department(name="新闻部", slug="news")

    def setUp(self):
        self.import_url = reverse("admin:articles_importbatch_import")
        self.confirm_url = reverse("admin:articles_importbatch_import_confirm")

    def upload(self, user, content=None, name="page.txt", **fields):
        self.client.force_login(user)
        data = {"issue_date": "2021-11-06", "page": "A1", **fields}
        if content is not None:
            data["upload"] = SimpleUploadedFile(name, content, "text/plain")
        return self.client.post(self.import_url, data)

    def confirm(self, preview, **fields):
        data = {**form_data(preview), "_confirm": "1", **fields}
        return self.client.post(self.confirm_url, data)

    def test_upload_preview_confirm_stores_the_page(self):
        preview = self.upload(
            self.editor,
            SAMPLE.read_bytes(),
            name="sample-page.txt",
            department=self.desk.pk,
            page_name="航空港新闻",
        )

        self.assertEqual(preview.status_code, 200)
        self.assertTemplateUsed(
            preview, "admin/articles/importbatch/import_preview.html"
        )
        self.assertContains(preview, "组织人社局领导")
        self.assertContains(preview, "将新建 5 篇")
        self.assertContains(preview, "2021-11-05")
        # 王军方 in each of the five bylines, and four correspondents.
        self.assertContains(preview, 'class="is-new"', count=9)
        self.assertEqual(Article.objects.count(), 0)

        response = self.confirm(
            preview, department=self.desk.pk, page_name="航空港新闻"
        )

        batch = ImportBatch.objects.get()
        self.assertRedirects(
            response,
            reverse("admin:articles_importbatch_change", args=[batch.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            (batch.source, batch.created_by, batch.file_name, batch.encoding),
            ("admin", self.editor, "sample-page.txt", "utf-8"),
        )
        self.assertEqual((batch.page, batch.page_name), ("A1", "航空港新闻"))
        self.assertEqual((batch.articles_created, batch.people_created), (5, 5))
        self.assertEqual(
            Article.objects.filter(
                department=self.desk, created_by=self.editor, status="draft"
            ).count(),
            5,
        )

    def test_paste_preview_confirm_stores_the_page(self):
        preview = self.upload(self.editor, text=SHORT_TEXT)

        self.assertContains(preview, "将新建 3 篇")
        self.confirm(preview)

        batch = ImportBatch.objects.get()
        self.assertEqual((batch.file_name, batch.encoding), ("粘贴文本", "pasted"))
        self.assertEqual(Article.objects.filter(import_batch=batch).count(), 3)

    def test_preview_marks_articles_already_imported_and_new_people(self):
        self.confirm(self.upload(self.editor, text=SHORT_TEXT))

        preview = self.upload(self.editor, (FIXTURES / "second-page.txt").read_bytes())

        self.assertContains(preview, "[已导入，将跳过]", count=1)
        self.assertContains(preview, "[将新建]", count=1)
        self.assertContains(preview, 'class="is-new"', count=3)  # 李明华 陈静 赵强
        self.assertContains(preview, "将新建人员 3 人")

    def test_reporter_is_not_offered_publishing_and_cannot_post_it(self):
        self.client.force_login(self.reporter)
        self.assertNotContains(self.client.get(self.import_url), 'name="publish"')

        preview = self.upload(self.reporter, text=SHORT_TEXT, publish="on")
        response = self.confirm(preview, publish="on")

        self.assertRedirects(
            response,
            reverse("admin:articles_article_changelist"),
            fetch_redirect_response=False,
        )
        self.assertEqual(Article.objects.filter(status="draft").count(), 3)
        self.assertEqual(Article.objects.published().count(), 0)

    def test_editor_can_publish_the_page(self):
        preview = self.upload(self.editor, text=SHORT_TEXT, publish="on")
        self.assertContains(preview, 'name="publish"')

        self.confirm(preview, publish="on")

        # Published: what the parser is sure of; the others wait in review
        # with their warnings, as import_articles --publish does.
        sure = Article.objects.filter(import_warnings__isnull=True)
        self.assertEqual(Article.objects.count(), 3)
        self.assertQuerySetEqual(Article.objects.published(), sure, ordered=False)
        self.assertFalse(
            Article.objects.filter(import_warnings__isnull=False)
            .exclude(status=Article.Status.REVIEW)
            .exists()
        )

    def test_staff_without_add_article_permission_is_refused(self):
        user = make_user(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_importbatch"))
        self.client.force_login(user)

        self.assertEqual(self.client.get(self.import_url).status_code, 403)
        self.assertEqual(self.client.post(self.confirm_url).status_code, 403)

    def test_tampered_payload_is_refused_and_nothing_is_written(self):
        preview = self.upload(self.editor, text=SHORT_TEXT)
        forged = signing.dumps(
            {
                "text": "伪造",
                "file_name": "x",
                "sha256": "",
                "encoding": "utf-8",
                "user": self.editor.pk,
            },
            salt="another-salt",
        )

        for payload in (payload_of(preview)[:-3] + "abc", forged):
            with self.subTest(payload=payload[:20]):
                response = self.client.post(
                    self.confirm_url,
                    {"payload": payload, "issue_date": "2021-11-06", "_confirm": "1"},
                )
                self.assertContains(response, "预览数据无效", status_code=400)
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Article.objects.count(), 0)

    def test_payload_of_another_user_is_refused(self):
        preview = self.upload(self.reporter, text=SHORT_TEXT)
        self.client.force_login(self.editor)

        response = self.confirm(preview)

        self.assertContains(response, "预览数据无效", status_code=400)
        self.assertEqual(Article.objects.count(), 0)

    def test_expired_preview_must_be_uploaded_again(self):
        preview = self.upload(self.editor, text=SHORT_TEXT)
        later = time.time() + 7 * 60 * 60

        with mock.patch("django.core.signing.time.time", return_value=later):
            response = self.confirm(preview)

        self.assertContains(response, "预览已过期", status_code=400)
        self.assertEqual(Article.objects.count(), 0)

    def test_imported_text_is_escaped(self):
        text = SHORT_TEXT.replace("督导核酸检测", "<b>督导</b>核酸检测")

        preview = self.upload(self.editor, text=text)

        self.assertContains(preview, "&lt;b&gt;督导&lt;/b&gt;核酸检测")
        self.assertNotContains(preview, "<b>督导</b>")

    def test_neither_file_nor_text_is_refused(self):
        response = self.upload(self.editor)

        self.assertContains(response, "二选一", status_code=400)

    def test_file_and_text_together_are_refused(self):
        response = self.upload(self.editor, SHORT_TEXT.encode(), text=SHORT_TEXT)

        self.assertContains(response, "二选一", status_code=400)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_unusable_file_is_refused_with_the_reason(self):
        reasons = {
            "binary.txt": "文件像是二进制文件",
            "empty.txt": "空文件",  # refused by the form field, before the parser
            "no-article.txt": "没有识别出任何稿件",
        }
        for name, reason in reasons.items():
            with self.subTest(name):
                response = self.upload(self.editor, (FIXTURES / name).read_bytes())
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "errorlist", status_code=400)
                self.assertContains(response, reason, status_code=400)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_changing_the_issue_date_previews_again_and_is_stored(self):
        preview = self.upload(self.editor, text=SHORT_TEXT)
        self.assertContains(preview, "2021-11-04")

        again = self.client.post(
            self.confirm_url,
            {**form_data(preview), "issue_date": "2021-11-03", "_preview": "1"},
        )

        self.assertContains(again, "2020-11-04")  # 11月4日 on or before 3 Nov
        self.assertEqual(Article.objects.count(), 0)
        self.confirm(again, issue_date="2021-11-03")
        self.assertEqual(ImportBatch.objects.get().issue_date, date(2021, 11, 3))
        self.assertEqual(
            Article.objects.get(headline="航空港实验区").dateline_date,
            date(2020, 11, 4),
        )

    def test_confirm_without_a_post_goes_back_to_the_upload(self):
        self.client.force_login(self.editor)

        response = self.client.get(self.confirm_url)

        self.assertRedirects(response, self.import_url)

    def test_changelist_links_to_the_import(self):
        self.client.force_login(self.editor)

        response = self.client.get(reverse("admin:articles_importbatch_changelist"))

        self.assertContains(response, f'href="{self.import_url}"')
        self.assertContains(response, "导入版面")

    def test_article_list_links_to_the_import_for_reporters_too(self):
        self.client.force_login(self.reporter)

        response = self.client.get(reverse("admin:articles_article_changelist"))

        self.assertContains(response, f'href="{self.import_url}"')

    def test_article_list_offers_no_import_without_add_permission(self):
        user = make_user(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
        self.client.force_login(user)

        response = self.client.get(reverse("admin:articles_article_changelist"))

        self.assertNotContains(response, f'href="{self.import_url}"')

    def test_batch_links_to_the_articles_it_created(self):
        self.confirm(self.upload(self.editor, text=SHORT_TEXT))
        batch = ImportBatch.objects.get()

        response = self.client.get(reverse("admin:articles_importbatch_changelist"))

        url = reverse("admin:articles_article_changelist")
        self.assertContains(
            response, f'href="{url}?import_batch__id__exact={batch.pk}">本批新建的 3 篇'
        )

    def test_upload_form_offers_the_desks_only(self):
        make_department(name="某中学", slug="school", kind="unit")
        self.client.force_login(self.editor)

        response = self.client.get(self.import_url)

        self.assertContains(response, "新闻部")
        self.assertNotContains(response, "某中学")

    def test_people_matched_through_the_admin_are_reused(self):
        Reporter.objects.create(name="王军方")

        self.confirm(self.upload(self.editor, text=SHORT_TEXT))

        self.assertEqual(Reporter.objects.count(), 1)
        self.assertEqual(ImportBatch.objects.get().people_created, 2)

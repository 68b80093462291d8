import io
import shutil
import tempfile
from datetime import datetime, timedelta
from unittest import mock

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.admin import ArticleAdmin
from articles.models import Article, ArticleImage, ArticleReporter, ImportBatch
from articles.templatetags.admin_dates import article_date_hierarchy
from newsroom import pagecache
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def make_staff(role=None, **overrides):
    """Return a staff user in the named group (编辑 or 记者) made by setup_roles."""
    user = make_user(is_staff=True, **overrides)
    if role:
        call_command("setup_roles", stdout=io.StringIO())
        user.groups.add(Group.objects.get(name=role))
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def form_data(article=None, bylines=(), **fields):
    """Return POST data for the article form, with (byline, position) rows."""
    data = {
        "headline": "新稿件",
        "body": "本报讯 新稿件的正文。",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
    }
    if article is not None:
        data.update(headline=article.headline, body=article.body, status=article.status)
    data.update(fields)
    for prefix in ["reporter_bylines", "correspondent_bylines", "images"]:
        rows = bylines if prefix == "reporter_bylines" else ()
        initial = sum(1 for byline, _ in rows if byline.pk)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(initial),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, (byline, position) in enumerate(rows):
            data[f"{prefix}-{i}-id"] = byline.pk or ""
            data[f"{prefix}-{i}-reporter"] = byline.reporter_id
            data[f"{prefix}-{i}-position"] = str(position)
    return data


def action_data(action, *articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles]}
    data.update(extra)
    return data


class EditorPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        desk = make_department(name="要闻部")
        cls.article = make_article(
            department=desk,
            reporters=[make_reporter()],
            correspondents=[make_correspondent()],
        )
        cls.batch = ImportBatch.objects.create(
            file_name="A1.txt",
            sha256="0" * 64,
            encoding="utf-8",
            issue_date="2021-11-06",
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_every_article_page_renders_for_an_editor(self):
        urls = [
            CHANGELIST,
            ADD,
            change_url(self.article),
            reverse("admin:articles_article_history", args=[self.article.pk]),
            preview_url(self.article),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_import_batch_pages_render_for_an_editor(self):
        urls = [
            reverse("admin:articles_importbatch_changelist"),
            reverse("admin:articles_importbatch_import"),
            reverse("admin:articles_importbatch_change", args=[self.batch.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_admin_index_carries_the_newsroom_title(self):
        self.assertContains(
            self.client.get(reverse("admin:index")), "航空港新闻 采编后台"
        )

    def test_change_form_and_list_link_to_the_preview(self):
        link = f'href="{preview_url(self.article)}"'
        self.assertContains(self.client.get(change_url(self.article)), link)
        self.assertContains(self.client.get(CHANGELIST), link)

    def test_change_form_shows_import_provenance_read_only(self):
        response = self.client.get(change_url(self.article))
        self.assertContains(response, self.article.fingerprint)
        self.assertNotIn("fingerprint", response.context["adminform"].form.fields)
        self.assertNotIn("import_batch", response.context["adminform"].form.fields)

    def test_view_on_site_appears_only_for_published_articles(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        live_response = self.client.get(change_url(self.article))
        self.assertContains(live_response, self.article.get_absolute_url())
        draft_response = self.client.get(change_url(draft))
        self.assertNotContains(draft_response, draft.get_absolute_url())


class ArticleChangelistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.desk = make_department(name="要闻部")

    def setUp(self):
        self.client.force_login(self.editor)

    def make_articles(self, count):
        for _ in range(count):
            make_article(
                department=self.desk,
                reporters=[make_reporter(), make_reporter()],
                correspondents=[make_correspondent()],
                updated_by=self.editor,
            )

    def count_changelist_queries(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_number_of_articles(self):
        self.make_articles(5)
        few = self.count_changelist_queries()
        self.make_articles(25)
        many = self.count_changelist_queries()
        self.assertEqual(many, few)

    def test_date_links_name_only_the_years_with_articles(self):
        for year in (2019, 2021, 2023):
            make_article(published_at=timezone.make_aware(datetime(year, 12, 31, 23)))
        response = self.client.get(CHANGELIST)
        links = [c["title"] for c in response.context["choices"]]
        self.assertEqual(links, ["2019", "2021", "2023"])
        self.assertContains(response, "?published_at__year=2021")

    def test_date_links_equal_djangos_at_every_level(self):
        for moment in ((2020, 1, 1, 0), (2021, 3, 5, 12), (2021, 7, 9, 8)):
            make_article(published_at=timezone.make_aware(datetime(*moment)))
        for query in ({}, {"published_at__year": "2021"}, {"status": "draft"}):
            with self.subTest(query=query):
                request = RequestFactory().get(CHANGELIST, query)
                request.user = self.editor
                changelist = ArticleAdmin(Article, admin.site).get_changelist_instance(
                    request
                )
                self.assertEqual(
                    article_date_hierarchy(changelist), date_hierarchy(changelist)
                )

    def test_list_shows_bylines_in_order_and_the_last_editor(self):
        first, second = make_reporter(name="王五"), make_reporter(name="张三")
        make_article(reporters=[first, second], updated_by=self.editor)
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "王五、张三")
        self.assertContains(response, self.editor.username)

    def test_scheduled_article_is_labelled_as_scheduled(self):
        make_article(published_at=timezone.now() + timedelta(days=1))
        self.assertContains(self.client.get(CHANGELIST), "定时")

    def test_scheduled_filter_lists_only_scheduled_articles(self):
        scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
        make_article()
        make_article(status=Status.DRAFT)
        response = self.client.get(CHANGELIST, {"status": "scheduled"})
        self.assertQuerySetEqual(response.context["cl"].result_list, [scheduled])

    def test_published_filter_lists_only_live_articles(self):
        live = make_article()
        make_article(published_at=timezone.now() + timedelta(days=1))
        response = self.client.get(CHANGELIST, {"status": "published"})
        self.assertQuerySetEqual(response.context["cl"].result_list, [live])

    def test_search_by_byline_name_lists_a_matching_article_once(self):
        article = make_article(
            reporters=[make_reporter(name="张明"), make_reporter(name="张华")],
            correspondents=[make_correspondent(name="张丽")],
        )
        make_article()
        response = self.client.get(CHANGELIST, {"q": "张"})
        self.assertQuerySetEqual(response.context["cl"].result_list, [article])

    def test_search_matches_the_body(self):
        article = make_article(body="机场三期扩建工程今日开工。")
        make_article()
        response = self.client.get(CHANGELIST, {"q": "三期扩建"})
        self.assertQuerySetEqual(response.context["cl"].result_list, [article])

    def test_search_keeps_the_newest_text_matches_and_says_so(self):
        older, *newest = [make_article(body="防控工作会议召开。") for _ in range(3)]
        named = make_article(reporters=[make_reporter(name="防控工作")])
        make_article()
        with mock.patch("articles.admin.SEARCH_LIMIT", 2):
            response = self.client.get(CHANGELIST, {"q": "防控工作"})
        self.assertQuerySetEqual(
            response.context["cl"].result_list, [named, *newest], ordered=False
        )
        self.assertContains(response, "只列出最新的 2 篇匹配稿件")

    def test_search_under_the_limit_shows_no_note(self):
        make_article(body="防控工作会议召开。")
        response = self.client.get(CHANGELIST, {"q": "防控工作"})
        self.assertEqual(len(response.context["cl"].result_list), 1)
        self.assertNotContains(response, "只列出最新的")

    def test_reporter_filter_lists_that_reporters_articles(self):
        reporter = make_reporter()
        article = make_article(reporters=[reporter])
        make_article(reporters=[make_reporter()])
        response = self.client.get(CHANGELIST, {"reporters__id__exact": reporter.pk})
        self.assertQuerySetEqual(response.context["cl"].result_list, [article])


class ArticleFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.other_editor = make_staff("编辑")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_saving_records_who_created_and_last_changed_the_article(self):
        self.client.post(ADD, form_data(headline="新稿"))
        article = Article.objects.get(headline="新稿")
        self.client.force_login(self.other_editor)
        self.client.post(change_url(article), form_data(article, body="改过的正文。"))
        article.refresh_from_db()
        self.assertEqual(article.body, "改过的正文。")
        self.assertEqual(article.created_by, self.editor)
        self.assertEqual(article.updated_by, self.other_editor)

    def test_byline_order_is_editable_in_the_form(self):
        first, second = make_reporter(), make_reporter()
        article = make_article(reporters=[first, second])
        one, two = article.reporter_bylines.order_by("position")
        data = form_data(article, bylines=[(one, 1), (two, 0)])
        response = self.client.post(change_url(article), data)
        self.assertRedirects(response, CHANGELIST)
        article = Article.objects.with_bylines().get(pk=article.pk)
        self.assertEqual(article.ordered_reporters, [second, first])

    def test_same_reporter_twice_is_refused_with_a_message(self):
        reporter = make_reporter()
        rows = [(ArticleReporter(reporter=reporter), n) for n in range(2)]
        response = self.client.post(ADD, form_data(headline="双署名", bylines=rows))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["inline_admin_formsets"][0].formset.errors)
        self.assertFalse(Article.objects.filter(headline="双署名").exists())

    def test_article_with_the_same_text_as_another_is_refused_with_a_message(self):
        existing = make_article(headline="机场扩建", body="正文。")
        response = self.client.post(ADD, form_data(headline="机场扩建 ", body="正文。"))
        self.assertContains(response, "已有标题和正文相同的稿件")
        self.assertQuerySetEqual(Article.objects.all(), [existing])

    def test_publishing_without_a_time_publishes_now(self):
        self.client.post(ADD, form_data(headline="快讯", status=Status.PUBLISHED))
        article = Article.objects.get(headline="快讯")
        self.assertIs(article.is_published, True)

    def test_publishing_with_a_future_time_schedules(self):
        later = timezone.localtime() + timedelta(days=2)
        data = form_data(
            headline="预告",
            status=Status.PUBLISHED,
            published_at_0=f"{later:%Y-%m-%d}",
            published_at_1=f"{later:%H:%M}",
        )
        self.client.post(ADD, data)
        article = Article.objects.get(headline="预告")
        self.assertIs(article.is_scheduled, True)


class ArticleImageInlineTests(TestCase):
    def setUp(self):
        media_root = tempfile.mkdtemp(prefix="newsroom-test-media-")
        self.addCleanup(shutil.rmtree, media_root, ignore_errors=True)
        media_settings = override_settings(MEDIA_ROOT=media_root)
        media_settings.enable()
        self.addCleanup(media_settings.disable)

    def test_thumbnail_is_shown_with_the_caption_escaped(self):
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40), "red").save(buffer, format="PNG")
        article = make_article()
        image = ArticleImage.objects.create(
            article=article,
            image=SimpleUploadedFile("photo.png", buffer.getvalue()),
            caption='机场<script>alert("x")</script>',
        )
        self.client.force_login(make_staff("编辑"))
        response = self.client.get(change_url(article))
        self.assertContains(response, f'src="{image.list_rendition.url}"')
        self.assertContains(response, "&lt;script&gt;")
        self.assertNotContains(response, "<script>alert")


class ReporterRestrictionTests(TestCase):
    """A 记者 may write and edit, but never publish, schedule or withdraw."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = make_staff("记者")
        cls.draft = make_article(status=Status.DRAFT, published_at=None)
        cls.live = make_article()

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_form_offers_only_draft_and_review(self):
        form = self.client.get(ADD).context["adminform"].form
        self.assertEqual(
            [value for value, _ in form.fields["status"].choices],
            [Status.DRAFT, Status.REVIEW],
        )
        self.assertNotIn("published_at", form.fields)

    def test_reporter_can_submit_an_article_for_review(self):
        response = self.client.post(ADD, form_data(headline="送审稿", status="review"))
        self.assertRedirects(response, CHANGELIST)
        article = Article.objects.get(headline="送审稿")
        self.assertEqual(article.status, Status.REVIEW)
        self.assertEqual(article.created_by, self.reporter)

    def test_crafted_post_cannot_publish_a_new_article(self):
        data = form_data(
            headline="越权稿",
            status=Status.PUBLISHED,
            published_at_0="2021-11-06",
            published_at_1="08:00",
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["status"])
        self.assertFalse(Article.objects.filter(headline="越权稿").exists())

    def test_crafted_post_cannot_set_the_publication_time(self):
        data = form_data(
            headline="带时间的草稿", published_at_0="2021-11-06", published_at_1="08:00"
        )
        self.client.post(ADD, data)
        self.assertIsNone(Article.objects.get(headline="带时间的草稿").published_at)

    def test_crafted_post_cannot_publish_an_existing_draft(self):
        data = form_data(self.draft, status=Status.PUBLISHED)
        response = self.client.post(change_url(self.draft), data)
        self.assertEqual(response.status_code, 200)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)

    def test_published_and_withdrawn_articles_are_view_only(self):
        withdrawn = make_article(status=Status.WITHDRAWN)
        scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
        for article in (self.live, scheduled, withdrawn):
            with self.subTest(status=article.status, scheduled=article.is_scheduled):
                page = self.client.get(change_url(article))
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, "只有编辑可以修改")
                self.assertNotContains(page, 'name="_save"')
                data = form_data(article, headline="改过的标题")
                response = self.client.post(change_url(article), data)
                self.assertEqual(response.status_code, 403)
                article.refresh_from_db()
                self.assertNotEqual(article.headline, "改过的标题")

    def test_bylines_and_images_of_a_live_article_are_read_only(self):
        page = self.client.get(change_url(self.live))
        for formset in page.context["inline_admin_formsets"]:
            with self.subTest(inline=formset.opts.model.__name__):
                self.assertFalse(formset.has_add_permission)
                self.assertFalse(formset.has_change_permission)
                self.assertFalse(formset.has_delete_permission)

    def test_drafts_and_articles_in_review_stay_editable(self):
        review = make_article(status=Status.REVIEW, published_at=None)
        for article in (self.draft, review):
            with self.subTest(status=article.status):
                data = form_data(article, headline="改过的标题")
                response = self.client.post(change_url(article), data)
                self.assertRedirects(response, CHANGELIST)
                article.refresh_from_db()
                self.assertEqual(article.headline, "改过的标题")

    def test_publishing_actions_are_not_offered(self):
        response = self.client.get(CHANGELIST)
        for action in ["publish_now", "schedule", "withdraw", "back_to_draft"]:
            with self.subTest(action=action):
                self.assertNotContains(response, f'value="{action}"')

    def test_crafted_action_posts_change_nothing(self):
        posts = [
            action_data("publish_now", self.draft),
            action_data(
                "schedule",
                self.draft,
                apply="1",
                published_at_0="2099-01-01",
                published_at_1="08:00",
            ),
            action_data("withdraw", self.live),
            action_data("back_to_draft", self.live),
        ]
        for data in posts:
            with self.subTest(action=data["action"]):
                self.client.post(CHANGELIST, data)
                self.draft.refresh_from_db()
                self.live.refresh_from_db()
                self.assertEqual(self.draft.status, Status.DRAFT)
                self.assertIs(self.live.is_published, True)

    def test_actions_refuse_a_user_without_publish_permission(self):
        request = RequestFactory().post(CHANGELIST)
        request.user = self.reporter
        model_admin = ArticleAdmin(Article, admin_site=None)
        queryset = Article.objects.filter(pk=self.draft.pk)
        for action in ["publish_now", "schedule", "withdraw", "back_to_draft"]:
            with self.subTest(action=action), self.assertRaises(PermissionDenied):
                getattr(model_admin, action)(request, queryset)


class PublishingActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_publishing_actions_are_offered_to_editors(self):
        make_article()
        response = self.client.get(CHANGELIST)
        for action in ["publish_now", "schedule", "withdraw", "back_to_draft"]:
            with self.subTest(action=action):
                self.assertContains(response, f'value="{action}"')

    def test_publish_now_makes_a_draft_visible_and_logs_it(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        response = self.client.post(CHANGELIST, action_data("publish_now", draft))
        self.assertRedirects(response, CHANGELIST)
        draft.refresh_from_db()
        self.assertIs(draft.is_published, True)
        self.assertEqual(draft.updated_by, self.editor)
        self.assertTrue(
            LogEntry.objects.filter(object_id=str(draft.pk), user=self.editor).exists()
        )

    def test_actions_mark_cached_public_pages_stale(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        before = pagecache.current_version()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(CHANGELIST, action_data("publish_now", draft))
        self.assertNotEqual(pagecache.current_version(), before)

    def test_publish_now_keeps_an_earlier_publication_time(self):
        printed = timezone.now() - timedelta(days=3)
        draft = make_article(status=Status.DRAFT, published_at=printed)
        self.client.post(CHANGELIST, action_data("publish_now", draft))
        draft.refresh_from_db()
        self.assertEqual(draft.published_at, printed)
        self.assertIs(draft.is_published, True)

    def test_publish_now_brings_a_scheduled_article_forward(self):
        scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
        self.client.post(CHANGELIST, action_data("publish_now", scheduled))
        scheduled.refresh_from_db()
        self.assertIs(scheduled.is_published, True)

    def test_schedule_asks_for_the_time_on_a_confirmation_page(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        response = self.client.post(CHANGELIST, action_data("schedule", draft))
        self.assertTemplateUsed(response, "admin/articles/article/schedule.html")
        self.assertContains(response, draft.headline)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.DRAFT)

    def test_schedule_sets_the_chosen_future_time(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        later = (timezone.localtime() + timedelta(days=2)).replace(
            second=0, microsecond=0
        )
        data = action_data(
            "schedule",
            draft,
            apply="1",
            published_at_0=f"{later:%Y-%m-%d}",
            published_at_1=f"{later:%H:%M}",
        )
        response = self.client.post(CHANGELIST, data)
        self.assertRedirects(response, CHANGELIST)
        draft.refresh_from_db()
        self.assertEqual(draft.published_at, later)
        self.assertQuerySetEqual(Article.objects.scheduled(), [draft])

    def test_schedule_keeps_the_seconds_it_is_given(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        later = (timezone.localtime() + timedelta(days=2)).replace(
            second=37, microsecond=0
        )
        data = action_data(
            "schedule",
            draft,
            apply="1",
            published_at_0=f"{later:%Y-%m-%d}",
            published_at_1=f"{later:%H:%M:%S}",
        )
        self.client.post(CHANGELIST, data)
        draft.refresh_from_db()
        self.assertEqual(draft.published_at, later)

    def test_schedule_refuses_a_time_in_the_past(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        data = action_data(
            "schedule",
            draft,
            apply="1",
            published_at_0="2021-11-06",
            published_at_1="08:00",
        )
        response = self.client.post(CHANGELIST, data)
        self.assertContains(response, "必须晚于现在")
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.DRAFT)

    def test_withdraw_takes_published_articles_off_the_site(self):
        live, draft = make_article(), make_article(status=Status.DRAFT)
        self.client.post(CHANGELIST, action_data("withdraw", live, draft))
        live.refresh_from_db()
        draft.refresh_from_db()
        self.assertEqual(live.status, Status.WITHDRAWN)
        self.assertEqual(draft.status, Status.DRAFT)
        self.assertQuerySetEqual(Article.objects.published(), [])

    def test_action_that_fits_none_of_the_selection_says_so(self):
        draft = make_article(status=Status.DRAFT)
        response = self.client.post(
            CHANGELIST, action_data("withdraw", draft), follow=True
        )
        self.assertContains(response, "未作改动")
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.DRAFT)

    def test_back_to_draft_unpublishes(self):
        live = make_article()
        self.client.post(CHANGELIST, action_data("back_to_draft", live))
        live.refresh_from_db()
        self.assertEqual(live.status, Status.DRAFT)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.draft = make_article(
            status=Status.DRAFT, published_at=None, headline="未发布的<b>稿件</b>"
        )

    def test_anonymous_visitor_is_sent_to_the_login_page(self):
        response = self.client.get(preview_url(self.draft))
        self.assertRedirects(
            response, f"{reverse('admin:login')}?next={preview_url(self.draft)}"
        )

    def test_staff_without_article_permission_is_refused(self):
        self.client.force_login(make_staff())
        self.assertEqual(self.client.get(preview_url(self.draft)).status_code, 403)

    def test_reporter_sees_a_draft_as_readers_would_with_a_banner(self):
        self.client.force_login(make_staff("记者"))
        response = self.client.get(preview_url(self.draft))
        self.assertContains(response, "preview-banner")
        self.assertContains(response, "预览")
        self.assertContains(response, "未发布的&lt;b&gt;稿件&lt;/b&gt;")

    def test_preview_is_never_cached_or_indexed(self):
        self.client.force_login(make_staff("记者"))
        response = self.client.get(preview_url(self.draft))
        cache_control = {v.strip() for v in response["Cache-Control"].split(",")}
        self.assertLessEqual({"private", "no-store"}, cache_control)
        self.assertEqual(response["X-Robots-Tag"], "noindex")

    def test_missing_article_is_not_found(self):
        self.client.force_login(make_staff("记者"))
        for object_id in [10**9, "abc"]:
            with self.subTest(object_id=object_id):
                url = reverse("admin:articles_article_preview", args=[object_id])
                self.assertEqual(self.client.get(url).status_code, 404)

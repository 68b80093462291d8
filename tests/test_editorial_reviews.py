"""三审: sign-offs as records, the publishing gate, roles, list and 待我审."""

import io
from datetime import date

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.importing import pages, store
from articles.models import Article
from editorial import reviews
from editorial.reviews import ArticleReview, ReviewStep, Step
from tests.factories import make_article, make_user
from tests.test_articles_admin import CHANGELIST, action_data, change_url, form_data

Status = Article.Status
APPROVED, RETURNED = ReviewStep.Decision.APPROVED, ReviewStep.Decision.RETURNED


def staff(*groups, **fields):
    call_command("setup_roles", stdout=io.StringIO())
    user = make_user(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def review_url(article):
    return reverse("admin:articles_article_review", args=[article.pk])


class SigningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = staff("编辑", last_name="王", first_name="军")
        cls.head = staff("编辑", "复审")
        cls.chief = staff("编辑", "终审")
        cls.reporter = staff("记者")

    def setUp(self):
        self.article = make_article(status=Status.REVIEW, published_at=None)

    def test_steps_are_records_with_who_when_decision_and_comment(self):
        record = reviews.sign(self.article, self.desk, Step.FIRST, APPROVED, "可以")
        self.assertEqual(
            (record.step, record.user, record.decision, record.comment),
            (Step.FIRST, self.desk, APPROVED, "可以"),
        )
        self.assertIsNotNone(record.decided_at)
        self.assertEqual(ArticleReview.objects.get(article=self.article).stage, 1)

    def test_steps_go_in_order(self):
        with self.assertRaisesMessage(reviews.ReviewRefused, "请先完成初审"):
            reviews.sign(self.article, self.head, Step.SECOND, APPROVED)

    def test_nobody_signs_a_step_twice_for_one_text(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        with self.assertRaisesMessage(reviews.ReviewRefused, "已经通过初审"):
            reviews.sign(self.article, self.head, Step.FIRST, APPROVED)
        self.assertEqual(ReviewStep.objects.count(), 1)

    def test_one_person_signs_one_step_of_a_text(self):
        reviews.sign(self.article, self.head, Step.FIRST, APPROVED)
        with self.assertRaisesMessage(reviews.ReviewRefused, "同一人不能再签下一审"):
            reviews.sign(self.article, self.head, Step.SECOND, APPROVED)

    def test_database_refuses_a_second_approval_of_a_step_and_text(self):
        from django.db import IntegrityError, transaction

        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ReviewStep.objects.create(
                article=self.article,
                step=Step.FIRST,
                user=self.head,
                decision=APPROVED,
                text_version=reviews.version_of(self.article),
            )

    def test_each_step_needs_its_permission(self):
        with self.assertRaises(PermissionDenied):
            reviews.sign(self.article, self.reporter, Step.FIRST, APPROVED)
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        with self.assertRaises(PermissionDenied):
            reviews.sign(self.article, staff("编辑"), Step.SECOND, APPROVED)

    def test_a_text_change_after_sign_off_asks_again(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        reviews.sign(self.article, self.head, Step.SECOND, APPROVED)
        self.article.body += "\n\n补充一段。"
        self.article.save()
        self.assertEqual(ArticleReview.objects.get(article=self.article).stage, 0)
        # The same people may sign the new text.
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        self.assertEqual(ReviewStep.objects.filter(step=Step.FIRST).count(), 2)

    def test_a_change_outside_the_text_keeps_the_sign_offs(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        self.article.summary = "新摘要"
        self.article.save()
        self.assertEqual(ArticleReview.objects.get(article=self.article).stage, 1)

    def test_returning_sends_the_article_back_to_draft(self):
        reviews.sign(self.article, self.desk, Step.FIRST, RETURNED, "导语太长")
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Status.DRAFT)
        self.assertEqual(ArticleReview.objects.get(article=self.article).stage, 0)
        last = Article.history.filter(id=self.article.pk).latest("history_id")
        self.assertEqual(
            (last.status, last.history_change_reason, last.history_user),
            (Status.DRAFT, "初审退回", self.desk),
        )

    def test_first_reviewer_becomes_the_responsible_editor(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        review = ArticleReview.objects.get(article=self.article)
        self.assertEqual(review.responsible_editor, self.desk)


class SetupRolesTests(TestCase):
    def test_groups_for_second_and_final_review(self):
        call_command("setup_roles", stdout=io.StringIO())
        second = staff("编辑", "复审")
        final = staff("编辑", "终审")
        desk = staff("编辑")
        self.assertTrue(second.has_perm("editorial.sign_second_review"))
        self.assertFalse(second.has_perm("editorial.sign_final_review"))
        self.assertTrue(final.has_perm("editorial.sign_final_review"))
        self.assertTrue(desk.has_perm("editorial.sign_first_review"))
        self.assertFalse(desk.has_perm("editorial.sign_second_review"))
        self.assertFalse(staff("记者").has_perm("editorial.sign_first_review"))


class PublishingGateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = staff("编辑")
        cls.head = staff("编辑", "复审")
        cls.chief = staff("编辑", "终审")

    def setUp(self):
        self.client.force_login(self.desk)
        self.article = make_article(status=Status.REVIEW, published_at=None)

    def publish(self, article):
        self.client.post(CHANGELIST, action_data("publish_now", article))
        article.refresh_from_db()
        return article.status

    def test_by_default_nothing_is_required(self):
        self.assertEqual(reviews.required_steps(), 0)
        self.assertEqual(self.publish(self.article), Status.PUBLISHED)

    @override_settings(REVIEW_STEPS="first")
    def test_first_review_only(self):
        self.assertEqual(self.publish(self.article), Status.REVIEW)
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        self.assertEqual(self.publish(self.article), Status.PUBLISHED)

    @override_settings(REVIEW_STEPS="all")
    def test_all_three_steps(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        reviews.sign(self.article, self.head, Step.SECOND, APPROVED)
        self.assertEqual(self.publish(self.article), Status.REVIEW)
        reviews.sign(self.article, self.chief, Step.FINAL, APPROVED)
        self.assertEqual(self.publish(self.article), Status.PUBLISHED)

    @override_settings(REVIEW_STEPS="first")
    def test_schedule_action_is_gated_too(self):
        self.client.post(
            CHANGELIST,
            action_data(
                "schedule",
                self.article,
                apply="1",
                published_at_0="2099-01-01",
                published_at_1="08:00",
            ),
        )
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Status.REVIEW)

    @override_settings(REVIEW_STEPS="first")
    def test_form_refuses_to_publish_unsigned_text(self):
        response = self.client.post(
            change_url(self.article), form_data(self.article, status=Status.PUBLISHED)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "尚未完成必需的审稿")

    @override_settings(REVIEW_STEPS="first")
    def test_form_refuses_signed_text_changed_while_publishing(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        data = form_data(self.article, status=Status.PUBLISHED, body="改过的正文。")
        response = self.client.post(change_url(self.article), data)
        self.assertContains(response, "尚未完成必需的审稿")
        data = form_data(self.article, status=Status.PUBLISHED)
        response = self.client.post(change_url(self.article), data)
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Status.PUBLISHED)

    @override_settings(REVIEW_STEPS="first")
    def test_import_with_publish_waits_for_review(self):
        page = pages.load_text(
            "会议召开\n\n本报讯 会议召开。\n",
            "a1.txt",
            date(2021, 11, 6),
            sha256="0" * 64,
            encoding="utf-8",
        )
        store.import_page(page, publish=True)
        self.assertEqual(Article.objects.get(headline="会议召开").status, Status.REVIEW)


class ReviewAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = staff("编辑", last_name="王", first_name="军")
        cls.head = staff("编辑", "复审", last_name="李", first_name="明")

    def setUp(self):
        self.article = make_article(
            headline="待审稿件", status=Status.REVIEW, published_at=None
        )

    def test_editor_signs_from_the_article_page(self):
        self.client.force_login(self.desk)
        page = self.client.get(change_url(self.article))
        self.assertContains(page, "初审通过")
        response = self.client.post(
            review_url(self.article),
            {"step": "1", "decision": APPROVED, "comment": "同意"},
        )
        self.assertRedirects(response, change_url(self.article))
        self.assertEqual(ReviewStep.objects.get().comment, "同意")
        page = self.client.get(change_url(self.article))
        self.assertContains(page, "责任编辑：王军")

    def test_signing_is_post_only_and_refusals_are_messages(self):
        self.client.force_login(self.desk)
        self.assertEqual(self.client.get(review_url(self.article)).status_code, 405)
        response = self.client.post(
            review_url(self.article), {"step": "2", "decision": APPROVED}
        )
        self.assertEqual(response.status_code, 403)  # 王军 may not sign 复审
        self.client.force_login(self.head)
        response = self.client.post(
            review_url(self.article), {"step": "2", "decision": APPROVED}, follow=True
        )
        self.assertContains(response, "请先完成初审")
        response = self.client.post(
            review_url(self.article), {"step": "9"}, follow=True
        )
        self.assertContains(response, "审稿表单填写有误")

    @override_settings(REVIEW_STEPS="all")
    def test_list_shows_where_each_article_stands_and_filters_by_it(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        other = make_article(
            headline="未审稿件", status=Status.REVIEW, published_at=None
        )
        self.client.force_login(self.head)
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "初审✓王军 复审— 终审—")
        response = self.client.get(CHANGELIST + "?review=1")
        self.assertContains(response, "待审稿件")
        self.assertNotContains(response, "未审稿件")
        response = self.client.get(CHANGELIST + "?review=0")
        self.assertContains(response, other.headline)
        self.assertNotContains(response, "待审稿件")

    @override_settings(REVIEW_STEPS="all")
    def test_waiting_for_me_lists_what_my_next_step_can_sign(self):
        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)
        make_article(headline="未审稿件", status=Status.REVIEW, published_at=None)
        self.client.force_login(self.head)
        response = self.client.get(CHANGELIST + "?review=mine")
        # 复审 for the first; 初审 for the other (李明 is an editor too).
        self.assertContains(response, "待审稿件")
        self.assertContains(response, "未审稿件")
        self.client.force_login(self.desk)
        response = self.client.get(CHANGELIST + "?review=mine")
        self.assertNotContains(response, "待审稿件")  # signed 初审; no 复审 right
        self.assertContains(response, "未审稿件")

    def test_article_page_names_the_responsible_editor(self):
        published = make_article(headline="已发布稿件")
        ArticleReview.objects.create(article=published, responsible_editor=self.desk)
        response = self.client.get(published.get_absolute_url())
        self.assertContains(response, "责任编辑：王军")
        with override_settings(SHOW_RESPONSIBLE_EDITOR=False):
            response = self.client.get(published.get_absolute_url())
            self.assertNotContains(response, "责任编辑")


def sample_page_text():
    from pathlib import Path

    from django.conf import settings

    return Path(settings.BASE_DIR, "samples/sample-page.txt").read_text("utf-8")


class PublishOnlyWarningFreeTests(TestCase):
    """import_articles --publish publishes what the parser is sure of."""

    def page(self):
        return pages.load_text(
            sample_page_text(),
            "a1.txt",
            date(2021, 11, 6),
            sha256="0" * 64,
            encoding="utf-8",
        )

    def test_articles_with_warnings_wait_in_review_with_them(self):
        page = self.page()
        warned = [a.headline for a in page.articles if a.warnings]
        self.assertTrue(warned, "the guessed split must carry a warning")
        store.import_page(page, publish=True)
        for article in Article.objects.select_related("import_warnings"):
            with self.subTest(headline=article.headline):
                if article.headline in warned:
                    self.assertEqual(article.status, Status.REVIEW)
                    self.assertIsNone(article.published_at)
                    self.assertIn(
                        "标题拆分为推测，请核对", article.import_warnings.warnings
                    )
                else:
                    self.assertEqual(article.status, Status.PUBLISHED)
                    self.assertFalse(hasattr(article, "import_warnings"))

    def test_publish_all_publishes_them_too_and_keeps_the_warnings(self):
        store.import_page(self.page(), publish=True, publish_all=True)
        self.assertFalse(Article.objects.exclude(status=Status.PUBLISHED).exists())
        self.assertTrue(Article.objects.filter(import_warnings__isnull=False).exists())

    def test_command_options(self):
        import tempfile
        from pathlib import Path

        from django.core.management.base import CommandError

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "a1.txt")
            path.write_text(sample_page_text(), encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "--publish-all 须与 --publish"):
                call_command("import_articles", str(path), "--publish-all")
            call_command(
                "import_articles",
                str(path),
                "--issue-date",
                "2021-11-06",
                "--publish",
                stdout=io.StringIO(),
            )
        self.assertTrue(Article.objects.filter(status=Status.REVIEW).exists())
        self.assertTrue(Article.objects.filter(status=Status.PUBLISHED).exists())

    def test_admin_list_shows_and_filters_the_warnings(self):
        store.import_page(self.page(), publish=True)
        editor = staff("编辑")
        self.client.force_login(editor)
        response = self.client.get(CHANGELIST + "?warnings=yes")
        self.assertContains(response, "标题拆分为推测，请核对")
        self.assertNotContains(response, "航空港实验区召开疫情防控工作会议")

    def test_sample_page_of_make_run_does_not_publish_the_guessed_split(self):
        from pathlib import Path

        from django.conf import settings

        sample = Path(settings.BASE_DIR, "samples/sample-page.txt")
        call_command(
            "import_articles",
            str(sample),
            "--issue-date",
            "2021-11-06",
            "--publish",
            stdout=io.StringIO(),
        )
        wrong = Article.objects.get(headline="航空港实验区")
        self.assertEqual(wrong.status, Status.REVIEW)
        self.assertFalse(Article.objects.published().filter(headline="航空港实验区"))


class ResponsibleEditorTests(TestCase):
    """An editor names the article's 责任编辑; the page prints it."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = staff("编辑", last_name="王", first_name="军")
        cls.other = staff("编辑", last_name="李", first_name="明")
        cls.reporter = staff("记者", last_name="赵", first_name="强")

    def setUp(self):
        self.article = make_article(headline="已发布稿件")
        self.url = reverse(
            "admin:articles_article_responsible_editor", args=[self.article.pk]
        )

    def responsible(self):
        review = ArticleReview.objects.filter(article=self.article).first()
        return review.responsible_editor if review else None

    def test_an_editor_names_the_responsible_editor_shown_on_the_page(self):
        self.client.force_login(self.desk)

        response = self.client.post(self.url, {"editor": self.other.pk})

        self.assertRedirects(response, change_url(self.article))
        self.assertEqual(self.responsible(), self.other)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "责任编辑：李明")

    def test_the_change_form_offers_the_editors_only(self):
        self.client.force_login(self.desk)

        response = self.client.get(change_url(self.article))

        self.assertContains(response, "设定责任编辑")
        form = response.context["review_panel"]["editor_form"]
        self.assertQuerySetEqual(
            form.fields["editor"].queryset, [self.desk, self.other], ordered=False
        )
        self.assertContains(response, f'<option value="{self.other.pk}">李明</option>')

    def test_a_named_editor_stays_when_someone_else_signs_first_review(self):
        self.article.status, self.article.published_at = Status.REVIEW, None
        self.article.save()
        reviews.assign_responsible_editor(self.article, self.other, self.desk)

        reviews.sign(self.article, self.desk, Step.FIRST, APPROVED)

        self.assertEqual(self.responsible(), self.other)

    def test_clearing_it_leaves_none(self):
        reviews.assign_responsible_editor(self.article, self.other, self.desk)
        self.client.force_login(self.desk)

        self.client.post(self.url, {"editor": ""})

        self.assertIsNone(self.responsible())

    def test_a_reporter_may_not_name_one_nor_sees_the_form(self):
        self.client.force_login(self.reporter)

        response = self.client.post(self.url, {"editor": self.desk.pk})

        self.assertEqual(response.status_code, 403)
        self.assertIsNone(self.responsible())
        with self.assertRaises(PermissionDenied):
            reviews.assign_responsible_editor(self.article, self.desk, self.reporter)

    def test_only_an_editor_may_be_named(self):
        self.client.force_login(self.desk)
        inactive = staff("编辑", is_active=False)

        for person in (self.reporter, inactive):
            with self.subTest(person=person.username):
                response = self.client.post(
                    self.url, {"editor": person.pk}, follow=True
                )
                self.assertContains(response, "责任编辑须是可以初审的在职编辑")
                self.assertIsNone(self.responsible())
        with self.assertRaisesMessage(reviews.ReviewRefused, "在职编辑"):
            reviews.assign_responsible_editor(self.article, self.reporter, self.desk)

    def test_only_a_post_names_one(self):
        self.client.force_login(self.desk)

        self.assertEqual(self.client.get(self.url).status_code, 405)

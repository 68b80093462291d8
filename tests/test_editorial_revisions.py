"""Revisions: every saved change kept, listed, compared by character, restored."""

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.importing import pages, store
from articles.models import Article, ArticleReporter
from editorial import revisions
from editorial.diff import DELETE, EQUAL, INSERT, char_diff
from tests.factories import make_article, make_reporter
from tests.test_articles_admin import (
    ADD,
    CHANGELIST,
    action_data,
    change_url,
    form_data,
    make_staff,
)

Status = Article.Status
PAGE = "航空港区召开会议\n\n本报讯 会议在航空港区召开。\n\n记者 王军 李四\n"


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old, new):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={old.history_id}&to={new.history_id}"


def restore_url(article, revision):
    return reverse(
        "admin:articles_article_restore", args=[article.pk, revision.history_id]
    )


def revisions_of(article):
    return list(
        Article.history.filter(id=article.pk).order_by("history_date", "history_id")
    )


class CharDiffTests(TestCase):
    def test_one_changed_character_is_marked_alone(self):
        pieces = char_diff("航空港区召开会议", "航空港区召开会谈")
        self.assertEqual(
            pieces,
            [(EQUAL, "航空港区召开会"), (DELETE, "议"), (INSERT, "谈")],
        )
        self.assertEqual(
            char_diff("召开会议", "召开大会"),
            [(EQUAL, "召开"), (INSERT, "大"), (EQUAL, "会"), (DELETE, "议")],
        )

    def test_unchanged_paragraphs_stay_whole_around_a_changed_one(self):
        old = "第一段。\n\n第二段有错别子。\n\n第三段。"
        new = "第一段。\n\n第二段有错别字。\n\n第三段。"
        pieces = char_diff(old, new)
        self.assertIn((DELETE, "子"), pieces)
        self.assertIn((INSERT, "字"), pieces)
        self.assertEqual("".join(t for k, t in pieces if k != INSERT), old)
        self.assertEqual("".join(t for k, t in pieces if k != DELETE), new)

    def test_added_and_removed_paragraphs(self):
        self.assertEqual(char_diff("", "新段落"), [(INSERT, "新段落")])
        self.assertEqual(char_diff("旧段落", ""), [(DELETE, "旧段落")])
        self.assertEqual(char_diff("同", "同"), [(EQUAL, "同")])


class RecordingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_admin_form_keeps_one_revision_per_save_with_its_bylines(self):
        reporter = make_reporter(name="王军")
        data = form_data(headline="初稿标题")
        data.update(
            {
                "reporter_bylines-TOTAL_FORMS": "1",
                "reporter_bylines-0-reporter": reporter.pk,
                "reporter_bylines-0-position": "0",
            }
        )
        self.assertRedirects(self.client.post(ADD, data), CHANGELIST)
        article = Article.objects.get(headline="初稿标题")
        self.client.post(change_url(article), form_data(article, headline="改后标题"))

        first, second = revisions_of(article)
        self.assertEqual(first.headline, "初稿标题")
        self.assertEqual(first.bylines["reporters"], [[reporter.pk, "王军"]])
        self.assertEqual(first.history_user, self.editor)
        self.assertEqual(second.headline, "改后标题")
        self.assertEqual(second.bylines, first.bylines)
        self.assertEqual(revisions.changed_fields(first, second), ["headline", "slug"])

    def test_publishing_action_keeps_a_revision_naming_the_action(self):
        article = make_article(status=Status.DRAFT, published_at=None)
        self.client.post(CHANGELIST, action_data("publish_now", article))
        last = revisions_of(article)[-1]
        self.assertEqual(last.status, Status.PUBLISHED)
        self.assertEqual(last.history_change_reason, "立即发布")
        self.assertEqual(last.history_user, self.editor)

    def test_withdrawal_and_back_to_draft_keep_revisions(self):
        article = make_article()
        self.client.post(CHANGELIST, action_data("withdraw", article))
        self.client.post(CHANGELIST, action_data("back_to_draft", article))
        statuses = [r.status for r in revisions_of(article)]
        self.assertEqual(statuses[-2:], [Status.WITHDRAWN, Status.DRAFT])

    def test_any_save_outside_the_admin_keeps_a_revision(self):
        # e.g. the stitching of an article continued on another page.
        article = make_article(body="上半篇。")
        article.body += "\n\n下半篇。"
        article.save()
        self.assertEqual(revisions_of(article)[-1].body, "上半篇。\n\n下半篇。")

    def test_import_keeps_each_articles_first_revision_with_bylines_and_user(self):
        page = pages.load_text(
            PAGE, "a1.txt", date(2021, 11, 6), sha256="0" * 64, encoding="utf-8"
        )
        store.import_page(page, user=self.editor)
        article = Article.objects.get()
        (revision,) = revisions_of(article)
        self.assertEqual(revision.history_type, "+")
        self.assertEqual(revision.headline, article.headline)
        self.assertEqual(revision.body, article.body)
        self.assertEqual(revision.history_user, self.editor)
        names = [name for _, name in revision.bylines["reporters"]]
        self.assertEqual(names, ["王军", "李四"])
        ids = [pk for pk, _ in revision.bylines["reporters"]]
        self.assertEqual(
            ids,
            list(
                ArticleReporter.objects.filter(article=article)
                .order_by("position")
                .values_list("reporter_id", flat=True)
            ),
        )

    def test_import_command_keeps_revisions(self):
        path = self.tmp_page()
        call_command(
            "import_articles", path, "--issue-date", "2021-11-06", stdout=io.StringIO()
        )
        self.assertEqual(Article.history.count(), Article.objects.count())

    @override_settings(SIMPLE_HISTORY_ENABLED=False)
    def test_revisions_can_be_turned_off_for_measuring(self):
        make_article()
        self.assertEqual(Article.history.count(), 0)

    def tmp_page(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = Path(folder, "a1.txt")
        path.write_text(PAGE, encoding="utf-8")
        return str(path)


class HistoryPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.reporter_user = make_staff("记者")

    def setUp(self):
        self.client.force_login(self.editor)
        self.article = make_article(
            headline="航空港区召开会议", body="第一段。\n\n错别子。"
        )
        self.article.body = "第一段。\n\n错别字。"
        self.article.save()
        self.old, self.new = revisions_of(self.article)

    def test_history_lists_every_revision_with_what_changed(self):
        response = self.client.get(history_url(self.article))
        self.assertContains(response, "修订记录")
        self.assertContains(response, "正文")
        self.assertEqual(len(response.context["revisions"]), 2)

    def test_compare_marks_the_changed_character(self):
        response = self.client.get(compare_url(self.article, self.old, self.new))
        self.assertContains(response, "<del>子</del><ins>字</ins>", html=False)
        self.assertNotContains(response, "<del>第一段")

    def test_compare_escapes_the_text(self):
        self.article.headline = "<script>alert(1)</script>"
        self.article.save()
        newest = revisions_of(self.article)[-1]
        response = self.client.get(compare_url(self.article, self.old, newest))
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, "&lt;script&gt;")

    def test_compare_of_an_unknown_or_foreign_revision_is_404(self):
        other = make_article()
        foreign = revisions_of(other)[0]
        response = self.client.get(compare_url(self.article, self.old, foreign))
        self.assertEqual(response.status_code, 404)
        url = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(url + "?from=x&to=1")
        self.assertRedirects(response, history_url(self.article))

    def test_restore_brings_back_text_and_bylines_as_a_new_revision(self):
        reporter = make_reporter(name="旧记者")
        ArticleReporter.objects.create(article=self.article, reporter=reporter)
        self.article.save()  # a revision with the byline
        with_byline = revisions_of(self.article)[-1]
        ArticleReporter.objects.filter(article=self.article).delete()
        self.article.headline = "改错的标题"
        self.article.save()

        response = self.client.post(restore_url(self.article, with_byline))
        self.assertRedirects(response, change_url(self.article))
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, "航空港区召开会议")
        self.assertEqual(self.article.ordered_reporters, [reporter])
        self.assertEqual(self.article.status, Status.PUBLISHED)
        restored = revisions_of(self.article)[-1]
        self.assertIn("恢复到", restored.history_change_reason)
        self.assertEqual(restored.history_user, self.editor)
        self.assertEqual(len(revisions_of(self.article)), 5)

    def test_restore_only_by_post(self):
        response = self.client.get(restore_url(self.article, self.old))
        self.assertEqual(response.status_code, 405)

    def test_reporter_cannot_restore_a_published_article(self):
        self.client.force_login(self.reporter_user)
        response = self.client.post(restore_url(self.article, self.old))
        self.assertEqual(response.status_code, 403)
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "第一段。\n\n错别字。")
        # They may still read the history.
        self.assertEqual(self.client.get(history_url(self.article)).status_code, 200)
        self.assertNotContains(self.client.get(history_url(self.article)), "恢复此版本")

    def test_reporter_restores_a_draft_they_may_edit(self):
        self.client.force_login(self.reporter_user)
        Article.objects.filter(pk=self.article.pk).update(status=Status.DRAFT)
        response = self.client.post(restore_url(self.article, self.old))
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "第一段。\n\n错别子。")
        self.assertEqual(self.article.status, Status.DRAFT)

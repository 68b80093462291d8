"""Corrections (更正): added by staff, published only by publishers, shown
on the article page, in feeds, in JSON-LD and on /corrections/."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import corrections
from editorial.corrections import Correction
from tests.factories import make_article
from tests.test_articles_admin import make_staff
from tests.test_articles_views import count_queries

Status = Article.Status
ADD = reverse("admin:editorial_correction_add")
CORRECTIONS = reverse("editorial:corrections")
ATOM = "{http://www.w3.org/2005/Atom}"


def correction_data(article, publish=False, **fields):
    data = {
        "article": article.pk,
        "wrong": "航空港区",
        "right": "航空港实验区",
        "note": "",
        **fields,
    }
    if publish:
        data["publish"] = "on"
    return data


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


class CorrectionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.reporter_user = make_staff("记者")
        cls.article = make_article(headline="航空港区召开会议")

    def test_editor_adds_and_publishes_a_correction(self):
        self.client.force_login(self.editor)
        response = self.client.post(ADD, correction_data(self.article, publish=True))
        self.assertEqual(response.status_code, 302)
        correction = Correction.objects.get()
        self.assertTrue(correction.is_published)
        self.assertEqual(correction.published_by, self.editor)
        self.assertEqual(correction.created_by, self.editor)

    def test_saving_without_publishing_keeps_it_from_readers(self):
        self.client.force_login(self.editor)
        self.client.post(ADD, correction_data(self.article))
        self.assertFalse(Correction.objects.get().is_published)
        self.assertNotContains(
            self.client.get(self.article.get_absolute_url()), "航空港实验区"
        )

    def test_reporter_may_propose_but_not_publish(self):
        self.client.force_login(self.reporter_user)
        form = self.client.get(ADD)
        self.assertNotContains(form, 'name="publish"')
        response = self.client.post(ADD, correction_data(self.article, publish=True))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Correction.objects.get().is_published)

    def test_reporter_cannot_publish_through_the_action(self):
        correction = Correction.objects.create(
            article=self.article, wrong="甲", right="乙"
        )
        self.client.force_login(self.reporter_user)
        response = self.client.post(
            reverse("admin:editorial_correction_changelist"),
            {"action": "publish_selected", "_selected_action": [correction.pk]},
        )
        self.assertIn(response.status_code, (200, 302, 403))
        correction.refresh_from_db()
        self.assertFalse(correction.is_published)

    def test_editor_publishes_through_the_action(self):
        correction = Correction.objects.create(
            article=self.article, wrong="甲", right="乙"
        )
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:editorial_correction_changelist"),
            {"action": "publish_selected", "_selected_action": [correction.pk]},
        )
        correction.refresh_from_db()
        self.assertTrue(correction.is_published)

    def test_reporter_cannot_change_a_published_correction(self):
        correction = Correction.objects.create(
            article=self.article, wrong="甲", right="乙", published_at=timezone.now()
        )
        self.client.force_login(self.reporter_user)
        url = reverse("admin:editorial_correction_change", args=[correction.pk])
        self.client.post(url, correction_data(self.article, wrong="改掉"))
        correction.refresh_from_db()
        self.assertEqual(correction.wrong, "甲")

    def test_only_published_articles_can_be_corrected(self):
        draft = make_article(status=Status.DRAFT, published_at=None)
        self.client.force_login(self.editor)
        response = self.client.post(ADD, correction_data(draft, publish=True))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只能更正已发布的稿件")
        self.assertFalse(Correction.objects.exists())

    def test_article_form_links_to_a_new_correction_of_it(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("admin:articles_article_change", args=[self.article.pk])
        )
        self.assertContains(response, f"{ADD}?article={self.article.pk}")
        form = self.client.get(f"{ADD}?article={self.article.pk}")
        self.assertEqual(
            form.context["adminform"].form.initial["article"], str(self.article.pk)
        )

    def test_setup_roles_gives_both_groups_corrections(self):
        self.assertTrue(
            Group.objects.get(name="记者").permissions.filter(codename="add_correction")
        )
        self.assertTrue(self.editor.has_perm("editorial.delete_correction"))
        self.assertFalse(self.reporter_user.has_perm("editorial.delete_correction"))


class CorrectionOnPublicSurfacesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("编辑")
        cls.article = make_article(headline="航空港区召开会议")
        # Written the day before it is corrected (a row written in one go
        # counts as unmodified since publication).
        Article.objects.filter(pk=cls.article.pk).update(
            created_at=timezone.now() - timedelta(days=1)
        )
        cls.correction = Correction.objects.create(
            article=cls.article, wrong="3000万元", right="300万元", note="数字有误"
        )
        corrections.publish(Correction.objects.all(), cls.editor)
        cls.correction.refresh_from_db()
        cls.article.refresh_from_db()

    def test_article_page_prints_the_dated_correction(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "更正")
        self.assertContains(
            response, "“3000万元”有误，应为“300万元”。数字有误。特此更正。"
        )
        day = timezone.localtime(self.correction.published_at).date()
        self.assertContains(response, f"{day.year}年{day.month}月{day.day}日")

    def test_publishing_marks_the_article_modified(self):
        self.assertEqual(self.article.updated_at, self.correction.published_at)

    def test_json_ld_carries_the_correction_and_date_modified(self):
        data = json_ld(self.client.get(self.article.get_absolute_url()))
        (entry,) = data["correction"]
        self.assertEqual(entry["@type"], "CorrectionComment")
        self.assertIn("300万元", entry["text"])
        self.assertEqual(
            data["dateModified"],
            timezone.localtime(self.correction.published_at).isoformat(),
        )

    def test_uncorrected_article_has_no_correction_in_json_ld(self):
        other = make_article()
        self.assertNotIn(
            "correction", json_ld(self.client.get(other.get_absolute_url()))
        )

    def test_feeds_mark_the_item_updated_and_say_why(self):
        rss = self.client.get(reverse("articles:feed"))
        item = ET.fromstring(rss.content).find("channel").find("item")
        self.assertIn("【更正】", item.findtext("description"))
        atom = ET.fromstring(self.client.get(reverse("articles:feed_atom")).content)
        entry = atom.find(f"{ATOM}entry")
        updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        self.assertEqual(updated, self.correction.published_at)
        self.assertNotEqual(
            entry.findtext(f"{ATOM}updated"), entry.findtext(f"{ATOM}published")
        )

    def test_corrections_page_lists_published_corrections(self):
        pending = make_article(headline="另一篇稿件")
        Correction.objects.create(article=pending, wrong="甲", right="乙")
        response = self.client.get(CORRECTIONS)
        self.assertContains(response, "航空港区召开会议")
        self.assertContains(response, self.article.get_absolute_url())
        self.assertNotContains(response, "另一篇稿件")

    def test_corrections_of_withdrawn_articles_are_not_listed(self):
        Article.objects.filter(pk=self.article.pk).update(status=Status.WITHDRAWN)
        response = self.client.get(CORRECTIONS)
        self.assertNotContains(response, "航空港区召开会议")
        self.assertContains(response, "暂无更正")

    def test_corrections_page_with_a_bad_page_number_is_404(self):
        self.assertEqual(self.client.get(CORRECTIONS + "?page=x").status_code, 404)
        self.assertEqual(self.client.get(CORRECTIONS + "?page=99").status_code, 404)

    def test_corrections_page_query_count_does_not_grow(self):
        few = count_queries(self.client, CORRECTIONS)
        for _ in range(5):
            article = make_article()
            Correction.objects.create(
                article=article, wrong="甲", right="乙", published_at=timezone.now()
            )
        with self.assertNumQueries(few):
            self.client.get(CORRECTIONS)

    def test_correction_text_is_escaped(self):
        Correction.objects.filter(pk=self.correction.pk).update(
            wrong="<script>alert(1)</script>"
        )
        for url in (self.article.get_absolute_url(), CORRECTIONS):
            response = self.client.get(url)
            self.assertNotContains(response, "<script>alert(1)")

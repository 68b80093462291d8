"""Editors manage issues, pages and placements in the admin."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from edition.models import Placement
from tests.factories import make_article, make_page
from tests.test_articles_admin import form_data, make_staff


def placement_rows(page, rows):
    """POST data for the page form with [(placement, order)] rows."""
    data = {
        "issue": page.issue_id,
        "label": page.label,
        "name": page.name,
        "editor": "",
        "designer": "",
        "placements-TOTAL_FORMS": str(len(rows)),
        "placements-INITIAL_FORMS": str(len(rows)),
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "1000",
    }
    for i, (placement, order) in enumerate(rows):
        data.update(
            {
                f"placements-{i}-id": placement.pk,
                f"placements-{i}-page": page.pk,
                f"placements-{i}-article": placement.article_id,
                f"placements-{i}-order": str(order),
                f"placements-{i}-is_primary": "on",
            }
        )
    return data


class EditionAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(make_staff("编辑"))
        self.lead = make_article(headline="头条稿件")
        self.second = make_article(headline="二条稿件")
        self.page = make_page("A1", articles=[self.lead, self.second])

    def test_issue_shows_its_pages_inline(self):
        make_page("A2", name="综合新闻")
        url = reverse("admin:edition_issue_change", args=[self.page.issue_id])
        response = self.client.get(url)
        self.assertContains(response, "综合新闻")
        self.assertContains(response, "排序与添加稿件")

    def test_page_lists_its_articles_in_print_order_and_reorders_them(self):
        url = reverse("admin:edition_page_change", args=[self.page.pk])
        response = self.client.get(url)
        content = response.content.decode()
        self.assertLess(content.index("头条稿件"), content.index("二条稿件"))
        first, second = self.page.placements.order_by("order")
        response = self.client.post(
            url, placement_rows(self.page, [(first, 2), (second, 1)])
        )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context.get("errors"),
        )
        ordered = self.page.placements.order_by("order")
        self.assertEqual([p.article for p in ordered], [self.second, self.lead])

    def test_hand_written_article_is_added_to_the_page(self):
        link = reverse("admin:articles_article_add") + f"?edition_page={self.page.pk}"
        page_form = self.client.get(
            reverse("admin:edition_page_change", args=[self.page.pk])
        )
        self.assertContains(page_form, f"edition_page={self.page.pk}")
        response = self.client.get(link)
        self.assertContains(response, 'name="placements-0-order" value="3"')
        data = form_data(headline="手写稿件")
        data.update(
            {
                "placements-TOTAL_FORMS": "1",
                "placements-INITIAL_FORMS": "0",
                "placements-0-page": str(self.page.pk),
                "placements-0-order": "3",
                "placements-0-is_primary": "on",
            }
        )
        response = self.client.post(link, data)
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(headline="手写稿件")
        self.assertEqual(
            list(article.placements.values_list("page", "order")), [(self.page.pk, 3)]
        )

    def test_article_form_shows_and_edits_its_placements(self):
        url = reverse("admin:articles_article_change", args=[self.lead.pk])
        response = self.client.get(url)
        self.assertContains(response, "见报位置（数字报）")
        placement = Placement.objects.get(article=self.lead)
        other = make_page("A2")
        data = form_data(self.lead)
        data.update(
            {
                "placements-TOTAL_FORMS": "1",
                "placements-INITIAL_FORMS": "1",
                "placements-0-id": str(placement.pk),
                "placements-0-article": str(self.lead.pk),
                "placements-0-page": str(other.pk),
                "placements-0-order": "4",
                "placements-0-is_primary": "on",
            }
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        placement.refresh_from_db()
        self.assertEqual((placement.page, placement.order), (other, 4))

    def test_article_form_without_placements_section_keeps_them(self):
        url = reverse("admin:articles_article_change", args=[self.lead.pk])
        data = form_data(self.lead, body="改过的正文。")
        self.assertNotIn("placements-TOTAL_FORMS", data)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(self.lead.placements.get().page, self.page)

    def test_page_search_finds_label_on_a_date(self):
        url = reverse("admin:edition_page_changelist")
        day = self.page.issue.date.isoformat()
        response = self.client.get(url, {"q": f"{day} 第A1版"})
        self.assertEqual(list(response.context["cl"].result_list), [self.page])
        response = self.client.get(url, {"q": "2021-13-45 A1"})
        self.assertEqual(list(response.context["cl"].result_list), [])

    def test_issue_autocomplete_lists_the_newest_issue_first(self):
        days = [date(2021, 11, d) for d in (3, 9, 6)]
        for day in days:
            make_page("A1", issue_date=day)
        response = self.client.get(
            "/admin/autocomplete/",
            {"app_label": "edition", "model_name": "page", "field_name": "issue"},
        )
        shown = [result["text"] for result in response.json()["results"]]
        # After the issue of today the class starts from.
        self.assertEqual(
            shown[-3:], ["2021年11月9日", "2021年11月6日", "2021年11月3日"]
        )

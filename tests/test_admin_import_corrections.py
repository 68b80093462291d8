"""The admin import preview: an editor corrects the articles before importing."""

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Article, ArticleCorrespondent, ArticleReporter
from editorial.import_warnings import ImportWarnings
from people.models import Reporter
from tests.import_preview import form_data
from tests.test_admin_import import SHORT_TEXT, staff

SAMPLE = settings.BASE_DIR / "samples" / "sample-page.txt"
SPLIT = "标题拆分为推测，请核对"
NO_DATE_PAGE = (
    "实验区召开安全生产工作会议\n\n"
    "本报讯 11月31日,航空港实验区召开安全生产工作会议。\n\n"
    "会议要求,各单位要压实责任。\n\n记者 王军方\n"
)


def article_block(response, position):
    """Return the HTML of the preview's article at position."""
    html = response.content.decode()
    start = html.index(f'id="article-{position}"')
    end = html.find('id="article-', start + 1)
    return html[start : end if end > 0 else len(html)]


def field_row(block, name):
    """Return the HTML of one field's row in an article's block."""
    start = block.index(f"field-{name}")
    return block[start : block.find('<div class="form-row', start + 1)]


@override_settings(ROOT_URLCONF="tests.test_admin_import")
class ImportPreviewCorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff("编辑")

    def setUp(self):
        self.client.force_login(self.editor)
        self.import_url = reverse("admin:articles_importbatch_import")
        self.confirm_url = reverse("admin:articles_importbatch_import_confirm")

    def preview(self, text=SHORT_TEXT, **fields):
        data = {"issue_date": "2021-11-06", "text": text, **fields}
        return self.client.post(self.import_url, data)

    def post(self, response, button, **changes):
        """Post the preview shown in response, as corrected, with a button."""
        data = {**form_data(response), **changes}
        for name in [name for name, value in changes.items() if value is None]:
            del data[name]
        return self.client.post(self.confirm_url, {**data, button: "1"})

    def correct_the_split(self, preview):
        return self.post(
            preview,
            "_preview",
            **{
                "articles-0-headline": "航空港实验区法治化营商环境全市排名第一",
                "articles-0-subheadline": "",
            },
        )

    def test_each_article_offers_its_fields_for_correction(self):
        preview = self.preview()

        block = article_block(preview, 1)
        for name, value in (
            ("headline", "航空港实验区"),
            ("subheadline", "法治化营商环境 全市排名第一"),
            ("dateline_date", "2021-11-04"),
            ("reporters", "王军方"),
        ):
            with self.subTest(name):
                self.assertRegex(
                    block, rf'name="articles-0-{name}"[^>]*value="{value}"'
                )
        self.assertIn('name="articles-0-drop"', block)
        self.assertIn('name="articles-0-keep_as_draft"', block)
        self.assertIn("存为草稿", block)
        self.assertIn("不导入", block)

    def test_warnings_show_beside_the_field_they_concern(self):
        preview = self.preview()
        block = article_block(preview, 1)
        self.assertIn(SPLIT, field_row(block, "headline"))
        self.assertNotIn(SPLIT, field_row(block, "reporters"))

        dated = article_block(self.preview(NO_DATE_PAGE), 1)
        self.assertIn("电头日期未能识别", field_row(dated, "dateline_date"))

        unsigned = article_block(self.preview(NO_DATE_PAGE.replace("记者 ", "")), 1)
        self.assertIn("未找到署名", field_row(unsigned, "reporters"))

    def test_new_names_are_marked_beside_their_field(self):
        block = article_block(self.preview(), 2)

        self.assertIn('class="is-new"', field_row(block, "correspondents"))
        self.assertIn("孙文韬", field_row(block, "correspondents"))

    def test_corrected_split_is_shown_and_imported_as_shown(self):
        again = self.correct_the_split(self.preview())

        block = article_block(again, 1)
        self.assertIn("[将新建]", block)
        self.assertIn("航空港实验区法治化营商环境全市排名第一", block)
        self.assertNotIn(SPLIT, block)
        self.assertEqual(Article.objects.count(), 0)

        response = self.post(again, "_confirm")

        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(page_position=1)
        self.assertEqual(
            (article.headline, article.subheadline),
            ("航空港实验区法治化营商环境全市排名第一", ""),
        )
        self.assertFalse(ImportWarnings.objects.filter(article=article).exists())

    def test_a_corrected_article_is_published_with_publish(self):
        preview = self.preview(publish="on")

        self.post(self.correct_the_split(preview), "_confirm")

        self.assertEqual(
            dict(Article.objects.values_list("page_position", "status")),
            {1: "published", 2: "review", 3: "published"},
        )

    def test_confirming_changes_not_yet_previewed_previews_them_first(self):
        preview = self.preview()

        shown = self.post(preview, "_confirm", **{"articles-0-headline": "新标题"})

        self.assertEqual(shown.status_code, 200)
        self.assertEqual(Article.objects.count(), 0)
        self.assertRegex(article_block(shown, 1), r"\[将新建\]\s+新标题")
        self.assertContains(shown, "改动尚未预览")
        self.post(shown, "_confirm")
        self.assertTrue(Article.objects.filter(headline="新标题").exists())

    def test_changed_settings_not_yet_previewed_preview_first(self):
        shown = self.post(self.preview(), "_confirm", issue_date="2021-11-03")

        self.assertEqual(shown.status_code, 200)
        self.assertEqual(Article.objects.count(), 0)
        self.assertIn("2020-11-04", article_block(shown, 1))

    def test_dropped_article_is_not_imported(self):
        preview = self.preview()

        again = self.post(preview, "_preview", **{"articles-1-drop": "on"})
        self.assertIn("[不导入]", article_block(again, 2))
        self.post(again, "_confirm")

        self.assertEqual(
            sorted(Article.objects.values_list("page_position", flat=True)), [1, 3]
        )

    def test_kept_as_draft_is_not_published(self):
        preview = self.preview(publish="on")

        again = self.post(preview, "_preview", **{"articles-2-keep_as_draft": "on"})
        self.post(again, "_confirm")

        self.assertEqual(Article.objects.get(page_position=3).status, "draft")

    def test_corrected_bylines_are_the_articles_people(self):
        preview = self.preview()

        again = self.post(
            preview,
            "_preview",
            **{
                "articles-1-reporters": "王军方、李明",
                "articles-1-correspondents": "吴彦庆",
            },
        )
        self.assertIn('class="is-new"', field_row(article_block(again, 2), "reporters"))
        self.post(again, "_confirm")

        article = Article.objects.get(page_position=2)
        self.assertEqual(
            list(
                ArticleReporter.objects.filter(article=article)
                .order_by("position")
                .values_list("reporter__name", flat=True)
            ),
            ["王军方", "李明"],
        )
        self.assertEqual(
            list(
                ArticleCorrespondent.objects.filter(article=article).values_list(
                    "correspondent__name", flat=True
                )
            ),
            ["吴彦庆"],
        )
        self.assertTrue(Reporter.objects.filter(name="李明").exists())

    def test_corrected_date_is_stored_and_settles_its_warning(self):
        preview = self.preview(NO_DATE_PAGE)

        again = self.post(
            preview, "_preview", **{"articles-0-dateline_date": "2021-11-30"}
        )
        self.assertNotIn("电头日期未能识别", article_block(again, 1))
        self.post(again, "_confirm")

        self.assertEqual(str(Article.objects.get().dateline_date), "2021-11-30")
        self.assertFalse(ImportWarnings.objects.exists())

    def test_an_empty_headline_is_refused_and_nothing_is_written(self):
        response = self.post(self.preview(), "_confirm", **{"articles-0-headline": ""})

        self.assertEqual(response.status_code, 400)
        self.assertIn("errorlist", field_row(article_block(response, 1), "headline"))
        self.assertEqual(Article.objects.count(), 0)

    def test_unusable_corrections_are_refused(self):
        cases = {
            "articles-0-dateline_date": "11月4日",
            "articles-0-reporters": "名" * 51,
            "articles-0-as_parsed": "not json",
            "articles-TOTAL_FORMS": None,
        }
        for name, value in cases.items():
            with self.subTest(name):
                response = self.post(self.preview(), "_confirm", **{name: value})
                self.assertEqual(response.status_code, 400)
        self.assertEqual(Article.objects.count(), 0)

    def test_dropping_every_article_is_refused(self):
        drops = {f"articles-{n}-drop": "on" for n in range(3)}

        response = self.post(self.preview(), "_confirm", **drops)

        self.assertContains(response, "所有稿件都已删去", status_code=400)
        self.assertEqual(Article.objects.count(), 0)

    def test_corrected_text_is_escaped(self):
        again = self.post(
            self.preview(), "_preview", **{"articles-0-headline": "<b>标题</b>"}
        )

        self.assertIn("&lt;b&gt;标题&lt;/b&gt;", article_block(again, 1))
        self.assertNotIn("<b>标题</b>", again.content.decode())

    def test_the_sample_page_corrected_keeps_the_other_articles_as_parsed(self):
        preview = self.client.post(
            self.import_url, {"issue_date": "2021-11-06", "text": SAMPLE.read_text()}
        )

        again = self.post(
            preview,
            "_preview",
            **{
                "articles-1-headline": "航空港实验区法治化营商环境全市排名第一",
                "articles-1-subheadline": "",
            },
        )
        self.post(again, "_confirm")

        self.assertEqual(
            list(
                Article.objects.order_by("page_position").values_list(
                    "headline", flat=True
                )
            ),
            [
                "航空港实验区召开疫情防控工作会议",
                "航空港实验区法治化营商环境全市排名第一",
                "组织人社局领导",
                "党工委领导督导全国文明城市创建工作",
                "党工委领导调研辖区巩固脱贫成果后评估工作",
            ],
        )

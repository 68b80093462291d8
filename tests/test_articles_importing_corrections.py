"""An editor's corrections to a parsed page, made before it is imported."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase

from articles.importing import Correction, PageRejected, pages, store, warning_fields
from articles.importing import corrections as editing
from articles.models import Article, ArticleReporter
from articles.parsing import ParsedArticle, ParsedPage
from editorial.import_warnings import ImportWarnings
from people.models import Reporter

ISSUE_DATE = date(2021, 11, 6)
SPLIT = "标题拆分为推测，请核对"
NO_DATE = "电头日期未能识别，请核对"
NO_BYLINE = "未找到署名，请核对"


def parsed(position, **overrides):
    fields = {
        "headline": f"测试标题{position}",
        "paragraphs": (f"第{position}篇的正文。",),
        "reporters": ("王军方",),
        "position": position,
        "line_number": position * 10,
    }
    return ParsedArticle(**{**fields, **overrides})


def page(*articles):
    return pages.LoadedPage(
        "page.txt", "0" * 64, "utf-8", ISSUE_DATE, ParsedPage(articles=articles)
    )


class WarningFieldsTests(SimpleTestCase):
    def test_each_warning_names_the_fields_it_is_about(self):
        cases = {
            SPLIT: ("kicker", "headline", "subheadline"),
            "未找到标题": ("kicker", "headline", "subheadline"),
            NO_DATE: ("dateline_date",),
            NO_BYLINE: ("reporters", "correspondents"),
            "署名“编辑部”不像人名，未作人员，请核对": ("reporters", "correspondents"),
            "署名之后的文字已归入正文，请核对": (),
            "图片说明已作正文，请核对": (),
        }
        for warning, fields in cases.items():
            with self.subTest(warning):
                self.assertEqual(warning_fields(warning), fields)

    def test_every_article_warning_the_parser_gives_is_placed(self):
        # The parser's article warnings, as written in its source: each one
        # either concerns fields an editor can correct or the whole article.
        about_the_article = {
            "署名之后的文字已归入正文",
            "图片说明已作正文",
            # Where the story ends: the preview cannot move text between
            # articles, so it stays with the article until an editor checks.
            "与相邻稿件的分界为推测",
        }
        folder = Path(settings.BASE_DIR, "articles", "parsing")
        source = (folder / "builder.py").read_text(encoding="utf-8")
        source += (folder / "segmenter.py").read_text(encoding="utf-8")
        found = set(re.findall(r'f?"([^"{]+?)(?:\{[^"]*)?，请核对"', source))
        found |= {m for m in re.findall(r'\("(未找到标题)"', source)}
        self.assertGreaterEqual(len(found), 6, found)
        for start in found:
            with self.subTest(start):
                self.assertTrue(
                    warning_fields(start) or start in about_the_article, start
                )


class ApplyTests(SimpleTestCase):
    def test_changed_title_settles_the_split_warning_only(self):
        article = parsed(
            1,
            headline="航空港实验区",
            subheadline="法治化营商环境 全市排名第一",
            ambiguous_title=True,
            warnings=(SPLIT, NO_DATE),
        )
        changes = {"headline": "航空港实验区法治化营商环境全市排名第一"}
        changes["subheadline"] = ""
        corrected = editing.apply(page(article), [Correction(1, changes)])

        (result,) = corrected.articles
        self.assertEqual(result.headline, "航空港实验区法治化营商环境全市排名第一")
        self.assertEqual(result.subheadline, "")
        self.assertIs(result.ambiguous_title, False)
        self.assertEqual(result.warnings, (NO_DATE,))

    def test_a_value_left_as_parsed_is_no_correction(self):
        article = parsed(1, warnings=(SPLIT,), ambiguous_title=True)

        corrected = editing.apply(
            page(article), [Correction(1, {"headline": article.headline})]
        )

        self.assertEqual(corrected.articles, (article,))

    def test_date_and_bylines_are_corrected(self):
        article = parsed(1, reporters=(), warnings=(NO_DATE, NO_BYLINE))
        changes = {
            "dateline_date": date(2021, 11, 4),
            "reporters": ("王军方", "李明"),
            "correspondents": ("孙文韬",),
        }

        (result,) = editing.apply(page(article), [Correction(1, changes)]).articles

        self.assertEqual(result.dateline_date, date(2021, 11, 4))
        self.assertEqual(result.reporters, ("王军方", "李明"))
        self.assertEqual(result.correspondents, ("孙文韬",))
        self.assertEqual(result.warnings, ())

    def test_fingerprints_stay_those_of_the_page_as_printed(self):
        original = page(parsed(1), parsed(2))
        corrections = [Correction(1, {"headline": "改过的标题"})]

        corrected = editing.apply(original, corrections)

        self.assertEqual(corrected.fingerprints, original.fingerprints)
        self.assertEqual(corrected.printed, original.parsed)

    def test_dropped_articles_leave_the_page_with_their_fingerprints(self):
        original = page(parsed(1), parsed(2), parsed(3))

        corrected = editing.apply(original, [Correction(2, drop=True)])

        self.assertEqual([a.position for a in corrected.articles], [1, 3])
        self.assertEqual(
            corrected.fingerprints,
            (original.fingerprints[0], original.fingerprints[2]),
        )

    def test_kept_as_draft_is_recorded_by_position(self):
        corrected = editing.apply(
            page(parsed(1), parsed(2)), [Correction(2, keep_as_draft=True)]
        )

        self.assertEqual(corrected.kept_as_drafts, frozenset({2}))

    def test_dropping_every_article_is_refused(self):
        with self.assertRaisesMessage(PageRejected, "所有稿件都已删去"):
            editing.apply(page(parsed(1)), [Correction(1, drop=True)])

    def test_a_correction_of_no_article_is_refused(self):
        with self.assertRaisesMessage(PageRejected, "没有第 7 篇稿件"):
            editing.apply(page(parsed(1)), [Correction(7, {"headline": "x"})])

    def test_a_corrected_article_must_still_fit_the_model(self):
        cases = {"headline": "", "kicker": "长" * 201}
        for name, value in cases.items():
            with self.subTest(name), self.assertRaises(PageRejected):
                editing.apply(page(parsed(1)), [Correction(1, {name: value})])

    def test_only_the_editable_fields_may_be_corrected(self):
        with self.assertRaisesMessage(PageRejected, "paragraphs"):
            Correction(1, {"paragraphs": ("别的正文",)})


class FromDictTests(SimpleTestCase):
    def test_reads_a_json_correction(self):
        correction = Correction.from_dict(
            {
                "position": 2,
                "headline": "新标题",
                "dateline_date": "2021-11-04",
                "reporters": ["王军方"],
                "keep_as_draft": True,
            }
        )

        self.assertEqual(correction.position, 2)
        self.assertEqual(
            correction.changes,
            {
                "headline": "新标题",
                "dateline_date": date(2021, 11, 4),
                "reporters": ("王军方",),
            },
        )
        self.assertIs(correction.keep_as_draft, True)

    def test_unusable_corrections_say_why(self):
        cases = [
            ({"headline": "x"}, "position"),
            ({"position": 1, "dateline_date": "11月4日"}, "YYYY-MM-DD"),
            ({"position": 1, "reporters": "王军方"}, "姓名列表"),
            ({"position": 1, "body": "x"}, "不认识的更正项：body"),
        ]
        for data, message in cases:
            with self.subTest(data), self.assertRaisesMessage(PageRejected, message):
                Correction.from_dict(data)


class StoringCorrectedPagesTests(TestCase):
    def test_corrected_article_is_stored_as_corrected_with_its_people(self):
        article = parsed(1, warnings=(NO_BYLINE,), reporters=())
        changes = {"headline": "改过的标题", "reporters": ("李明", "王军方")}
        corrected = editing.apply(page(article), [Correction(1, changes)])

        store.import_page(corrected, publish=True)

        stored = Article.objects.get()
        self.assertEqual(stored.headline, "改过的标题")
        self.assertEqual(stored.status, Article.Status.PUBLISHED)
        self.assertFalse(ImportWarnings.objects.exists())
        self.assertEqual(
            list(
                ArticleReporter.objects.order_by("position").values_list(
                    "reporter__name", flat=True
                )
            ),
            ["李明", "王军方"],
        )

    def test_kept_as_draft_is_not_published(self):
        corrected = editing.apply(
            page(parsed(1), parsed(2)), [Correction(2, keep_as_draft=True)]
        )

        store.import_page(corrected, publish=True, publish_all=True)

        self.assertEqual(
            dict(Article.objects.values_list("headline", "status")),
            {"测试标题1": "published", "测试标题2": "draft"},
        )

    def test_the_page_again_uncorrected_adds_nothing(self):
        original = page(parsed(1), parsed(2))
        store.import_page(
            editing.apply(original, [Correction(1, {"headline": "改过的标题"})])
        )

        outcome = store.import_page(original)

        self.assertEqual(outcome.counts["articles_created"], 0)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(Reporter.objects.count(), 1)

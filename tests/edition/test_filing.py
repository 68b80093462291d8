"""The importer files articles under issue and page, and stitches continuations."""

import io
from datetime import date

from django.core.management import call_command
from django.test import TestCase

from articles import importing
from articles.importing import pages, store
from articles.models import Article, ImportBatch
from articles.parsing import ParsedArticle, ParsedPage
from edition import filing, labels
from edition.models import Issue, Page, Placement

ISSUE_DATE = date(2021, 11, 6)
SAMPLE = "samples/sample-page.txt"


def piece(
    n, headline=None, paragraphs=None, reporters=("王军方",), position=None, **fields
):
    return ParsedArticle(
        headline=headline or f"测试标题{n}",
        paragraphs=paragraphs or (f"本报讯 第{n}篇稿件的第一段。", f"第{n}篇第二段。"),
        reporters=reporters,
        position=position or n,
        line_number=10 * n,
        **fields,
    )


def loaded(*articles, page_label="", page_name="", name="page.txt"):
    parsed = ParsedPage(
        articles=tuple(articles), page_label=page_label, page_name=page_name
    )
    return pages.LoadedPage(name, name * 2, "utf-8", ISSUE_DATE, parsed)


def front_with_jump(**fields):
    """A1 page: a lead continued on A3, and a short piece."""
    return loaded(
        piece(
            1,
            headline="航空港区加快建设枢纽经济",
            paragraphs=("本报讯 开头第一段。", "开头第二段。"),
            continued_to="A3",
        ),
        piece(2),
        page_label="A1",
        page_name="要闻",
        name="a1.txt",
        **fields,
    )


def jump_page():
    """A3 page: a piece, then the rest of the A1 lead under a shortened title."""
    return loaded(
        piece(3, position=1),
        piece(
            4,
            position=2,
            headline="航空港区加快建设",
            paragraphs=("接续的第一段。", "结尾一段。"),
            reporters=("李娜",),
            continued_from="A1",
        ),
        page_label="A3",
        page_name="综合新闻",
        name="a3.txt",
    )


def warnings_of(outcome):
    return [w for a in outcome.articles for w in a.parsed.warnings]


class PageLabelTests(TestCase):
    def test_print_order_of_labels(self):
        printed = ["B1", "A10", "第3版", "A2", "A1", "第10版", "B12", "特刊", "1"]
        ordered = sorted(
            (labels.normalize_label(x) for x in printed), key=labels.sort_key
        )
        self.assertEqual(
            ordered, ["1", "3", "10", "A1", "A2", "A10", "B1", "B12", "特刊"]
        )

    def test_written_forms_of_one_label_agree(self):
        for written in ("第 A2 版", "Ａ２", "a2", "A02", "第A2版"):
            self.assertEqual(labels.normalize_label(written), "A2", written)
        self.assertEqual(labels.normalize_label("第三版"), "3")
        self.assertEqual(labels.normalize_label("第十二版"), "12")

    def test_front_page_is_first_page_of_first_section_only(self):
        self.assertEqual(
            [labels.is_front(x) for x in ("A1", "1", "B1", "A2")],
            [True, True, False, False],
        )

    def test_page_keeps_canonical_label_and_order(self):
        issue = Issue.objects.create(date=ISSUE_DATE)
        for label in ("第10版", "第3版", "A1"):
            Page.objects.create(issue=issue, label=label)
        self.assertEqual(
            [(p.label, p.is_front) for p in issue.pages.all()],
            [("3", False), ("10", False), ("A1", True)],
        )


class FilingTests(TestCase):
    def test_command_files_sample_page_in_print_order(self):
        call_command(
            "import_articles",
            SAMPLE,
            issue_date="2021-11-06",
            page="A1",
            page_name="要闻",
            publish=True,
            stdout=io.StringIO(),
        )
        page = Page.objects.get()
        self.assertEqual(
            (page.issue.date, page.label, page.name), (ISSUE_DATE, "A1", "要闻")
        )
        self.assertTrue(page.is_front)
        placed = list(page.placements.order_by("order"))
        self.assertEqual([p.order for p in placed], [1, 2, 3, 4, 5])
        self.assertEqual([p.article.page_position for p in placed], [1, 2, 3, 4, 5])
        self.assertTrue(all(p.is_primary for p in placed))

    def test_reimport_never_duplicates_issue_page_or_placement(self):
        for _ in range(2):
            call_command(
                "import_articles", SAMPLE, issue_date="2021-11-06", page="A1",
                stdout=io.StringIO(),
            )  # fmt: skip
        self.assertEqual(Issue.objects.count(), 1)
        self.assertEqual(Page.objects.count(), 1)
        self.assertEqual(Placement.objects.count(), 5)
        self.assertEqual(Article.objects.count(), 5)

    def test_page_label_comes_from_the_page_furniture(self):
        store.import_page(loaded(piece(1), page_label="A2", page_name="综合新闻"))
        page = Page.objects.get()
        self.assertEqual((page.label, page.name), ("A2", "综合新闻"))
        # The import's record names the page it came from too.
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.page, batch.page_name), ("A2", "综合新闻"))

    def test_given_label_agreeing_with_furniture_is_accepted(self):
        store.import_page(loaded(piece(1), page_label="第A2版"), page_label="A2")
        self.assertEqual(Page.objects.get().label, "A2")

    def test_conflicting_labels_are_an_error_that_writes_nothing(self):
        page = loaded(piece(1), page_label="A2")
        with self.assertRaisesMessage(importing.PageRejected, "版次冲突"):
            filing.page_label(page, "A3")
        with self.assertRaises(importing.PageRejected):
            store.import_page(page, page_label="A3")
        self.assertFalse(Article.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())
        self.assertFalse(Issue.objects.exists())

    def test_page_without_label_is_imported_without_placement(self):
        store.import_page(loaded(piece(1)))
        self.assertEqual(Article.objects.count(), 1)
        self.assertFalse(Placement.objects.exists())

    def test_second_file_of_a_page_is_placed_after_the_first(self):
        store.import_page(loaded(piece(1), piece(2), page_label="A2"))
        store.import_page(loaded(piece(5, reporters=(), position=1), page_label="A2"))
        self.assertEqual(
            list(Placement.objects.values_list("order", flat=True)), [1, 2, 3]
        )


class ContinuationTests(TestCase):
    def assert_stitched(self):
        lead = Article.objects.get(headline="航空港区加快建设枢纽经济")
        self.assertEqual(
            lead.paragraphs, ["本报讯 开头第一段。", "开头第二段。", "接续的第一段。", "结尾一段。"]
        )  # fmt: skip
        self.assertFalse(Article.objects.filter(headline="航空港区加快建设").exists())
        self.assertEqual(Article.objects.count(), 3)
        placed = [
            (p.page.label, p.is_primary, p.order)
            for p in lead.placements.select_related("page").order_by("page__sort_key")
        ]
        self.assertEqual(placed, [("A1", True, 1), ("A3", False, 2)])
        self.assertEqual([r.name for r in lead.ordered_reporters], ["王军方", "李娜"])
        return lead

    def test_both_pages_in_one_run_in_print_order(self):
        outcomes = store.import_pages([front_with_jump(), jump_page()], publish=True)
        lead = self.assert_stitched()
        self.assertEqual(lead.status, Article.Status.PUBLISHED)
        self.assertIn("合并", " ".join(warnings_of(outcomes[1])))

    def test_both_pages_in_one_run_continuation_first(self):
        store.import_pages([jump_page(), front_with_jump()], publish=True)
        self.assert_stitched()

    def test_two_runs_first_half_first(self):
        first = store.import_page(front_with_jump(), publish=True)
        waiting = Article.objects.get(headline="航空港区加快建设枢纽经济")
        self.assertEqual(waiting.status, Article.Status.DRAFT)
        self.assertIn("下转第A3版：该版尚未导入", " ".join(warnings_of(first)))
        self.assertEqual(waiting.placements.get().waiting_for, "A3")
        store.import_page(jump_page(), publish=True)
        lead = self.assert_stitched()
        self.assertEqual(lead.status, Article.Status.PUBLISHED)
        self.assertEqual(lead.placements.get(is_primary=True).waiting_for, "")

    def test_two_runs_continuation_first(self):
        first = store.import_page(jump_page(), publish=True)
        self.assertIn("上接第A1版：该版尚未导入", " ".join(warnings_of(first)))
        half = Article.objects.get(headline="航空港区加快建设")
        self.assertEqual(half.status, Article.Status.DRAFT)
        store.import_page(front_with_jump(), publish=True)
        self.assert_stitched()

    def test_reimporting_either_page_after_stitching_adds_nothing(self):
        store.import_pages([front_with_jump(), jump_page()], publish=True)
        again = store.import_page(jump_page(), publish=True)
        self.assertEqual(again.counts["articles_created"], 0)
        self.assertEqual(again.batch.articles_skipped, 2)
        store.import_page(front_with_jump(), publish=True)
        store.import_pages([jump_page(), front_with_jump()], publish=True)
        self.assert_stitched()
        self.assertEqual(Placement.objects.count(), 4)
        self.assertEqual(Page.objects.count(), 2)

    def test_unmatched_halves_stay_drafts_naming_the_page(self):
        orphan = loaded(
            piece(1, continued_from="5"), page_label="第6版", name="six.txt"
        )
        outcome = store.import_page(orphan, publish=True)
        self.assertEqual(Article.objects.get().status, Article.Status.DRAFT)
        self.assertEqual(
            warnings_of(outcome),
            [
                "上接第5版：该版尚未导入，本稿先存为草稿；导入第5版后两部分自动合并为一篇。"
            ],
        )

    def test_two_candidates_are_told_apart_by_title(self):
        front = loaded(
            piece(1, headline="第一篇长标题内容", continued_to="A3"),
            piece(2, headline="完全不同的题目", continued_to="A3"),
            page_label="A1",
        )
        rest = loaded(
            piece(3, headline="完全不同", paragraphs=("乙的后半。",), continued_from="A1"),
            piece(4, headline="第一篇长标题", paragraphs=("甲的后半。",), continued_from="A1"),
            page_label="A3",
        )  # fmt: skip
        store.import_pages([front, rest])
        first = Article.objects.get(headline="第一篇长标题内容")
        second = Article.objects.get(headline="完全不同的题目")
        self.assertTrue(first.body.endswith("甲的后半。"))
        self.assertTrue(second.body.endswith("乙的后半。"))
        self.assertEqual(Article.objects.count(), 2)

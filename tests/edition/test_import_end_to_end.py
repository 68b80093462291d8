"""import_articles on real page text: furniture labels and 下转/上接 continuations."""

import io
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article
from edition.models import Page, Placement

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "edition"
A1, A3 = str(PAGES / "a1.txt"), str(PAGES / "a3.txt")
HEADLINE = "航空港区加快建设枢纽经济"


def run(*paths, **options):
    out = io.StringIO()
    call_command(
        "import_articles", *paths, issue_date="2021-11-06", publish=True,
        stdout=out, stderr=io.StringIO(), **options,
    )  # fmt: skip
    return out.getvalue()


class EndToEndContinuationTests(TestCase):
    def assert_joined(self):
        joined = Article.objects.get(headline__startswith=HEADLINE)
        self.assertEqual(joined.status, Article.Status.PUBLISHED)
        self.assertEqual(
            joined.paragraphs[-2:],
            ["会议要求,各部门要压实责任,细化措施,确保各项任务按期完成。",
             "会议还对近期重点项目建设进行了安排。"],
        )  # fmt: skip
        self.assertNotIn("下转", joined.body)
        self.assertNotIn("上接", joined.body)
        self.assertEqual(
            [
                (p.page.label, p.page.name, p.is_primary)
                for p in joined.placements.order_by("page__sort_key")
            ],
            [("A1", "要闻", True), ("A3", "综合新闻", False)],
        )
        self.assertEqual(Article.objects.count(), 3)
        self.assertEqual(Placement.objects.count(), 4)

    def test_one_run_in_print_order(self):
        run(A1, A3)
        self.assert_joined()

    def test_one_run_continuation_first(self):
        run(A3, A1)
        self.assert_joined()

    def test_two_runs_either_order(self):
        for first, second in ((A1, A3), (A3, A1)):
            with self.subTest(first=first):
                report = run(first)
                self.assertIn("该版尚未导入", report)
                self.assertEqual(
                    Article.objects.get(headline__startswith=HEADLINE).status,
                    Article.Status.DRAFT,
                )
                self.assertIn("合并为一篇稿件", run(second))
                self.assert_joined()
                Article.objects.all().delete()
                Page.objects.all().delete()

    def test_importing_again_adds_nothing(self):
        run(A1, A3)
        run(A3)
        run(A1, A3)
        self.assert_joined()
        self.assertEqual(Page.objects.count(), 2)

    def test_page_label_from_furniture_and_conflict(self):
        run(A1)
        self.assertEqual(Page.objects.get().label, "A1")
        with self.assertRaisesMessage(CommandError, "版次冲突"):
            run(A3, page="A2")
        self.assertEqual(Article.objects.count(), 2)

"""The data migration files earlier imports' articles under issues and pages."""

from datetime import date

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("edition", "0001_initial"), ("articles", "0005_search_grams_faster")]
AFTER = [("edition", "0002_placements_from_import_batches")]


class PlacementsFromImportBatchesTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_batches_become_issues_pages_and_placements(self):
        apps = self.migrate(BEFORE)
        ImportBatch = apps.get_model("articles", "ImportBatch")
        Article = apps.get_model("articles", "Article")
        day = date(2021, 11, 6)

        def batch(page, name, **fields):
            return ImportBatch.objects.create(
                file_name=f"{page or 'none'}.txt", sha256="0" * 64, encoding="utf-8",
                issue_date=fields.get("issue_date", day), page=page, page_name=name,
            )  # fmt: skip

        def article(batch, position, n):
            return Article.objects.create(
                headline=f"标题{n}", body="正文", fingerprint=f"{n:064d}",
                import_batch=batch, page_position=position, status="published",
            )  # fmt: skip

        front = batch("A1", "要闻")
        article(front, 2, 1)
        article(front, 1, 2)
        again = batch("A1", "")  # the same page imported again, later
        article(again, 3, 3)
        third = batch("第3版", "综合新闻")
        article(third, 1, 4)
        article(batch("", "", issue_date=date(2021, 11, 7)), 1, 5)

        apps = self.migrate(AFTER)
        Issue = apps.get_model("edition", "Issue")
        Page = apps.get_model("edition", "Page")
        Placement = apps.get_model("edition", "Placement")
        self.assertEqual(
            list(Issue.objects.order_by("date").values_list("date", flat=True)),
            [day, date(2021, 11, 7)],
        )
        pages = Page.objects.order_by("sort_key")
        self.assertEqual(
            [(p.label, p.name, p.is_front) for p in pages],
            [("3", "综合新闻", False), ("A1", "要闻", True)],
        )
        placed = Placement.objects.order_by("page__sort_key", "order")
        self.assertEqual(
            [(p.page.label, p.order, p.article.headline) for p in placed],
            [("3", 1, "标题4"), ("A1", 1, "标题2"), ("A1", 2, "标题1"), ("A1", 3, "标题3")],
        )  # fmt: skip
        self.assertTrue(all(p.is_primary for p in placed))

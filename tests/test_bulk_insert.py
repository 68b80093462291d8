"""The importer's bulk INSERT stores what bulk_create stores."""

import datetime

from django.test import TestCase
from django.utils import timezone

from articles import bulk_insert
from articles.models import Article, ArticleReporter
from tests.factories import make_department, make_reporter

PUBLISHED_AT = timezone.now() - datetime.timedelta(hours=1)


def unsaved_article(headline, department):
    article = Article(
        headline=headline,
        subheadline="副题",
        body="本报讯 11月3日，第一段。\n\n第二段。",
        dateline_date=datetime.date(2021, 11, 3),
        department=department,
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
    )
    article.fill_derived_fields()
    return article


class InsertTests(TestCase):
    def test_an_inserted_article_equals_a_bulk_created_one(self):
        desk = make_department()
        bulk_insert.insert_objects([unsaved_article("甲", desk)])
        Article.objects.bulk_create([unsaved_article("乙", desk)])

        ignored = {"id", "headline", "slug", "fingerprint", "created_at", "updated_at"}
        inserted, created = (
            {k: v for k, v in row.items() if k not in ignored}
            for row in Article.objects.order_by("headline").values()
        )
        self.assertEqual(inserted, created)
        stored = Article.objects.get(headline="甲")
        self.assertIsNotNone(stored.created_at)
        self.assertEqual(stored.slug, "甲")

    def test_rows_are_inserted_by_field_name(self):
        Article.objects.bulk_create([unsaved_article("甲", None)])
        article, reporter = Article.objects.get(), make_reporter()
        bulk_insert.insert_rows(
            ArticleReporter,
            ["article", "reporter", "position"],
            [(article.pk, reporter.pk, 3)],
        )
        self.assertEqual(
            list(
                ArticleReporter.objects.values_list("article", "reporter", "position")
            ),
            [(article.pk, reporter.pk, 3)],
        )

    def test_nothing_to_insert_runs_no_query(self):
        with self.assertNumQueries(0):
            bulk_insert.insert_objects([])

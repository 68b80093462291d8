"""An issue's opening, kept by triggers, makes it public exactly when one of
its placed articles is published and in view, whatever wrote the change."""

from datetime import date, timedelta
from unittest import mock

from django.db import connection
from django.db.models import Exists, Min, OuterRef
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, published_condition
from edition.models import Issue, IssueOpening, Page, Placement
from tests.factories import make_article, make_page

DAY = date(2021, 11, 6)


def public_by_placements():
    """IssueQuerySet.public() as it was before openings: an existence check
    of a published placed article per issue."""
    placed = Placement.objects.filter(
        published_condition("article__"), page__issue=OuterRef("pk")
    )
    return Issue.objects.filter(
        Exists(placed),
        status=Issue.Status.PUBLISHED,
        date__lte=timezone.localdate() + timedelta(days=1),
    )


class IssueOpeningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a1 = make_page("A1", DAY, articles=[make_article(), make_article()])
        cls.a2 = make_page("A2", DAY, articles=[make_article()])
        cls.next_day = make_page(
            "A1", DAY + timedelta(days=1), articles=[make_article()]
        )
        cls.empty = make_page("A1", DAY + timedelta(days=2))

    def assertPublicAsByPlacements(self):
        self.assertEqual(
            set(Issue.objects.public().values_list("date", flat=True)),
            set(public_by_placements().values_list("date", flat=True)),
        )
        expected = dict(
            Placement.objects.filter(article__status=Article.Status.PUBLISHED)
            .values_list("page__issue")
            .annotate(first=Min("article__published_at"))
            .exclude(first=None)
            .values_list("page__issue", "first")
        )
        self.assertEqual(
            dict(IssueOpening.objects.values_list("issue", "opens_at")), expected
        )

    def articles_of(self, page):
        return Article.objects.filter(placements__page=page)

    def test_every_kind_of_write_keeps_the_openings(self):
        later = timezone.now() + timedelta(hours=3)
        other = Issue.objects.get(date=DAY + timedelta(days=1))
        writes = {
            "an article withdrawn by save()": lambda: self.withdraw(
                self.articles_of(self.a2).get()
            ),
            "a page's articles withdrawn by update()": lambda: self.articles_of(
                self.a1
            ).update(status=Article.Status.WITHDRAWN),
            "an article scheduled later": lambda: self.articles_of(
                self.next_day
            ).update(published_at=later),
            "an article published again": lambda: self.articles_of(self.a1).update(
                status=Article.Status.PUBLISHED
            ),
            "an article placed on the empty issue": lambda: Placement.objects.create(
                article=make_article(), page=self.empty
            ),
            "a placement moved to another issue": lambda: Placement.objects.filter(
                page=self.a2
            ).update(page=self.empty),
            "a page moved to another issue": lambda: Page.objects.filter(
                pk=self.a1.pk
            ).update(issue=other, label="A9"),
            "placements removed": lambda: Placement.objects.filter(
                page=self.empty
            ).delete(),
            "a placed article deleted": lambda: (
                self.articles_of(self.a1).first().delete()
            ),
            "a page deleted": lambda: Page.objects.get(pk=self.a1.pk).delete(),
            "an issue deleted": lambda: other.delete(),
            "raw SQL": self.publish_everything_by_sql,
        }
        self.assertPublicAsByPlacements()
        for name, write in writes.items():
            with self.subTest(name):
                write()
                self.assertPublicAsByPlacements()

    def withdraw(self, article):
        article.status = Article.Status.WITHDRAWN
        article.save()

    def publish_everything_by_sql(self):
        table = connection.ops.quote_name(Article._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s", [Article.Status.PUBLISHED]
            )

    def test_an_issue_of_scheduled_articles_opens_when_the_first_comes(self):
        soon = timezone.now() + timedelta(hours=1)
        self.articles_of(self.next_day).update(published_at=soon)
        day = DAY + timedelta(days=1)
        self.assertFalse(Issue.objects.public().filter(date=day).exists())
        with mock.patch(
            "django.utils.timezone.now", return_value=soon + timedelta(seconds=1)
        ):
            self.assertTrue(Issue.objects.public().filter(date=day).exists())
            self.assertPublicAsByPlacements()

    def test_a_withheld_issue_stays_out_of_view(self):
        Issue.objects.filter(date=DAY).update(status=Issue.Status.WITHHELD)
        self.assertFalse(Issue.objects.public().filter(date=DAY).exists())
        self.assertPublicAsByPlacements()

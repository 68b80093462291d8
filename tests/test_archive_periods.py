"""Archives and sitemaps offer only the years and months that have articles."""

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


class PeriodsWithArticlesTests(TestCase):
    def setUp(self):
        make_article(published_at=local(2019, 3, 2, 6))
        make_article(published_at=local(2021, 11, 6, 6))
        make_article(status=Article.Status.DRAFT, published_at=local(2020, 5, 1, 6))

    def test_the_archive_index_offers_only_years_with_articles_and_each_answers(self):
        page = self.client.get("/archive/").content.decode()
        years = re.findall(r'href="/archive/(\d{4})/"', page)
        self.assertEqual(years, ["2021", "2019"])
        for year in years:
            self.assertEqual(self.client.get(f"/archive/{year}/").status_code, 200)

    def test_the_sitemap_index_lists_only_months_with_articles_with_lastmod(self):
        body = self.client.get("/sitemap.xml").content.decode()
        entries = re.findall(
            r"<loc>[^<]*/sitemap-articles-(\d{4}-\d{2})\.xml</loc>\s*"
            r"<lastmod>([^<]+)</lastmod>",
            body,
        )
        today = timezone.localdate().isoformat()
        self.assertEqual(entries, [("2019-03", today), ("2021-11", today)])
        for month, _ in entries:
            response = self.client.get(f"/sitemap-articles-{month}.xml")
            self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.client.get("/sitemap-articles-2020-05.xml").status_code, 404
        )

    def test_a_month_s_lastmod_is_its_latest_change(self):
        article = Article.objects.get(published_at=local(2019, 3, 2, 6))
        changed = local(2020, 1, 2, 12)
        Article.objects.filter(pk=article.pk).update(updated_at=changed)
        body = self.client.get("/sitemap.xml").content.decode()
        self.assertIn(
            "sitemap-articles-2019-03.xml</loc><lastmod>2020-01-02<",
            body.replace(" ", "").replace("\n", ""),
        )


class DayArchiveDateTests(TestCase):
    def test_the_day_archive_names_its_own_day_not_today(self):
        make_article(published_at=local(2021, 11, 6, 6))
        page = self.client.get("/archive/2021/11/6/").content.decode()
        heading = re.search(r'<h1 class="page-title">([^<]*)</h1>', page).group(1)
        self.assertIn("2021年11月6日", heading)
        crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.DOTALL)
        links = re.findall(r'href="([^"]+)"', crumbs.group(0))
        self.assertEqual(links, ["/archive/", "/archive/2021/", "/archive/2021/11/"])
        for link in links:
            self.assertEqual(self.client.get(link).status_code, 200)

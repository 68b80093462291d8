"""sitemap.xml, its sections, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import NEWS_SITEMAP_DAYS
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_page,
    make_reporter,
)
from tests.test_articles_views import HIDDEN, make_hidden_articles

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITE = "https://news.example.cn"


@override_settings(SITE_URL=SITE)
class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        cls.empty_desk = make_department(name="空部门", slug="empty")
        cls.reporter = make_reporter(name="王军方")
        cls.idle_reporter = make_reporter(name="没署名")
        cls.correspondent = make_correspondent(name="孙文韬")
        cls.article = make_article(
            department=cls.desk,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )
        hidden_reporter = make_reporter(name="只写草稿")
        for hidden in make_hidden_articles(department=cls.empty_desk):
            hidden.reporters.add(hidden_reporter)
        cls.hidden_reporter = hidden_reporter

    def locations(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        return [loc.text for loc in ET.fromstring(response.content).iter(f"{SM}loc")]

    def month_url(self, moment):
        day = timezone.localtime(moment).date()
        return reverse("sitemap_articles", args=[f"{day:%Y}", f"{day:%m}"])

    def test_index_lists_article_months_then_sections_on_the_public_address(self):
        # The months (1 query), the newest article, the 数字报 (2) and the
        # three people sections (1 each).
        with self.assertNumQueries(7):
            locations = self.locations(reverse("sitemap"))
        self.assertEqual(
            locations,
            [SITE + self.month_url(self.article.published_at)]
            + [
                SITE + reverse("sitemap_section", args=[section])
                for section in ("departments", "reporters", "correspondents")
            ]
            + [SITE + reverse("sitemap_news")],
        )

    def test_index_leaves_out_empty_sitemaps_and_dates_every_entry(self):
        make_page("A1", articles=[self.article])
        self.article.published_at -= timedelta(days=NEWS_SITEMAP_DAYS + 1)
        self.article.save()
        index = ET.fromstring(self.client.get(reverse("sitemap")).content)
        entries = {
            entry.findtext(f"{SM}loc"): entry.findtext(f"{SM}lastmod")
            for entry in index.iter(f"{SM}sitemap")
        }
        # Nothing in the last two days: no news sitemap; the 数字报 has an issue.
        self.assertNotIn(SITE + reverse("sitemap_news"), entries)
        self.assertIn(SITE + reverse("sitemap_section", args=["epaper"]), entries)
        for location, lastmod in entries.items():
            with self.subTest(location=location):
                self.assertRegex(lastmod or "", r"^\d{4}-\d{2}-\d{2}$")

    def test_article_month_lists_its_published_articles_only(self):
        with self.assertNumQueries(1):
            locations = self.locations(self.month_url(self.article.published_at))
        self.assertEqual(locations, [SITE + self.article.get_absolute_url()])

    def test_index_lists_the_months_with_articles_and_skips_the_empty_ones(self):
        older = make_article(published_at=timezone.now() - timedelta(days=70))
        moments = [a.published_at for a in Article.objects.published()]
        months = sorted(
            {
                reverse("sitemap_articles", args=[f"{d:%Y}", f"{d:%m}"])
                for d in map(timezone.localtime, moments)
            }
        )
        locations = self.locations(reverse("sitemap"))
        self.assertEqual(locations[: len(months)], [SITE + m for m in months])
        self.assertEqual(
            len([loc for loc in locations if "sitemap-articles-" in loc]), len(months)
        )
        self.assertIn(
            SITE + older.get_absolute_url(),
            self.locations(self.month_url(older.published_at)),
        )

    def test_article_month_uses_local_dates_and_lists_newest_first(self):
        # 16:30 UTC on the last day of a month is the next month in Beijing.
        late = datetime(2024, 1, 31, 16, 30, tzinfo=UTC)
        early = datetime(2024, 1, 31, 15, 30, tzinfo=UTC)
        newer = make_article(published_at=early + timedelta(minutes=1))
        make_article(published_at=late)
        older = make_article(published_at=early)
        self.assertEqual(
            self.locations(reverse("sitemap_articles", args=["2024", "01"])),
            [SITE + newer.get_absolute_url(), SITE + older.get_absolute_url()],
        )

    def test_article_month_dates_each_article_by_its_last_change(self):
        response = self.client.get(self.month_url(self.article.published_at))
        url = ET.fromstring(response.content).find(f"{SM}url")
        lastmod = timezone.localtime(self.article.updated_at).date().isoformat()
        self.assertEqual(url.findtext(f"{SM}lastmod"), lastmod)

    def test_people_sections_list_only_those_with_published_articles(self):
        self.assertEqual(
            self.locations(reverse("sitemap_section", args=["departments"])),
            [SITE + self.desk.get_absolute_url()],
        )
        self.assertEqual(
            self.locations(reverse("sitemap_section", args=["reporters"])),
            [SITE + self.reporter.get_absolute_url()],
        )
        self.assertEqual(
            self.locations(reverse("sitemap_section", args=["correspondents"])),
            [SITE + self.correspondent.get_absolute_url()],
        )

    def test_unknown_section_or_month_is_404(self):
        for url in (
            reverse("sitemap_section", args=["nope"]),
            reverse("sitemap_section", args=["articles"]),
            reverse("sitemap_articles", args=["1999", "01"]),
            reverse("sitemap_articles", args=["2999", "12"]),
            "/sitemap-articles-2024-13.xml",
            "/sitemap-articles-2024-1.xml",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_people_sections_take_one_query_each(self):
        for section in ("departments", "reporters", "correspondents"):
            with self.subTest(section=section), self.assertNumQueries(1):
                self.client.get(reverse("sitemap_section", args=[section]))


@override_settings(SITE_URL=SITE)
class NewsSitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.fresh = make_article(
            headline="<今日> A&B 新闻", published_at=now - timedelta(hours=3)
        )
        cls.stale = make_article(
            headline="三天前", published_at=now - timedelta(days=3)
        )
        make_hidden_articles()

    def test_news_sitemap_lists_the_last_two_days(self):
        response = self.client.get(reverse("sitemap_news"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(HIDDEN, response.content.decode())
        root = ET.fromstring(response.content)
        urls = root.findall(f"{SM}url")
        self.assertEqual(
            [u.findtext(f"{SM}loc") for u in urls],
            [SITE + self.fresh.get_absolute_url()],
        )
        news = urls[0].find(f"{NEWS}news")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}name"), "航空港新闻")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}language"), "zh-cn")
        self.assertEqual(news.findtext(f"{NEWS}title"), "<今日> A&B 新闻")
        self.assertTrue(news.findtext(f"{NEWS}publication_date").endswith("+08:00"))


@override_settings(SITE_URL=SITE)
class RobotsTxtTests(TestCase):
    def test_robots_txt_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", lines)
        self.assertIn("Disallow: /admin/", lines)

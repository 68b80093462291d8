"""sitemap.xml, its sections, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
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

    def test_index_lists_every_section_on_the_public_address(self):
        locations = self.locations(reverse("sitemap"))
        self.assertEqual(
            locations,
            [
                SITE + reverse("sitemap_section", args=[section])
                for section in (
                    "articles",
                    "departments",
                    "reporters",
                    "correspondents",
                )
            ]
            + [SITE + reverse("sitemap_news")],
        )

    def test_article_section_lists_published_articles_only(self):
        locations = self.locations(reverse("sitemap_section", args=["articles"]))
        self.assertEqual(locations, [SITE + self.article.get_absolute_url()])

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

    def test_unknown_section_or_page_is_404(self):
        for url in (
            reverse("sitemap_section", args=["nope"]),
            reverse("sitemap_section", args=["articles"]) + "?p=9",
            reverse("sitemap_section", args=["articles"]) + "?p=abc",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


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

"""RSS and Atom feeds: order, absolute links, only published articles."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)
from tests.test_articles_views import HIDDEN, count_queries, make_hidden_articles

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://news.example.cn"


@override_settings(SITE_URL=SITE)
class LatestArticlesFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.desk = make_department(name="时政", slug="politics")
        cls.reporter = make_reporter(name="王军方")
        cls.correspondent = make_correspondent(name="孙文韬")
        cls.newest = make_article(
            headline="最新一篇",
            department=cls.desk,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
            published_at=now - timedelta(minutes=5),
        )
        cls.older = make_article(
            headline="早一些", published_at=now - timedelta(days=1)
        )
        make_hidden_articles(department=cls.desk)

    def rss_items(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(HIDDEN, response.content.decode())
        channel = ET.fromstring(response.content).find("channel")
        return channel, channel.findall("item")

    def test_rss_lists_published_articles_newest_first_with_absolute_links(self):
        channel, items = self.rss_items(reverse("articles:feed"))
        self.assertEqual(channel.findtext("title"), "航空港新闻")
        self.assertEqual(channel.findtext("language"), "zh-cn")
        self.assertEqual(
            [(i.findtext("title"), i.findtext("link")) for i in items],
            [
                ("最新一篇", SITE + self.newest.get_absolute_url()),
                ("早一些", SITE + self.older.get_absolute_url()),
            ],
        )
        self.assertIsNotNone(items[0].findtext("pubDate"))
        self.assertEqual(items[0].findtext("category"), "时政")

    def test_atom_feed_has_the_same_entries(self):
        response = self.client.get(reverse("articles:feed_atom"))
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)
        entries = root.findall(f"{ATOM}entry")
        self.assertEqual(
            [e.find(f"{ATOM}link").get("href") for e in entries],
            [
                SITE + self.newest.get_absolute_url(),
                SITE + self.older.get_absolute_url(),
            ],
        )
        self.assertEqual(
            entries[0].findtext(f"{ATOM}author/{ATOM}name"), "王军方、孙文韬"
        )
        self.assertNotIn(HIDDEN, response.content.decode())

    def test_feed_is_capped(self):
        for _ in range(FEED_LENGTH + 2):
            make_article()
        _, items = self.rss_items(reverse("articles:feed"))
        self.assertEqual(len(items), FEED_LENGTH)

    def test_feed_query_count_does_not_grow_with_articles(self):
        few = count_queries(self.client, reverse("articles:feed"))
        for _ in range(10):
            make_article(department=self.desk, reporters=[make_reporter()])
        with self.assertNumQueries(few):
            self.client.get(reverse("articles:feed"))

    def test_control_characters_in_text_do_not_break_the_feed(self):
        make_article(
            headline="标题\x0b含\x1f控制符",
            summary="摘要\x01",
            published_at=timezone.now(),
        )
        _, items = self.rss_items(reverse("articles:feed"))
        self.assertEqual(items[0].findtext("title"), "标题含控制符")

    def test_markup_in_headlines_is_escaped_text(self):
        make_article(headline="<b>A&B</b>", published_at=timezone.now())
        _, items = self.rss_items(reverse("articles:feed"))
        # Escaped once more than XML needs: RSS readers render titles as HTML.
        self.assertEqual(items[0].findtext("title"), "&lt;b&gt;A&amp;B&lt;/b&gt;")

    def test_department_feed_has_only_its_articles(self):
        url = reverse("articles:department_feed", args=[self.desk.slug])
        channel, items = self.rss_items(url)
        self.assertEqual([i.findtext("title") for i in items], ["最新一篇"])
        self.assertEqual(channel.findtext("link"), SITE + self.desk.get_absolute_url())

    def test_reporter_feed_has_only_their_articles(self):
        url = reverse("articles:reporter_feed", args=[self.reporter.slug])
        _, items = self.rss_items(url)
        self.assertEqual([i.findtext("title") for i in items], ["最新一篇"])

    def test_correspondent_feed_has_only_their_articles(self):
        url = reverse("articles:correspondent_feed", args=[self.correspondent.slug])
        channel, items = self.rss_items(url)
        self.assertEqual([i.findtext("title") for i in items], ["最新一篇"])
        self.assertEqual(
            channel.findtext("link"), SITE + self.correspondent.get_absolute_url()
        )

    def test_correspondent_page_links_to_their_feed(self):
        url = reverse("articles:correspondent_feed", args=[self.correspondent.slug])
        response = self.client.get(self.correspondent.get_absolute_url())
        self.assertContains(response, 'rel="alternate" type="application/rss+xml"')
        self.assertContains(response, f'href="{url}"', count=2)

    def test_unknown_desk_or_reporter_feed_is_404(self):
        for url in (
            reverse("articles:department_feed", args=["nope"]),
            reverse("articles:reporter_feed", args=["nope"]),
            reverse("articles:correspondent_feed", args=["nope"]),
            "/feed/reporters/%00/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_feeds_are_publicly_cacheable(self):
        response = self.client.get(reverse("articles:feed"))
        self.assertIn("public", response["Cache-Control"])


class ListFeedLinkTests(TestCase):
    """A list offers "订阅本页" only for a feed holding exactly its articles."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        cls.reporter = make_reporter(name="王军方", slug="wangjunfang")
        cls.correspondent = make_correspondent(name="孙文韬", slug="sunwentao")
        make_article(
            department=cls.desk,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )

    def page_feed(self, **query):
        response = self.client.get(reverse("articles:index"), query)
        self.assertEqual(response.status_code, 200)
        return response.context["feed_url"]

    def test_a_list_of_one_desk_or_person_links_their_feed(self):
        cases = {
            "department": ("articles:department_feed", "politics"),
            "reporter": ("articles:reporter_feed", "wangjunfang"),
            "correspondent": ("articles:correspondent_feed", "sunwentao"),
        }
        for name, (route, slug) in cases.items():
            with self.subTest(filter=name):
                self.assertEqual(
                    self.page_feed(**{name: slug}), reverse(route, args=[slug])
                )

    def test_other_lists_offer_only_the_site_wide_feed(self):
        for query in (
            {},
            {"q": "会议"},
            {"department": "politics", "q": "会议"},
            {"reporter": "nobody"},
            {"date_from": "2021-11-01"},
        ):
            with self.subTest(query=query):
                self.assertIsNone(self.page_feed(**query))

"""The public reader site: home list, article page, archives, error pages."""

import datetime
import io
import itertools
import json
import re
from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import get_template
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import article_page
from articles.models import Article, ArticleImage, ImportBatch
from articles.views import article_context
from readersite.pagination import MAX_PAGES
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)

HIDDEN = "隐藏标记XQ"
SHANGHAI = ZoneInfo("Asia/Shanghai")
_hidden_numbers = itertools.count(1)


def make_hidden_articles(**overrides):
    """One article per state readers must never see, each carrying HIDDEN."""
    now = timezone.now()
    states = [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.WITHDRAWN},
        {"status": Article.Status.PUBLISHED, "published_at": now + timedelta(days=1)},
    ]
    return [
        make_article(
            headline=f"{HIDDEN}{state['status']}{n}",
            body=f"{HIDDEN} 正文 疫情 {next(_hidden_numbers)}",
            **{"published_at": now - timedelta(hours=2), **overrides, **state},
        )
        for n, state in enumerate(states)
    ]


def picture_file(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 40)).save(out, "PNG")
    return ContentFile(out.getvalue(), name=name)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        cls.reporter = make_reporter(name="王军方")
        cls.correspondent = make_correspondent(name="孙文韬")
        cls.article = make_article(
            headline="航空港实验区召开疫情防控工作会议",
            subheadline="认清形势 迅速行动",
            summary="会议分析研判当前形势。",
            department=cls.desk,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )
        cls.hidden = make_hidden_articles(department=cls.desk)

    def test_home_lists_published_article_with_its_parts(self):
        response = self.client.get(reverse("articles:index"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "articles/article_list.html")
        self.assertTemplateUsed(response, "base.html")
        for text in (
            "航空港实验区召开疫情防控工作会议",
            "认清形势 迅速行动",
            "会议分析研判当前形势。",
            self.article.get_absolute_url(),
            self.desk.get_absolute_url(),
            self.reporter.get_absolute_url(),
            self.correspondent.get_absolute_url(),
        ):
            self.assertContains(response, text)

    def test_home_hides_unpublished_and_scheduled_articles(self):
        response = self.client.get(reverse("articles:index"))
        self.assertNotContains(response, HIDDEN)
        for article in self.hidden:
            self.assertNotContains(response, article.get_absolute_url())

    def test_page_has_landmarks_language_and_one_h1(self):
        html = self.client.get(reverse("articles:index")).content.decode()
        self.assertIn('<html lang="zh-Hans">', html)
        for landmark in ("<header", "<nav", "<main", "<footer"):
            self.assertIn(landmark, html)
        self.assertEqual(html.count("<h1"), 1)
        self.assertIn('href="#main"', html)
        self.assertNotIn("style=", html)
        self.assertNotRegex(html, r"\son[a-z]+=")

    def test_home_links_its_feeds(self):
        response = self.client.get(reverse("articles:index"))
        self.assertContains(
            response,
            f'<link rel="alternate" type="application/rss+xml" title="航空港新闻 RSS"'
            f' href="{reverse("articles:feed")}">',
            html=False,
        )

    def test_home_sends_public_cache_control(self):
        response = self.client.get(reverse("articles:index"))
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=60", response["Cache-Control"])

    def test_visitor_with_session_gets_private_cache_control(self):
        self.client.cookies["sessionid"] = "anything"
        response = self.client.get(reverse("articles:index"))
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])

    def test_list_item_shows_first_image_thumbnail(self):
        image = ArticleImage.objects.create(
            article=self.article, image=picture_file(), caption="会场"
        )
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, image.list_rendition.url)
        self.assertContains(response, 'alt="会场"')


class HomePaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.articles = [
            make_article(headline=f"第{n:02d}条", published_at=now - timedelta(hours=n))
            for n in range(1, 46)
        ]

    def test_first_page_shows_twenty_newest(self):
        response = self.client.get(reverse("articles:index"))
        self.assertEqual(
            [a.pk for a in response.context["object_list"]],
            [a.pk for a in self.articles[:20]],
        )
        self.assertContains(response, 'rel="next" href="?page=2"')

    def test_last_page_has_no_next_link(self):
        response = self.client.get(reverse("articles:index"), {"page": 3})
        self.assertEqual(len(response.context["object_list"]), 5)
        self.assertNotContains(response, 'rel="next"')
        self.assertContains(response, 'rel="prev" href="?page=2"')

    def test_list_never_counts_the_whole_table(self):
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("articles:index"), {"page": 2})
        self.assertFalse([q["sql"] for q in queries if "COUNT(" in q["sql"].upper()])

    def test_bad_page_numbers_get_a_readable_message(self):
        # 45 articles fill three pages, so page 4 is past the end.
        for page in ("abc", "-1", "0", "4", "999999", str(MAX_PAGES + 1), "9" * 99):
            with self.subTest(page=page):
                response = self.client.get(reverse("articles:index"), {"page": page})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "没有这一页")
                self.assertContains(response, reverse("articles:archive"))
                self.assertContains(response, "noindex")

    def test_last_allowed_page_points_to_the_archives(self):
        with mock.patch("readersite.pagination.MAX_PAGES", 2):
            response = self.client.get(reverse("articles:index"), {"page": 2})
        self.assertContains(response, "按页浏览到此为止")
        self.assertNotContains(response, 'rel="next"')


class HomeQueryCountTests(TestCase):
    def make_articles(self, count):
        desk = make_department()
        for _ in range(count):
            reporter = make_reporter()
            article = make_article(
                department=desk,
                reporters=[reporter, make_reporter()],
                correspondents=[make_correspondent()],
            )
            ArticleImage.objects.create(article=article, image=picture_file())

    def test_home_query_count_does_not_grow_with_articles(self):
        self.make_articles(3)
        few = count_queries(self.client, reverse("articles:index"))
        self.make_articles(22)
        with self.assertNumQueries(few):
            self.client.get(reverse("articles:index"))

    def test_filtered_list_query_count_does_not_grow_with_articles(self):
        self.make_articles(3)
        url = reverse("articles:index") + "?q=测试&date_from=2000-01-01"
        few = count_queries(self.client, url)
        self.make_articles(22)
        with self.assertNumQueries(few):
            self.client.get(url)


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="航空港新闻", slug="hkg")
        cls.reporter = make_reporter(name="王军方")
        cls.correspondent = make_correspondent(name="吴彦庆")
        batch = ImportBatch.objects.create(
            file_name="a1.txt",
            sha256="0" * 64,
            encoding="utf-8",
            issue_date=datetime.date(2021, 11, 6),
            page="A1",
            page_name="航空港新闻",
        )
        published = datetime.datetime(2021, 11, 6, 6, 0, tzinfo=SHANGHAI)
        cls.older = make_article(
            headline="较早的稿件", published_at=published - timedelta(days=1)
        )
        cls.article = make_article(
            kicker="引题在此",
            headline="组织人社局领导督导疫情防控工作",
            subheadline="副标题在此",
            source_label="本报讯",
            body="第一段正文。\n\n第二段正文。",
            summary="这是摘要。",
            department=cls.desk,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
            import_batch=batch,
            published_at=published,
        )
        cls.newer = make_article(
            headline="较新的稿件", published_at=published + timedelta(days=1)
        )
        cls.related = make_article(
            headline="同一记者的另一篇",
            reporters=[cls.reporter],
            published_at=published - timedelta(days=3),
        )
        cls.hidden = make_hidden_articles(
            department=cls.desk, published_at=published + timedelta(hours=1)
        )

    def get(self, article=None, **headers):
        return self.client.get((article or self.article).get_absolute_url(), **headers)

    def test_article_page_shows_the_whole_article(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        for text in (
            "引题在此",
            "组织人社局领导督导疫情防控工作",
            "副标题在此",
            "本报讯",
            "2021年11月6日 06:00",
            "<p>第一段正文。</p>",
            "<p>第二段正文。</p>",
            "本文刊于 2021年11月6日 A1版 航空港新闻",
        ):
            self.assertContains(response, text, html=False)

    def test_bylines_tell_reporters_from_correspondents(self):
        html = self.get().content.decode()
        reporter_link = f'<a href="{self.reporter.get_absolute_url()}">王军方</a>'
        correspondent_link = (
            f'<a href="{self.correspondent.get_absolute_url()}">吴彦庆</a>'
        )
        self.assertRegex(html, rf"记者</span> {re.escape(reporter_link)}")
        self.assertRegex(html, rf"通讯员</span> {re.escape(correspondent_link)}")

    def test_previous_next_and_related_are_published_neighbours(self):
        response = self.get()
        html = response.content.decode()
        self.assertIn(f'rel="prev" href="{self.older.get_absolute_url()}"', html)
        self.assertIn(f'rel="next" href="{self.newer.get_absolute_url()}"', html)
        related = html.split('class="related-list"')[1].split("</ul>")[0]
        self.assertEqual(
            re.findall(r'href="([^"]+)"', related), [self.related.get_absolute_url()]
        )
        self.assertNotContains(response, HIDDEN)

    def test_unpublished_and_scheduled_articles_are_404(self):
        for article in self.hidden:
            with self.subTest(status=article.status):
                response = self.get(article)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, HIDDEN, status_code=404)

    def test_wrong_date_in_url_redirects_permanently_to_canonical_url(self):
        url = reverse(
            "articles:detail",
            kwargs={"year": 2020, "month": 1, "day": 2, "pk": self.article.pk},
        )
        response = self.client.get(url)
        self.assertRedirects(
            response,
            self.article.get_absolute_url(),
            status_code=301,
            fetch_redirect_response=False,
        )

    def test_unknown_article_is_404_in_the_site_look(self):
        url = reverse(
            "articles:detail", kwargs={"year": 2021, "month": 1, "day": 1, "pk": 999999}
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, "没有找到这个页面", status_code=404)
        self.assertIn("private", response["Cache-Control"])

    def test_meta_tags_use_the_absolute_canonical_address(self):
        canonical = "https://news.example.cn" + self.article.get_absolute_url()
        with override_settings(SITE_URL="https://news.example.cn"):
            response = self.get()
        for tag in (
            f'<link rel="canonical" href="{canonical}">',
            f'<meta property="og:url" content="{canonical}">',
            '<meta name="description" content="这是摘要。">',
            '<meta property="og:title" content="组织人社局领导督导疫情防控工作">',
            '<meta name="twitter:card" content="summary">',
        ):
            self.assertContains(response, tag, html=False)
        self.assertContains(
            response, "<title>组织人社局领导督导疫情防控工作 · 航空港新闻</title>"
        )

    def test_social_image_comes_from_the_social_rendition(self):
        image = ArticleImage.objects.create(
            article=self.article, image=picture_file(), caption="现场", credit="王军方"
        )
        response = self.get()
        self.assertContains(response, image.social_rendition.url)
        self.assertContains(response, "summary_large_image")
        self.assertContains(response, "<figcaption>现场")
        self.assertContains(response, "图/王军方")

    def json_ld(self, response):
        match = re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            response.content.decode(),
            re.S,
        )
        return json.loads(match.group(1))

    def test_json_ld_describes_a_news_article(self):
        data = self.json_ld(self.get())
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "组织人社局领导督导疫情防控工作")
        self.assertEqual(data["datePublished"], "2021-11-06T06:00:00+08:00")
        self.assertIn("dateModified", data)
        self.assertEqual(
            [(a["@type"], a["name"]) for a in data["author"]],
            [("Person", "王军方"), ("Person", "吴彦庆")],
        )
        self.assertTrue(
            data["author"][0]["url"].endswith(self.reporter.get_absolute_url())
        )
        self.assertEqual(data["publisher"]["@type"], "Organization")
        self.assertEqual(data["publisher"]["name"], "航空港新闻")

    def test_json_ld_cannot_be_broken_out_of(self):
        evil = make_article(headline='</script><script>alert("x")</script>&<!--')
        response = self.get(evil)
        html = response.content.decode()
        self.assertNotIn('<script>alert("x")', html)
        self.assertEqual(self.json_ld(response)["headline"], evil.headline)

    def test_imported_text_is_escaped(self):
        evil = make_article(
            headline="<b>粗体</b>", body="<img src=x onerror=alert(1)>\n\n第二段"
        )
        html = self.get(evil).content.decode()
        self.assertNotIn("<b>粗体</b>", html)
        self.assertNotIn("<img src=x", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)

    def test_conditional_get_answers_304(self):
        first = self.get()
        self.assertIn("public", first["Cache-Control"])
        etag, modified = first["ETag"], first["Last-Modified"]
        self.assertEqual(self.get(HTTP_IF_NONE_MATCH=etag).status_code, 304)
        self.assertEqual(self.get(HTTP_IF_MODIFIED_SINCE=modified).status_code, 304)

    def test_etag_changes_when_the_article_changes(self):
        etag = self.get()["ETag"]
        Article.objects.filter(pk=self.article.pk).update(
            headline="改过的标题", updated_at=timezone.now()
        )
        response = self.get(HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "改过的标题")

    def test_etag_changes_when_a_neighbour_is_published(self):
        etag = self.get()["ETag"]
        make_article(
            headline="刚发布的下一篇",
            published_at=self.article.published_at + timedelta(minutes=5),
        )
        response = self.get(HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "刚发布的下一篇")

    def test_article_page_without_photos_corrections_or_print_takes_four_queries(
        self,
    ):
        # The article with its desk, its import, which parts it has and the
        # newest publication (the validators': a scheduled article going live
        # changes no content version); reporters and correspondents; the
        # previous, next and related articles; the menu.
        with self.assertNumQueries(4):
            self.get()

    def test_article_page_query_count_does_not_grow_with_bylines_and_images(self):
        ArticleImage.objects.create(article=self.article, image=picture_file())
        few = count_queries(self.client, self.article.get_absolute_url())
        for _ in range(4):
            ArticleImage.objects.create(article=self.article, image=picture_file())
            make_article(department=self.desk, reporters=[self.reporter])
        self.article.reporters.add(make_reporter(), make_reporter())
        self.article.correspondents.add(make_correspondent(), make_correspondent())
        with self.assertNumQueries(few):
            self.get()


class ArticleContextTests(TestCase):
    """article_context() serves the staff preview of unpublished articles too."""

    def test_preview_of_a_draft_renders_without_neighbours(self):
        make_article(headline="已发布")
        draft = make_article(
            headline="草稿标题", status=Article.Status.DRAFT, published_at=None
        )
        draft = article_page.load_parts(Article.objects.get(pk=draft.pk))
        context = {"article": draft, "is_preview": True, **article_context(draft)}
        html = get_template("articles/article_detail.html").render(context)
        self.assertIn("草稿标题", html)
        self.assertIn("预览", html)
        self.assertIn("noindex", html)
        self.assertIsNone(context["previous_article"])

    def test_template_renders_with_only_the_article(self):
        article = Article.objects.with_bylines().get(pk=make_article().pk)
        html = get_template("articles/article_detail.html").render({"article": article})
        self.assertIn(article.headline, html)


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Late on 30 November local time is 30 November; 00:30 on 1 December
        # local time is still 30 November in UTC.
        cls.november = make_article(
            headline="十一月末",
            published_at=datetime.datetime(2021, 11, 30, 23, 30, tzinfo=SHANGHAI),
        )
        cls.december = make_article(
            headline="十二月初",
            published_at=datetime.datetime(2021, 12, 1, 0, 30, tzinfo=SHANGHAI),
        )
        cls.earlier = make_article(
            headline="三月",
            published_at=datetime.datetime(2021, 3, 3, 9, 0, tzinfo=SHANGHAI),
        )
        cls.hidden = make_hidden_articles(
            published_at=datetime.datetime(2021, 11, 30, 10, 0, tzinfo=SHANGHAI)
        )

    def test_archive_index_lists_years(self):
        response = self.client.get(reverse("articles:archive"))
        self.assertContains(response, reverse("articles:archive_year", args=[2021]))

    def test_year_page_counts_articles_per_local_month(self):
        response = self.client.get(reverse("articles:archive_year", args=[2021]))
        months = {d.month: n for d, n in response.context["months"]}
        self.assertEqual((months[3], months[11], months[12], months[1]), (1, 1, 1, 0))
        self.assertEqual(response.context["total"], 3)
        self.assertContains(
            response, reverse("articles:archive_month", args=[2021, 11])
        )
        self.assertNotContains(response, HIDDEN)

    def test_year_page_makes_one_counting_query(self):
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("articles:archive_year", args=[2021]))
        grouped = [q for q in queries if "GROUP BY" in q["sql"]]
        self.assertEqual(len(grouped), 1)

    def test_month_page_counts_articles_per_local_day(self):
        response = self.client.get(reverse("articles:archive_month", args=[2021, 11]))
        self.assertEqual(response.context["total"], 1)
        self.assertContains(
            response, reverse("articles:archive_day", args=[2021, 11, 30])
        )
        self.assertNotContains(
            response, reverse("articles:archive_day", args=[2021, 11, 29])
        )

    def test_day_page_lists_that_local_days_articles(self):
        response = self.client.get(reverse("articles:archive_day", args=[2021, 11, 30]))
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.november.pk]
        )
        self.assertNotContains(response, HIDDEN)
        response = self.client.get(reverse("articles:archive_day", args=[2021, 12, 1]))
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.december.pk]
        )

    def test_day_page_links_neighbouring_days(self):
        response = self.client.get(reverse("articles:archive_day", args=[2021, 11, 30]))
        self.assertContains(
            response, reverse("articles:archive_day", args=[2021, 3, 3])
        )
        self.assertContains(
            response, reverse("articles:archive_day", args=[2021, 12, 1])
        )

    def test_empty_or_impossible_dates_are_404(self):
        huge = 99_999_999_999_999_999_999
        for args in (
            [2020],
            [2021, 2],
            [2021, 13],
            [2021, 2, 30],
            [0],
            [99999, 1, 1],
            [huge],
            [2021, 1, huge],
        ):
            with self.subTest(args=args):
                name = ["archive_year", "archive_month", "archive_day"][len(args) - 1]
                response = self.client.get(reverse(f"articles:{name}", args=args))
                self.assertEqual(response.status_code, 404)


class HostileParameterTests(TestCase):
    """No query string, however odd, may produce a server error."""

    PAYLOADS = [
        "",
        "x" * 100_000,
        "疫" * 5_000,
        "\x00",
        "a\x00b",
        "\x01\x1f\x7f",
        "%00",
        "\ufffd\ufffe",
        "-1",
        "0",
        "99999999999999999999999999",
        "9" * 100_000,
        "1e10",
        "'; DROP TABLE articles_article; --",
        "%",
        "_",
        "\\",
        "<script>alert(1)</script>",
        "9999-12-31",
        "0001-01-01",
        "2021-02-30",
        "yesterday",
    ]
    PARAMS = [
        "q",
        "page",
        "department",
        "reporter",
        "correspondent",
        "date_from",
        "date_to",
    ]

    @classmethod
    def setUpTestData(cls):
        make_article(headline="疫情防控", department=make_department(slug="desk"))

    def test_list_pages_never_fail_on_odd_parameters(self):
        urls = [reverse("articles:index"), reverse("people:department", args=["desk"])]
        for url in urls:
            for param in self.PARAMS:
                for payload in self.PAYLOADS:
                    with self.subTest(url=url, param=param, payload=payload[:20]):
                        response = self.client.get(url, {param: payload})
                        self.assertEqual(response.status_code, 200)

    def test_raw_binary_query_strings_never_fail(self):
        for raw in ("q=%FF%FE%00", "page=%00", "department=%C0%AF", "q=%ED%A0%80"):
            with self.subTest(raw=raw):
                response = self.client.get(f"{reverse('articles:index')}?{raw}")
                self.assertEqual(response.status_code, 200)

    def test_invalid_values_are_explained(self):
        response = self.client.get(
            reverse("articles:index"), {"department": "nope", "date_from": "yesterday"}
        )
        self.assertContains(response, "没有这个部门")
        self.assertContains(response, "请输入有效的日期")
        self.assertEqual(list(response.context["object_list"]), [])

    def test_long_query_is_truncated_with_a_note(self):
        response = self.client.get(reverse("articles:index"), {"q": "疫" * 1000})
        self.assertContains(response, "关键词过长")
        self.assertNotContains(response, "疫" * 101)


class ErrorPageTests(TestCase):
    def test_500_page_renders_without_request_or_database(self):
        with self.assertNumQueries(0):
            html = get_template("500.html").render({})
        self.assertIn("服务器出了点问题", html)
        self.assertIn("航空港新闻", html)
        self.assertIn('<html lang="zh-Hans">', html)

    def test_unknown_path_gets_chinese_404_page(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "没有找到这个页面", status_code=404)
        self.assertContains(response, "航空港新闻", status_code=404)

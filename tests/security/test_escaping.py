"""Imported and typed text is never markup, on every page that shows it."""

import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleImage
from people.models import Department
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)
from tests.public_pages import html_pages_showing
from tests.security.markup import (
    ATTRIBUTE_BREAKOUT,
    JAVASCRIPT_URL,
    SCRIPT,
    SCRIPT_CLOSE,
    data_blocks,
    markup_problems,
    xml_problems,
)
from tests.security.media import TemporaryMediaMixin

HOSTILE = f"{SCRIPT}{ATTRIBUTE_BREAKOUT}"
HEADLINE = f"要闻{HOSTILE}{SCRIPT_CLOSE}"
BODY = (
    f"本报讯 {HOSTILE}\n\n"
    f'<a href="{JAVASCRIPT_URL}">点这里</a> [链接]({JAVASCRIPT_URL}) {JAVASCRIPT_URL}\n\n'
    f"结构化数据里的{SCRIPT_CLOSE}"
)


def png_file():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


class HostileTextTestCase(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = make_department(name=f"部门{ATTRIBUTE_BREAKOUT}")
        cls.reporter = make_reporter(name=f"记者{ATTRIBUTE_BREAKOUT}")
        cls.correspondent = make_correspondent(name=f"通讯{SCRIPT}")
        cls.unit = make_department(name=f"单位{SCRIPT}", kind=Department.Kind.UNIT)
        cls.correspondent.department = cls.unit
        cls.correspondent.save()
        cls.article = make_article(
            headline=HEADLINE,
            kicker=f"引题{SCRIPT}",
            subheadline=f"副题{ATTRIBUTE_BREAKOUT}",
            source_label=f"电头{SCRIPT}"[:50],
            body=BODY,
            department=cls.department,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )
        ArticleImage.objects.create(
            article=cls.article,
            image=png_file(),
            caption=f"图说{HOSTILE}",
            credit=f"摄影{ATTRIBUTE_BREAKOUT}",
        )
        # A neighbour, so the article page also shows pager and related links.
        make_article(
            headline=f"旧闻{SCRIPT}",
            department=cls.department,
            reporters=[cls.reporter],
            published_at=timezone.now() - timezone.timedelta(days=1),
        )

    def assertEscapedPage(self, url, client=None, status=200):
        response = (client or self.client).get(url)
        self.assertEqual(response.status_code, status, url)
        self.assertEqual(markup_problems(response.content.decode()), [], url)
        return response

    def assertEscapedXml(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(xml_problems(response.content), [], url)
        return response


class PublicPageEscapingTests(HostileTextTestCase):
    def public_pages(self):
        return [
            *html_pages_showing(self.article),
            reverse("articles:index") + "?q=要闻",
        ]

    def test_every_public_page_shows_hostile_text_escaped(self):
        for url in self.public_pages():
            with self.subTest(url=url):
                response = self.assertEscapedPage(url)
                # Every page at least lists the hostile desk name in its menu.
                self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")

    def test_the_article_page_shows_every_field_as_text(self):
        response = self.assertEscapedPage(self.article.get_absolute_url())
        text = visible_text(response.content.decode())
        for field in (
            HEADLINE,
            f"副题{ATTRIBUTE_BREAKOUT}",
            f"图说{HOSTILE}",
            f"记者{ATTRIBUTE_BREAKOUT}",
            f"通讯{SCRIPT}",
        ):
            self.assertIn(field, text)

    def test_javascript_urls_in_the_body_are_not_links(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertNotRegex(response.content.decode(), r"(?i)href=[\"']?\s*javascript:")

    def test_json_ld_keeps_the_headline_whole_and_cannot_close_its_script(self):
        response = self.client.get(self.article.get_absolute_url())
        blocks = [
            block
            for block in data_blocks(response.content.decode())
            if block.get("@type") == "NewsArticle"
        ]
        self.assertEqual(len(blocks), 1)
        self.assertEqual(blocks[0]["headline"], HEADLINE)
        names = {author["name"] for author in blocks[0]["author"]}
        self.assertIn(f"记者{ATTRIBUTE_BREAKOUT}", names)

    def test_search_results_echo_the_query_escaped(self):
        for query in (SCRIPT, ATTRIBUTE_BREAKOUT, SCRIPT_CLOSE, JAVASCRIPT_URL):
            with self.subTest(query=query):
                response = self.client.get(reverse("articles:index"), {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(markup_problems(response.content.decode()), [])

    def test_the_not_found_page_does_not_echo_markup_from_the_path(self):
        self.assertEscapedPage(f"/{SCRIPT}/{ATTRIBUTE_BREAKOUT}/", status=404)

    def test_feeds_carry_hostile_text_as_text(self):
        for url in (
            reverse("articles:feed"),
            reverse("articles:feed_atom"),
            reverse("articles:department_feed", args=[self.department.slug]),
            reverse("articles:reporter_feed", args=[self.reporter.slug]),
        ):
            with self.subTest(url=url):
                response = self.assertEscapedXml(url)
                self.assertIn("要闻", response.content.decode())

    def test_sitemaps_carry_hostile_text_as_text(self):
        day = timezone.localtime(self.article.published_at).date()
        for url in (
            reverse("sitemap"),
            reverse("sitemap_news"),
            *(
                reverse("sitemap_section", args=[section])
                for section in ("departments", "reporters", "correspondents")
            ),
            reverse("sitemap_articles", args=[f"{day:%Y}", f"{day:%m}"]),
        ):
            with self.subTest(url=url):
                self.assertEscapedXml(url)
        news = self.client.get(reverse("sitemap_news")).content.decode()
        self.assertIn("要闻&lt;script&gt;", news)


def visible_text(page):
    """The page's text as a reader sees it: tags removed, entities decoded."""
    body = page.split("<body", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


class AdminPageEscapingTests(HostileTextTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chief = make_user(username="chief", is_staff=True, is_superuser=True)
        cls.draft = make_article(
            headline=f"草稿{HOSTILE}",
            status=Article.Status.DRAFT,
            published_at=None,
            reporters=[cls.reporter],
        )

    def setUp(self):
        self.client.force_login(self.chief)

    def test_article_changelist_and_search_show_hostile_text_escaped(self):
        url = reverse("admin:articles_article_changelist")
        self.assertEscapedPage(url)
        self.assertEscapedPage(f"{url}?q={SCRIPT}")

    def test_article_change_forms_show_hostile_text_escaped(self):
        for article in (self.article, self.draft):
            with self.subTest(article=article.pk):
                url = reverse("admin:articles_article_change", args=[article.pk])
                response = self.assertEscapedPage(url)
                self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_previews_show_hostile_text_escaped(self):
        for article in (self.article, self.draft):
            with self.subTest(article=article.pk):
                url = reverse("admin:articles_article_preview", args=[article.pk])
                self.assertEscapedPage(url)

    def test_people_and_department_pages_show_hostile_names_escaped(self):
        for name, obj in (
            ("people_reporter", self.reporter),
            ("people_correspondent", self.correspondent),
            ("people_department", self.department),
            ("people_department", self.unit),
        ):
            with self.subTest(page=name, pk=obj.pk):
                self.assertEscapedPage(reverse(f"admin:{name}_changelist"))
                self.assertEscapedPage(reverse(f"admin:{name}_change", args=[obj.pk]))

    def test_the_import_preview_shows_hostile_text_escaped(self):
        page = (
            f"乡村振兴{SCRIPT}再出发\n\n"
            f"本报讯 11月3日，{HOSTILE}全体会议召开。{JAVASCRIPT_URL}\n\n"
            f"会议强调，要把工作做细做实，{SCRIPT_CLOSE}确保落实到位。\n\n"
            "记者 王军方\n"
        )
        response = self.client.post(
            reverse("admin:articles_importbatch_import"),
            {"issue_date": "2021-11-06", "text": page, "encoding": ""},
        )
        self.assertEqual(response.status_code, 200, response.content[:2000])
        self.assertEqual(markup_problems(response.content.decode()), [])
        self.assertContains(response, "乡村振兴&lt;script&gt;alert(1)&lt;/script&gt;")

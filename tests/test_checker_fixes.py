"""What the web's checkers found, fixed and kept fixed without a browser or Java:
structured data, feed authors, media served, headers, image sizes, HTML times."""

import gzip
import json
import re
from datetime import timedelta
from pathlib import Path

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.images import image_size
from articles.models import Article, ArticleImage
from articles.templatetags.news import machine_time
from tests.factories import make_article, make_department, make_reporter
from tests.test_articles_views import picture_file


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


class StructuredDataTests(TestCase):
    def test_an_article_without_byline_is_the_papers_own(self):
        article = make_article()
        data = json_ld(self.client.get(article.get_absolute_url()))
        self.assertEqual(
            [(a["@type"], a["name"]) for a in data["author"]],
            [("Organization", "航空港新闻")],
        )
        self.assertTrue(data["author"][0]["url"].endswith("/"))

    def test_an_article_without_photo_shows_the_papers_card(self):
        article = make_article()
        response = self.client.get(article.get_absolute_url())
        data = json_ld(response)
        self.assertEqual(len(data["image"]), 1)
        self.assertTrue(data["image"][0].endswith("social-card.png"))
        self.assertContains(response, 'property="og:image"')
        self.assertContains(response, "social-card.png")
        self.assertContains(response, '<meta name="twitter:card" content="summary">')

    def test_an_article_with_photo_shows_the_photo(self):
        article = make_article()
        image = ArticleImage.objects.create(article=article, image=picture_file())
        data = json_ld(self.client.get(article.get_absolute_url()))
        self.assertEqual(len(data["image"]), 1)
        self.assertTrue(data["image"][0].endswith(image.detail_rendition.url))

    def test_an_old_page_stored_today_was_last_modified_when_published(self):
        printed = timezone.now() - timedelta(days=365 * 20)
        article = make_article(published_at=printed)
        response = self.client.get(article.get_absolute_url())
        data = json_ld(response)
        self.assertEqual(data["dateModified"], data["datePublished"])
        self.assertContains(
            response,
            f'<meta property="article:modified_time" content="{machine_time(printed)}">',
        )

    def test_an_edit_after_publication_is_the_last_modification(self):
        article = make_article(published_at=timezone.now() - timedelta(days=30))
        Article.objects.filter(pk=article.pk).update(
            created_at=timezone.now() - timedelta(days=2)
        )
        article = Article.objects.get(pk=article.pk)
        article.headline = "更正后的标题"
        article.save()
        data = json_ld(self.client.get(article.get_absolute_url()))
        edited = timezone.localtime(Article.objects.get(pk=article.pk).updated_at)
        self.assertEqual(data["dateModified"], edited.isoformat())

    def test_a_scheduled_article_is_not_modified_before_it_is_published(self):
        article = make_article(published_at=timezone.now() + timedelta(hours=1))
        self.assertEqual(article.modified_at, article.published_at)


class FeedAuthorTests(TestCase):
    def test_atom_names_the_paper_as_author_of_entries_without_byline(self):
        make_article()
        make_article(reporters=[make_reporter(name="王军方")])
        body = self.client.get(reverse("articles:feed_atom")).content.decode()
        feed_head = body.split("<entry>")[0]
        self.assertIn("<author><name>航空港新闻</name></author>", feed_head)
        self.assertIn("<author><name>王军方</name></author>", body)

    def test_atom_updated_is_the_publication_for_an_unedited_old_page(self):
        printed = timezone.now() - timedelta(days=3650)
        make_article(published_at=printed)
        body = self.client.get(reverse("articles:feed_atom")).content.decode()
        entry = body.split("<entry>")[1]
        self.assertIn(f"<updated>{printed.isoformat()[:19]}", entry.replace("Z", ""))


class MediaServingTests(TestCase):
    def test_a_rendition_is_served_with_its_type_and_a_long_cache(self):
        image = ArticleImage.objects.create(
            article=make_article(), image=picture_file()
        )
        response = self.client.get(image.list_rendition.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/webp")
        self.assertIn("immutable", response["Cache-Control"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])
        self.assertNotIn("Content-Encoding", response)
        b"".join(response.streaming_content)

    def test_only_stored_images_are_served(self):
        image = ArticleImage.objects.create(
            article=make_article(), image=picture_file()
        )
        folder = image.list_rendition.url.rsplit("/", 1)[0]
        for path in (
            "/media/../manage.py",
            "/media/%2e%2e/manage.py",
            "/media/articles/renditions/missing.webp",
            "/media/articles/page.html",
            "/media/articles/picture.svg",
            folder + "/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)


class HeaderTests(TestCase):
    def test_pages_refuse_browser_features_they_do_not_use(self):
        response = self.client.get(reverse("articles:index"))
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            self.assertIn(feature, policy)

    def test_html_feeds_and_sitemaps_are_compressed_for_clients_that_accept_it(self):
        make_article()
        for url in (
            reverse("articles:index"),
            reverse("articles:feed"),
            "/sitemap.xml",
        ):
            with self.subTest(url=url):
                plain = self.client.get(url)
                packed = self.client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
                self.assertNotIn("Content-Encoding", plain)
                self.assertEqual(packed["Content-Encoding"], "gzip")
                self.assertIn("Accept-Encoding", packed["Vary"])
                self.assertEqual(gzip.decompress(packed.content), plain.content)


class ImageSizeTests(TestCase):
    def test_renditions_carry_their_size_in_their_name(self):
        image = ArticleImage.objects.create(
            article=make_article(), image=picture_file()
        )
        for rendition in (image.list_rendition, image.detail_rendition):
            with self.subTest(rendition=rendition.name):
                self.assertRegex(rendition.name, r"-\d+x\d+\.webp$")
                self.assertEqual(
                    image_size(rendition), (rendition.width, rendition.height)
                )

    def test_list_and_article_images_have_width_and_height(self):
        article = make_article()
        ArticleImage.objects.create(article=article, image=picture_file())
        for url in (reverse("articles:index"), article.get_absolute_url()):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                images = re.findall(r"<img [^>]*>", html)
                self.assertTrue(images)
                for tag in images:
                    self.assertRegex(tag, r'width="\d+" height="\d+"')

    def test_an_image_of_unknown_size_is_measured(self):
        image = ArticleImage.objects.create(
            article=make_article(), image=picture_file()
        )
        self.assertEqual(
            image_size(image.image), (image.image.width, image.image.height)
        )
        self.assertIsNone(image_size(ArticleImage().image))


class MachineTimeTests(TestCase):
    def test_times_in_html_have_no_fraction_of_a_second(self):
        moment = timezone.now().replace(microsecond=123456)
        self.assertNotIn(".", machine_time(moment))
        make_article(published_at=moment - timedelta(hours=1))
        html = self.client.get(reverse("articles:index")).content.decode()
        for value in re.findall(r'datetime="([^"]+)"', html):
            self.assertNotIn(".", value)

    def test_every_template_writes_datetime_attributes_through_machine_time(self):
        # Django's |date:"c" keeps microseconds, which HTML refuses.
        templates = Path(__file__).resolve().parents[1] / "templates"
        for template in templates.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for value in re.findall(r'datetime="(\{\{[^"]*\}\})"', text):
                with self.subTest(template=template.name, value=value):
                    self.assertRegex(value, r"\|machine_time|\|date:'Y-m-d'")


class PaginationAddressTests(TestCase):
    def test_the_first_page_is_linked_without_a_page_parameter(self):
        department = make_department()
        for _ in range(21):
            make_article(department=department)
        for url in ("/?page=2", f"/?department={department.slug}&page=2"):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                previous = re.search(r'rel="prev" href="([^"]+)"', html)[1]
                self.assertNotIn("page=", previous)
                self.assertEqual(
                    self.client.get(previous.replace("&amp;", "&")).status_code, 200
                )

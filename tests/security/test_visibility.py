"""Only published articles reach the public: no page, feed or trick shows others."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)
from tests.public_pages import (
    archive_pages,
    feeds_and_sitemaps_showing,
    html_pages_showing,
)
from tests.reliability.outage import with_page_cache

MARKER = "SECRETMARKER"
# Where the search page repeats the reader's own query back to them.
QUERY_ECHOES = (f'value="{MARKER}"', f"“{MARKER}”", f"q={MARKER}")
TRICKS = (
    "",
    "?status=draft",
    "?status=review",
    "?status=withdrawn",
    "?status=all",
    "?preview=1",
    "?draft=1",
    "?is_published=0",
    f"?q={MARKER}",
    f"?q={MARKER[:-2]}",
    f"?q={MARKER}&status=draft&preview=1",
    "?published_at__gt=2000-01-01",
    "?date_from=1900-01-01&date_to=2999-12-31",
)


class HiddenArticlesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.department = make_department(name="经济部")
        cls.reporter = make_reporter(name="王军方")
        cls.correspondent = make_correspondent(name="李四")
        people = {
            "department": cls.department,
            "reporters": [cls.reporter],
            "correspondents": [cls.correspondent],
        }
        cls.published = make_article(headline="公开的稿件", **people)
        hidden = {
            "draft": {"status": Article.Status.DRAFT, "published_at": None},
            "dated draft": {
                "status": Article.Status.DRAFT,
                "published_at": now - timedelta(hours=2),
            },
            "review": {
                "status": Article.Status.REVIEW,
                "published_at": now - timedelta(hours=3),
            },
            "withdrawn": {
                "status": Article.Status.WITHDRAWN,
                "published_at": now - timedelta(days=1),
            },
            "scheduled": {
                "status": Article.Status.PUBLISHED,
                "published_at": now + timedelta(hours=1),
            },
            "scheduled next year": {
                "status": Article.Status.PUBLISHED,
                "published_at": now + timedelta(days=400),
            },
        }
        cls.hidden = [
            make_article(
                headline=f"{MARKER} {label} 标题",
                subheadline=f"{MARKER} 副题",
                body=f"本报讯 {MARKER} {label}正文。\n\n第二段 {MARKER}。",
                **fields,
                **people,
            )
            for label, fields in hidden.items()
        ]

    def assertNoMarker(self, url, client=None):
        response = (client or self.client).get(url)
        self.assertLess(response.status_code, 500, url)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if f"q={MARKER}" in url:
            for echo in QUERY_ECHOES:
                text = text.replace(echo, "")
        self.assertNotIn(MARKER, text, url)
        self.assertNotIn(MARKER, str(response.headers), url)
        return response


class PublicVisibilityTests(HiddenArticlesTestCase):
    def public_urls(self):
        urls = [
            *html_pages_showing(self.published),
            *feeds_and_sitemaps_showing(self.published),
        ]
        for article in [self.published, *self.hidden]:
            for moment in (article.published_at, article.created_at):
                if moment is not None:
                    day = timezone.localtime(moment).date()
                    urls.append(
                        reverse("sitemap_articles", args=[f"{day:%Y}", f"{day:%m}"])
                    )
                    urls += archive_pages(moment)
        return list(dict.fromkeys(urls))

    def test_no_public_page_shows_hidden_articles_whatever_the_parameters(self):
        for url in self.public_urls():
            for trick in TRICKS:
                with self.subTest(url=url + trick):
                    self.assertNoMarker(url + trick)

    def test_hidden_articles_are_not_found_at_any_date(self):
        for article in self.hidden:
            days = {timezone.localtime(article.created_at).date()}
            if article.published_at:
                days.add(timezone.localtime(article.published_at).date())
            days.add(timezone.localdate() - timedelta(days=1))
            for day in days:
                url = reverse(
                    "articles:detail",
                    kwargs={
                        "year": day.year,
                        "month": day.month,
                        "day": day.day,
                        "pk": article.pk,
                    },
                )
                for trick in TRICKS:
                    with self.subTest(url=url + trick):
                        response = self.assertNoMarker(url + trick)
                        self.assertEqual(response.status_code, 404)

    def test_a_signed_in_editor_sees_the_same_public_site(self):
        editor = make_user(is_staff=True, is_superuser=True)
        self.client.force_login(editor)
        for url in self.public_urls()[:6]:
            for trick in ("", "?preview=1", "?status=draft"):
                with self.subTest(url=url + trick):
                    self.assertNoMarker(url + trick)

    def test_hidden_articles_are_not_counted_in_the_archive(self):
        day = timezone.localtime(self.published.published_at).date()
        response = self.client.get(
            reverse("articles:archive_day", args=[day.year, day.month, day.day])
        )
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.published.pk]
        )

    @with_page_cache
    def test_the_page_cache_does_not_leak_a_preview_to_readers(self):
        editor = make_user(is_staff=True, is_superuser=True)
        self.client.force_login(editor)
        preview = reverse("admin:articles_article_preview", args=[self.hidden[0].pk])
        self.assertContains(self.client.get(preview), MARKER)
        self.client.logout()
        for url in (preview, reverse("articles:index")):
            response = self.client.get(url)
            self.assertNotContains(response, MARKER, status_code=response.status_code)


class StaffPreviewTests(HiddenArticlesTestCase):
    def preview_url(self, article=None):
        article = article or self.hidden[0]
        return reverse("admin:articles_article_preview", args=[article.pk])

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.assertNoMarker(self.preview_url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_a_signed_in_non_staff_user_is_sent_to_sign_in(self):
        self.client.force_login(make_user())
        response = self.assertNoMarker(self.preview_url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_staff_without_permission_to_view_articles_are_refused(self):
        self.client.force_login(make_user(is_staff=True))
        response = self.assertNoMarker(self.preview_url())
        self.assertEqual(response.status_code, 403)

    def test_staff_allowed_to_view_articles_see_every_hidden_article(self):
        viewer = make_user(is_staff=True)
        viewer.user_permissions.add(
            Permission.objects.get(
                codename="view_article", content_type__app_label="articles"
            )
        )
        self.client.force_login(viewer)
        for article in self.hidden:
            with self.subTest(status=article.status, at=article.published_at):
                response = self.client.get(self.preview_url(article))
                self.assertContains(response, MARKER)

    def test_the_preview_is_never_stored_by_a_cache(self):
        self.client.force_login(make_user(is_staff=True, is_superuser=True))
        response = self.client.get(self.preview_url())
        self.assertEqual(response.status_code, 200)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        self.assertLessEqual({"private", "no-store"}, directives)
        self.assertIn("noindex", response.get("X-Robots-Tag", ""))


class UnpublishedPeopleTests(TestCase):
    """Someone named only on unpublished articles has no public trace yet."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = make_reporter(name=f"{MARKER}记者")
        cls.correspondent = make_correspondent(name=f"{MARKER}通讯员")
        make_article(
            status=Article.Status.DRAFT,
            published_at=None,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )

    def test_their_pages_and_feed_are_not_found(self):
        for url in (
            self.reporter.get_absolute_url(),
            self.correspondent.get_absolute_url(),
            reverse("articles:reporter_feed", args=[self.reporter.slug]),
            reverse("articles:correspondent_feed", args=[self.correspondent.slug]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, MARKER, status_code=404)

    def test_the_list_filters_do_not_know_them(self):
        for name, person in (
            ("reporter", self.reporter),
            ("correspondent", self.correspondent),
        ):
            with self.subTest(name=name):
                response = self.client.get("/", {name: person.slug})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, MARKER)

    def test_their_first_published_article_makes_them_public(self):
        make_article(reporters=[self.reporter], correspondents=[self.correspondent])
        self.assertContains(self.client.get(self.reporter.get_absolute_url()), MARKER)
        self.assertContains(
            self.client.get(self.correspondent.get_absolute_url()), MARKER
        )

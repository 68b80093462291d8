"""Finer invalidation: an edit of one article's text leaves the cached pages
of articles that do not show it warm, and every page that shows it cold."""

from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache
from readersite import items
from tests.factories import make_article, make_department, make_reporter
from tests.test_pagecache import PageCacheTestCase


@override_settings(PAGE_CACHE_SECONDS=300)
class ArticleTextEditTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        sports, city = make_department(name="体育部"), make_department(name="城建部")
        cls.old = make_article(
            headline="很久以前的稿件",
            department=sports,
            published_at=now - timedelta(days=400),
        )
        cls.neighbour = make_article(
            headline="前一天的稿件",
            department=city,
            reporters=[make_reporter()],
            published_at=now - timedelta(days=3),
        )
        cls.edited = make_article(
            headline="原来的标题",
            department=city,
            published_at=now - timedelta(days=2),
        )

    def setUp(self):
        super().setUp()
        pagecache.invalidate()

    def warm(self, *articles):
        for article in articles:
            self.assertServedFrom(self.get(article.get_absolute_url()), "miss")

    def edit(self, article, **changes):
        article = Article.objects.get(pk=article.pk)
        for name, value in changes.items():
            setattr(article, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            article.save()

    def test_an_unrelated_articles_page_stays_cached(self):
        self.warm(self.old)
        self.edit(self.edited, headline="新的标题")
        self.assertServedFrom(self.get(self.old.get_absolute_url()), "hit")

    def test_the_edited_article_and_its_neighbours_show_the_edit(self):
        self.warm(self.edited, self.neighbour)
        self.edit(self.edited, headline="新的标题")
        for article in (self.edited, self.neighbour):
            with self.subTest(article=article.headline):
                response = self.assertFresh(article.get_absolute_url())
                self.assertContains(response, "新的标题")

    def test_lists_show_the_edit(self):
        self.assertServedFrom(self.get(), "miss")
        self.edit(self.edited, headline="新的标题")
        self.assertContains(self.assertFresh(), "新的标题")

    def test_the_list_of_another_desk_stays_cached(self):
        desk_page = self.old.department.get_absolute_url()
        self.assertServedFrom(self.get(desk_page), "miss")
        self.edit(self.edited, headline="新的标题")
        self.assertServedFrom(self.get(desk_page), "hit")

    def test_the_list_of_its_desk_shows_the_edit(self):
        desk_page = self.edited.department.get_absolute_url()
        self.assertServedFrom(self.get(desk_page), "miss")
        self.edit(self.edited, headline="新的标题")
        self.assertContains(self.assertFresh(desk_page), "新的标题")

    def test_a_search_goes_cold_whatever_it_listed(self):
        # The edit may make the article match: a search depends on text.
        search = reverse("articles:index") + "?q=新的"
        self.assertServedFrom(self.get(search), "miss")
        self.edit(self.edited, headline="新的标题")
        self.assertContains(self.assertFresh(search), "新的标题")

    def test_a_change_of_publication_makes_every_page_cold(self):
        self.warm(self.old)
        self.edit(self.edited, status=Article.Status.WITHDRAWN)
        self.assertFresh(self.old.get_absolute_url())
        self.assertNotContains(self.get(), "原来的标题")

    def test_a_move_to_another_desk_makes_every_page_cold(self):
        self.warm(self.old)
        self.edit(self.edited, department=self.old.department)
        self.assertFresh(self.old.get_absolute_url())

    def test_a_bulk_update_makes_every_page_cold(self):
        self.warm(self.old)
        with self.captureOnCommitCallbacks(execute=True):
            Article.objects.filter(pk=self.edited.pk).update(headline="批量")
        self.assertFresh(self.old.get_absolute_url())

    def test_a_page_rendered_while_a_change_is_made_is_not_kept(self):
        url = self.edited.get_absolute_url()
        real_generations = pagecache.tag_generations

        def change_meanwhile(tags):
            pagecache.invalidate_tags(["article:0"])
            return real_generations(tags)

        with mock.patch.object(pagecache, "tag_generations", change_meanwhile):
            self.assertServedFrom(self.get(url), "miss")
        self.assertServedFrom(self.get(url), "miss")
        self.assertServedFrom(self.get(url), "hit")

    def test_an_evicted_generation_counts_as_a_change(self):
        self.warm(self.old)
        tag = pagecache.TAG_KEY.format(tag=f"article:{self.old.pk}")
        pagecache.tag_cache().delete(tag)
        # Under the next version: a process keeps the generations it read
        # for as long as the version they were read under is current.
        pagecache.invalidate_tags(["article:0"])
        self.assertFresh(self.old.get_absolute_url())
        self.assertServedFrom(self.get(self.old.get_absolute_url()), "hit")

    def test_the_article_list_is_unaffected_by_tags(self):
        url = reverse("articles:index")
        self.assertServedFrom(self.get(url), "miss")
        self.assertServedFrom(self.get(url), "hit")


@override_settings(FRAGMENT_CACHE_SECONDS=3600)
class ListItemsThroughEditsTests(PageCacheTestCase):
    """Cached list items outlive an edit of another article's text."""

    @classmethod
    def setUpTestData(cls):
        cls.edited = make_article(headline="原来的标题", department=make_department())
        cls.others = [make_article() for _ in range(3)]

    def rendered_by_the_next_list(self):
        with mock.patch("readersite.items.render", wraps=items.render) as render:
            response = self.get()
        return response, {a.pk for call in render.call_args_list for a in call.args[0]}

    def test_only_the_edited_articles_item_is_rendered_again(self):
        self.rendered_by_the_next_list()
        article = Article.objects.get(pk=self.edited.pk)
        article.headline = "新的标题"
        with self.captureOnCommitCallbacks(execute=True):
            article.save()
        response, rendered = self.rendered_by_the_next_list()
        self.assertEqual(rendered, {self.edited.pk})
        self.assertContains(response, "新的标题")

    def test_a_desk_renamed_renders_every_item_again(self):
        self.rendered_by_the_next_list()
        desk = self.edited.department
        with self.captureOnCommitCallbacks(execute=True):
            desk.name = "改名的部门"
            desk.save()
        _, rendered = self.rendered_by_the_next_list()
        self.assertEqual(rendered, {self.edited.pk, *(a.pk for a in self.others)})


class GenerationsKeptPerVersionTests(PageCacheTestCase):
    """A process keeps the generations it read for the content version it
    read them under: a new generation must come with a version after it."""

    def test_the_version_changes_after_the_generations(self):
        cache = pagecache.tag_cache()
        real_set_many = cache.set_many
        seen = []

        def set_many(values, timeout):
            seen.append(pagecache.version_cache().get(pagecache.VERSION_KEY))
            return real_set_many(values, timeout)

        with mock.patch.object(cache, "set_many", set_many):
            pagecache.invalidate_tags(["article:1"])
        after = pagecache.version_cache().get(pagecache.VERSION_KEY)
        self.assertEqual(len(seen), 1)
        self.assertNotEqual(after, seen[0])

    def test_generations_read_under_an_older_version_are_read_again(self):
        version = pagecache.current_version()
        key = pagecache.TAG_KEY.format(tag="article:1")
        pagecache.tag_cache().set(key, "first", None)
        self.assertEqual(pagecache.current_generations(version, [key]), {key: "first"})
        pagecache.invalidate_tags(["article:1"])
        version = pagecache.version_cache().get(pagecache.VERSION_KEY)
        found = pagecache.current_generations(version, [key])
        self.assertNotEqual(found, {key: "first"})

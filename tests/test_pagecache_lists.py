"""Lists in the page cache: a change of what lists hold (an import, a
publication, a withdrawal) makes the pages that list or link the articles
concerned cold, and leaves the pages of other articles, desks and people
warm; a search stays cached while it finds the same articles."""

import datetime
from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import bulk_insert
from articles.models import Article, ArticleReporter
from newsroom import pagecache
from tests.factories import make_article, make_department, make_reporter
from tests.test_pagecache import PageCacheTestCase


def unsaved_article(headline, department, published_at):
    article = Article(
        headline=headline,
        body="本报讯 11月3日，第一段。\n\n第二段。",
        dateline_date=datetime.date(2021, 11, 3),
        department=department,
        status=Article.Status.PUBLISHED,
        published_at=published_at,
    )
    article.fill_derived_fields()
    return article


@override_settings(PAGE_CACHE_SECONDS=300)
class ListChangeTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.sports, cls.city = make_department(name="体育部"), make_department()
        cls.city_reporter, cls.sports_reporter = make_reporter(), make_reporter()

        def article(headline, desk, days, reporters=()):
            published_at = now - timedelta(days=days)
            return make_article(
                headline=headline,
                department=desk,
                reporters=reporters,
                published_at=published_at,
            )

        article("体育旧闻", cls.sports, 40)
        article("体育前文", cls.sports, 20, [cls.sports_reporter])
        cls.quiet = article("体育赛事", cls.sports, 19)
        cls.city_old = article("城建工程", cls.city, 18, [cls.city_reporter])
        article("城建新闻", cls.city, 2, [cls.city_reporter])
        cls.newest = article("城建最新", cls.city, 1)

    def setUp(self):
        super().setUp()
        pagecache.invalidate()

    def warm(self, *paths):
        for path in paths:
            self.assertServedFrom(self.get(path), "miss")
            self.assertServedFrom(self.get(path), "hit")

    def import_article(self, headline, desk, reporter):
        new = unsaved_article(headline, desk, timezone.now() - timedelta(hours=1))
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            bulk_insert.insert_objects([new])
            pk = Article.objects.get(headline=headline).pk
            bulk_insert.insert_rows(
                ArticleReporter,
                ["article", "reporter", "position"],
                [(pk, reporter.pk, 0)],
            )

    def save(self, article, **changes):
        article = Article.objects.get(pk=article.pk)
        for name, value in changes.items():
            setattr(article, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            article.save()

    def test_an_import_leaves_pages_it_does_not_touch_warm(self):
        untouched = [
            self.quiet.get_absolute_url(),
            self.sports.get_absolute_url(),
            self.sports_reporter.get_absolute_url(),
        ]
        self.warm(*untouched)
        self.import_article("新导入的稿件", self.city, self.city_reporter)
        for path in untouched:
            with self.subTest(path=path):
                self.assertServedFrom(self.get(path), "hit")

    def test_an_import_shows_on_the_pages_that_list_or_link_it(self):
        showing = [
            reverse("articles:index"),
            reverse("front"),
            reverse("articles:feed"),
            self.city.get_absolute_url(),
            self.city_reporter.get_absolute_url(),
            # The newest article's 下一篇, and the related articles of its desk.
            self.newest.get_absolute_url(),
            self.city_old.get_absolute_url(),
        ]
        self.warm(*showing)
        self.import_article("新导入的稿件", self.city, self.city_reporter)
        for path in showing:
            with self.subTest(path=path):
                self.assertContains(self.assertFresh(path), "新导入的稿件")

    def test_a_new_reporter_leaves_the_pages_of_articles_warm(self):
        self.warm(self.quiet.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            make_reporter(name="新来的记者")
        self.assertServedFrom(self.get(self.quiet.get_absolute_url()), "hit")

    def test_a_reporter_renamed_shows_on_every_page(self):
        self.warm(self.city_old.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            self.city_reporter.name = "改名的记者"
            self.city_reporter.save()
        page = self.assertFresh(self.city_old.get_absolute_url())
        self.assertContains(page, "改名的记者")

    def test_a_withdrawal_leaves_the_pages_beside_it_and_of_its_lists(self):
        beside = self.quiet.get_absolute_url()  # its 下一篇
        self.warm(beside, self.city_reporter.get_absolute_url())
        self.save(self.city_old, status=Article.Status.WITHDRAWN)
        self.assertNotContains(self.assertFresh(beside), "城建工程")
        page = self.assertFresh(self.city_reporter.get_absolute_url())
        self.assertNotContains(page, "城建工程")

    def test_a_withdrawal_leaves_the_pages_of_other_desks_warm(self):
        self.warm(self.sports.get_absolute_url())
        self.save(self.city_old, status=Article.Status.WITHDRAWN)
        self.assertServedFrom(self.get(self.sports.get_absolute_url()), "hit")

    def test_a_desks_first_article_shows_in_the_menu_of_every_page(self):
        culture = make_department(name="文化部")
        self.warm(self.quiet.get_absolute_url())
        draft = make_article(department=culture, status=Article.Status.DRAFT)
        self.save(draft, status=Article.Status.PUBLISHED, published_at=timezone.now())
        self.assertContains(self.assertFresh(self.quiet.get_absolute_url()), "文化部")

    def test_a_desks_last_article_withdrawn_leaves_the_menu_of_every_page(self):
        culture = make_department(name="文化部")
        only = make_article(department=culture, published_at=timezone.now())
        self.warm(self.quiet.get_absolute_url())
        self.save(only, status=Article.Status.WITHDRAWN)
        page = self.assertFresh(self.quiet.get_absolute_url())
        self.assertNotContains(page, "文化部")

    def test_an_imported_desks_first_article_shows_in_the_menu(self):
        culture = make_department(name="文化部")
        self.warm(self.quiet.get_absolute_url())
        self.import_article("文化新闻", culture, self.city_reporter)
        self.assertContains(self.assertFresh(self.quiet.get_absolute_url()), "文化部")


@override_settings(PAGE_CACHE_SECONDS=300)
class UnlistedEditTests(PageCacheTestCase):
    """Pages that list the newest articles stay cached through an edit of an
    article they do not show."""

    @classmethod
    def setUpTestData(cls):
        cls.shown = make_article(headline="头版稿件", department=make_department())
        cls.draft = make_article(headline="草稿", status=Article.Status.DRAFT)

    def setUp(self):
        super().setUp()
        pagecache.invalidate()

    def edit(self, article, headline):
        article = Article.objects.get(pk=article.pk)
        article.headline = headline
        with self.captureOnCommitCallbacks(execute=True):
            article.save()

    def test_the_front_page_and_feeds_stay_cached(self):
        paths = [reverse("front"), reverse("articles:feed")]
        paths.append(reverse("articles:feed_atom"))
        for path in paths:
            self.assertServedFrom(self.get(path), "miss")
        self.edit(self.draft, "改过的草稿")
        for path in paths:
            with self.subTest(path=path):
                self.assertServedFrom(self.get(path), "hit")

    def test_the_front_page_and_feeds_show_an_edit_of_what_they_show(self):
        paths = [reverse("front"), reverse("articles:feed")]
        for path in paths:
            self.assertServedFrom(self.get(path), "miss")
        self.edit(self.shown, "改过的头版稿件")
        for path in paths:
            with self.subTest(path=path):
                self.assertContains(self.assertFresh(path), "改过的头版稿件")


@override_settings(PAGE_CACHE_SECONDS=300)
class SearchRecheckTests(PageCacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.found = make_article(headline="航空港召开会议")
        cls.other = make_article(headline="体育比赛")
        cls.search = reverse("articles:index") + "?q=航空港"

    def setUp(self):
        super().setUp()
        pagecache.invalidate()
        self.assertServedFrom(self.get(self.search), "miss")

    def edit(self, article, headline):
        article = Article.objects.get(pk=article.pk)
        article.headline = headline
        with self.captureOnCommitCallbacks(execute=True):
            article.save()

    def test_a_search_stays_cached_while_it_finds_the_same_articles(self):
        self.edit(self.other, "体育比赛结果")
        self.assertServedFrom(self.get(self.search), "hit")
        with self.assertNumQueries(0):
            self.assertServedFrom(self.get(self.search), "hit")

    def test_a_search_shows_an_article_an_edit_makes_it_find(self):
        self.edit(self.other, "航空港体育比赛")
        self.assertContains(self.assertFresh(self.search), "航空港体育比赛")

    def test_a_search_drops_an_article_an_edit_makes_it_miss(self):
        self.edit(self.found, "召开会议")
        self.assertNotContains(self.assertFresh(self.search), "召开会议")

    def insert(self, headline):
        new = unsaved_article(headline, None, timezone.now() - timedelta(hours=1))
        with self.captureOnCommitCallbacks(execute=True):
            bulk_insert.insert_objects([new])

    def test_a_search_stays_cached_through_an_import_it_does_not_find(self):
        self.insert("体育新闻")
        self.assertServedFrom(self.get(self.search), "hit")

    def test_a_search_shows_an_imported_article_it_finds(self):
        self.insert("航空港新航线")
        self.assertContains(self.assertFresh(self.search), "航空港新航线")

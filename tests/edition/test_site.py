"""The 数字报 on the public site: issue, page, archive, front page, article's print line."""

from datetime import date, timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, text_fingerprint
from edition.models import Issue, Placement, next_issue_release
from newsroom import pagecache
from tests.factories import make_article, make_department, make_page

DAY = date(2021, 11, 6)


def published_on(day, **fields):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 6))
    return make_article(published_at=moment, **fields)


class EditionSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政")
        cls.lead = published_on(DAY, headline="头版头条", department=cls.desk)
        cls.second = published_on(DAY, headline="头版二条")
        cls.inside = published_on(DAY, headline="二版稿件")
        cls.front = make_page("A1", DAY, "要闻", articles=[cls.lead, cls.second])
        cls.page2 = make_page("A2", DAY, "综合新闻", articles=[cls.inside])
        # The lead continues on A2.
        Placement.objects.create(
            article=cls.lead, page=cls.page2, order=2, is_primary=False
        )
        cls.draft = make_article(headline="未发布稿件", status=Article.Status.DRAFT)
        cls.hidden_page = make_page("A3", DAY, "草稿版", articles=[cls.draft])
        cls.earlier = published_on(DAY - timedelta(days=1), headline="前一期头条")
        cls.earlier_page = make_page(
            "A1", DAY - timedelta(days=1), "要闻", articles=[cls.earlier]
        )

    def test_newest_issue_lists_its_public_pages_in_print_order(self):
        response = self.client.get(reverse("edition:newest"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["issue"].date, DAY)
        self.assertEqual([p.label for p in response.context["pages"]], ["A1", "A2"])
        self.assertContains(response, "第A1版 要闻")
        self.assertContains(response, "头条：头版头条")
        self.assertNotContains(response, "草稿版")
        self.assertContains(response, self.earlier_page.issue.get_absolute_url())

    def test_page_lists_articles_in_print_order_with_neighbours(self):
        response = self.client.get("/epaper/2021-11-06/A1/")
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertLess(content.index("头版头条"), content.index("头版二条"))
        self.assertContains(response, self.page2.get_absolute_url())
        self.assertContains(response, "下转")
        self.assertIsNone(response.context["previous_page"])
        self.assertEqual(response.context["next_page"], self.page2)

    def test_continued_article_shows_on_its_second_page(self):
        response = self.client.get(self.page2.get_absolute_url())
        self.assertContains(response, "头版头条")
        self.assertContains(response, "上接")
        self.assertEqual(response.context["previous_page"], self.front)

    def test_page_with_only_unpublished_articles_does_not_exist(self):
        self.assertEqual(
            self.client.get(self.hidden_page.get_absolute_url()).status_code, 404
        )
        self.assertNotContains(
            self.client.get(self.page2.get_absolute_url()), "未发布稿件"
        )

    def test_withheld_or_unpublished_issue_does_not_exist(self):
        Issue.objects.filter(date=DAY).update(status=Issue.Status.WITHHELD)
        self.assertEqual(self.client.get("/epaper/2021-11-06/").status_code, 404)
        self.assertEqual(self.client.get("/epaper/2021-11-06/A1/").status_code, 404)
        self.assertEqual(
            self.client.get(reverse("edition:newest")).context["issue"].date,
            DAY - timedelta(days=1),
        )
        response = self.client.get(self.lead.get_absolute_url())
        self.assertNotContains(response, "/epaper/2021-11-06/")

    def test_scheduled_issue_is_not_shown_before_its_articles(self):
        later = DAY + timedelta(days=1)
        scheduled = make_article(
            headline="明日头条", published_at=timezone.now() + timedelta(days=1)
        )
        make_page("A1", later, articles=[scheduled])
        self.assertEqual(self.client.get(f"/epaper/{later}/").status_code, 404)

    def test_bad_dates_and_labels_are_404(self):
        for url in (
            "/epaper/2021-13-06/",
            "/epaper/0001-01-01/",
            "/epaper/nonsense/",
            "/epaper/2021-11-06/Z9/",
            "/epaper/archive/2021/13/",
            "/epaper/archive/1900/01/",
            "/epaper/2021-11-06/%00/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_issue_previous_and_next(self):
        response = self.client.get(self.earlier_page.issue.get_absolute_url())
        self.assertEqual(response.context["newer_issue"], DAY)
        self.assertIsNone(response.context["older_issue"])

    def test_archive_and_calendar(self):
        response = self.client.get(reverse("edition:archive"))
        self.assertEqual(
            response.context["months"],
            [
                (
                    date(2021, 11, 1),
                    2,
                    reverse("edition:calendar", args=[2021, 11]),
                )
            ],
        )
        self.assertContains(response, reverse("edition:calendar", args=[2021, 11]))
        self.assertContains(response, "2 期")
        response = self.client.get(reverse("edition:calendar", args=[2021, 11]))
        self.assertContains(response, "/epaper/2021-11-06/")
        self.assertContains(response, "/epaper/2021-11-05/")
        self.assertEqual(response.context["total"], 2)
        self.assertEqual(
            self.client.get(reverse("edition:calendar", args=[2021, 10])).status_code,
            404,
        )

    def test_article_page_says_where_it_was_printed(self):
        response = self.client.get(self.lead.get_absolute_url())
        self.assertContains(response, "本文刊于")
        self.assertContains(response, 'href="/epaper/2021-11-06/A1/"')
        self.assertContains(response, 'href="/epaper/2021-11-06/A2/"')
        self.assertContains(response, "2021年11月6日 第A1版 要闻")

    def test_front_page_leads_with_a1_and_keeps_the_latest_list(self):
        response = self.client.get("/")
        self.assertEqual(response.context_data["lead"], self.lead)
        self.assertContains(response, "今日数字报")
        self.assertContains(response, self.front.issue.get_absolute_url())
        self.assertEqual([d.name for d, _ in response.context["desk_blocks"]], ["时政"])
        self.assertContains(response, reverse("articles:index"))
        latest = self.client.get(reverse("articles:index"))
        self.assertEqual(latest.status_code, 200)
        self.assertContains(latest, "前一期头条")

    def test_old_list_addresses_still_list(self):
        response = self.client.get("/", {"q": "头版"})
        self.assertContains(response, "查找结果")

    def test_sitemap_lists_issues_and_pages(self):
        index = self.client.get(reverse("sitemap"))
        self.assertContains(index, "sitemap-epaper.xml")
        response = self.client.get(reverse("sitemap_section", args=["epaper"]))
        self.assertContains(response, "/epaper/2021-11-06/</loc>")
        self.assertContains(response, "/epaper/2021-11-06/A2/</loc>")
        self.assertNotContains(response, "/epaper/2021-11-06/A3/")

    def test_issue_feed_lists_its_articles_in_print_order(self):
        response = self.client.get(reverse("edition:issue_feed", args=["2021-11-06"]))
        content = response.content.decode()
        self.assertLess(content.index("头版头条"), content.index("头版二条"))
        self.assertLess(content.index("头版二条"), content.index("二版稿件"))
        self.assertEqual(content.count("头版头条</title>"), 1)
        self.assertNotIn("未发布稿件", content)


class FixedQueryCountTests(TestCase):
    """Each page reads the same number of rows whatever the edition's size."""

    def build(self, pages, per_page, day):
        desks = [make_department() for _ in range(pages)]
        for n in range(pages):
            articles = [published_on(day, department=desks[n]) for _ in range(per_page)]
            make_page(f"A{n + 1}", day, f"版{n}", articles=articles)

    def count(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        return len(queries)

    def test_counts_do_not_grow_with_pages_or_articles(self):
        small, large = date(2021, 3, 1), date(2021, 3, 2)
        self.build(2, 2, small)
        urls = {
            "issue": "/epaper/{}/",
            "page": "/epaper/{}/A1/",
            "calendar": "/epaper/archive/2021/3/",
            "front": "/",
        }
        before = {k: self.count(u.format(small)) for k, u in urls.items()}
        self.build(6, 5, large)
        after = {k: self.count(u.format(large)) for k, u in urls.items()}
        self.assertEqual(before, after)
        expected = {"issue": 5, "page": 11, "calendar": 4, "front": 10}
        for name, number in expected.items():
            with self.subTest(name), self.assertNumQueries(number):
                self.client.get(urls[name].format(large))


class FrontPageDeskBlockTests(TestCase):
    def test_a_quiet_desk_keeps_its_block_however_many_newer_articles_others_have(
        self,
    ):
        quiet, busy = make_department(name="农村版"), make_department(name="要闻部")
        old = make_article(
            headline="农村版的上一篇稿件",
            department=quiet,
            published_at=timezone.now() - timedelta(days=90),
        )
        now = timezone.now()
        newer = [
            Article(
                headline=f"要闻{n}",
                body=f"本报讯 第{n}篇。",
                department=busy,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1),
                fingerprint=text_fingerprint(f"要闻{n}", f"本报讯 第{n}篇。"),
            )
            for n in range(1000)
        ]
        Article.objects.bulk_create(newer, batch_size=250)
        blocks = {
            desk.name: articles
            for desk, articles in self.client.get("/").context["desk_blocks"]
        }
        self.assertEqual([a.pk for a in blocks[quiet.name]], [old.pk])
        self.assertEqual(
            [a.headline for a in blocks[busy.name]], [f"要闻{n}" for n in range(5)]
        )

    def test_headlines_link_to_their_articles_pages(self):
        desk = make_department(name="时政")
        # Published a minute after local midnight: the UTC date is the day before.
        midnight = timezone.localtime().replace(hour=0, minute=1)
        make_article(department=desk, published_at=midnight)
        make_article(department=desk)
        response = self.client.get("/")
        shown = response.context["latest"]
        shown += [h for _, block in response.context["desk_blocks"] for h in block]
        self.assertEqual(len(shown), 4)
        for headline in shown:
            article = Article.objects.get(pk=headline.pk)
            self.assertEqual(headline.url, article.get_absolute_url())
            self.assertContains(response, f'<a href="{headline.url}">')


class IssueDatedAheadTests(TestCase):
    def test_an_issue_shows_from_the_eve_of_its_date_not_earlier(self):
        today = timezone.localdate()
        for days, shown in ((1, True), (2, False), (7, False)):
            day = today + timedelta(days=days)
            make_page("A1", issue_date=day, articles=[make_article()])
            with self.subTest(days=days):
                self.assertIs(Issue.objects.public().filter(date=day).exists(), shown)
                status = self.client.get(f"/epaper/{day.isoformat()}/").status_code
                self.assertEqual(status, 200 if shown else 404)

    def test_pages_expire_at_midnight_while_an_issue_waits_ahead(self):
        self.assertIsNone(next_issue_release())
        make_page("A1", issue_date=timezone.localdate() + timedelta(days=3))
        moment = timezone.localtime(next_issue_release())
        self.assertEqual((moment.hour, moment.minute), (0, 0))
        self.assertEqual(moment.date(), timezone.localdate() + timedelta(days=1))
        self.assertEqual(pagecache.next_scheduled_moment(), moment)

"""稿件统计: the figures of a small newsroom counted by hand, in the database."""

import datetime
import io

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from articles.models import Article, count_characters
from contributions import counting
from contributions.periods import parse_period
from edition.models import Issue, Page, Placement
from people.models import Department
from tests.contributions_newsroom import NOVEMBER, build_newsroom
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)

NOVEMBER_2021 = parse_period("2021-11")


def figures(table):
    return [
        (row.name, row.group, row.articles, row.chars, row.front, row.lead, row.rank)
        for row in table.rows
    ]


def totals(counted):
    return (counted.articles, counted.chars, counted.front, counted.lead)


class CharacterCountTests(SimpleTestCase):
    def test_every_character_but_white_space_counts_one(self):
        cases = {
            "": 0,
            "汉字": 2,
            "标点，。！？“”": 8,
            "GDP增长5%": 7,
            "空 格\u3000全角\t制表\r\n换行\n\n段落": 10,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(count_characters(text), expected)


class StoredCharacterCountTests(TestCase):
    def test_saving_an_article_counts_its_body(self):
        article = make_article(body="第一段 五个字\n\n第二段")
        self.assertEqual(article.char_count, 9)
        article.body = "改短了"
        article.save(update_fields=["body"])
        article.refresh_from_db()
        self.assertEqual(article.char_count, 3)

    def test_imported_articles_carry_their_count(self):
        sample = settings.BASE_DIR / "samples" / "sample-page.txt"
        call_command(
            "import_articles", str(sample), "--issue-date", "2021-11-06",
            "--publish", stdout=io.StringIO(),
        )  # fmt: skip
        articles = list(Article.objects.all())
        self.assertGreater(len(articles), 3)
        for article in articles:
            self.assertEqual(article.char_count, count_characters(article.body))
            self.assertGreater(article.char_count, 50)


class RankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom(cls)

    def test_every_kind_matches_the_figures_counted_by_hand(self):
        for slug, (rows, credited, distinct) in NOVEMBER.items():
            with self.subTest(kind=slug):
                table = counting.ranking(counting.KINDS[slug], NOVEMBER_2021)
                self.assertEqual(figures(table), rows)
                self.assertEqual(totals(table.credited), credited)
                self.assertEqual(totals(table.distinct), distinct)

    def test_midnight_beijing_time_decides_the_month(self):
        december = counting.ranking(counting.UNIT, parse_period("2021-12"))
        self.assertEqual(figures(december), [("西区医院", "", 1, 5, 0, 0, 1)])
        october = counting.ranking(counting.CORRESPONDENT, parse_period("2021-10"))
        self.assertEqual(figures(october), [("张通讯", "东区街道", 1, 4, 0, 0, 1)])

    def test_a_quarter_and_a_year_add_up_their_months(self):
        for text in ("2021-Q4", "2021"):
            with self.subTest(period=text):
                table = counting.ranking(counting.CORRESPONDENT, parse_period(text))
                by_name = {row.name: (row.articles, row.chars) for row in table.rows}
                self.assertEqual(
                    by_name,
                    {
                        "张通讯": (3, 25),
                        "李通讯": (2, 19),
                        "赵通讯": (1, 30),
                        "王通讯": (2, 14),
                    },
                )

    def test_a_span_of_days_counts_whole_days_at_both_ends(self):
        table = counting.ranking(counting.DESK, parse_period("2021-11-05..2021-11-30"))
        self.assertEqual(
            figures(table),
            [("要闻部", "", 2, 42, 1, 2, 1), ("社会新闻部", "", 1, 9, 1, 0, 2)],
        )

    def test_the_desk_filter_counts_only_that_desks_articles(self):
        table = counting.ranking(counting.UNIT, NOVEMBER_2021, desk=self.news_desk)
        self.assertEqual(
            figures(table),
            [
                ("（未填所在单位的通讯员）", "", 1, 30, 0, 1, 1),
                ("东区街道", "", 1, 12, 1, 1, 2),
            ],
        )

    def test_withdrawn_drafts_and_scheduled_articles_never_count(self):
        make_article(
            headline="定时发布",
            body="未来的稿件",
            published_at=datetime.datetime.now(datetime.UTC)
            + datetime.timedelta(days=2),
            correspondents=[self.zhang],
        )
        year = parse_period(f"{datetime.date.today().year}")
        self.assertEqual(counting.ranking(counting.CORRESPONDENT, year).rows, [])
        withdrawn = {self.a6.pk, self.a7.pk}
        for kind in counting.KINDS.values():
            listed = counting.article_list(kind, None, NOVEMBER_2021)
            self.assertFalse({a.pk for a in listed} & withdrawn)

    def test_one_query_whatever_the_number_of_rows(self):
        for _ in range(5):
            make_article(
                published_at=self.a1.published_at,
                correspondents=[make_correspondent(department=self.west)],
            )
        for kind in counting.KINDS.values():
            with self.subTest(kind=kind.slug), self.assertNumQueries(1):
                counting.ranking(kind, NOVEMBER_2021)


class OwnerFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_newsroom(cls)

    def test_monthly_figures_of_a_unit_count_a_shared_article_once(self):
        months = counting.monthly(counting.UNIT, self.east, parse_period("2021-Q4"))
        self.assertEqual(
            [(m, f.articles, f.chars, f.front, f.lead) for m, f in months],
            [
                (datetime.date(2021, 10, 1), 1, 4, 0, 0),
                (datetime.date(2021, 11, 1), 3, 28, 2, 1),
                (datetime.date(2021, 12, 1), 0, 0, 0, 0),
            ],
        )

    def test_a_continued_article_counts_once_on_the_front_page(self):
        # A1 is printed on A1 and continued on A3: one article, one 头版.
        table = counting.ranking(
            counting.REPORTER, parse_period("2021-11-05..2021-11-05")
        )
        self.assertEqual(figures(table), [("陈记者", "要闻部", 1, 12, 1, 1, 1)])
        listed = list(
            counting.article_list(
                counting.REPORTER, self.chen, parse_period("2021-11-05..2021-11-05")
            )
        )
        self.assertEqual(listed, [self.a1])
        self.assertEqual([p.page.label for p in listed[0].printed], ["A1", "A3"])

    def test_print_flags_are_decided_placement_by_placement(self):
        # 头条 is one placement both primary and first on its page; 头版 any
        # placement on a front page. Folding an article's placements must not
        # mix them: "primary on B2, second" + "continued, first on B3" is no
        # lead story.
        desk = make_department(name="专题部")
        unit = make_department(name="南区街道", kind=Department.Kind.UNIT)
        reporter = make_reporter(name="周记者", department=desk)
        correspondent = make_correspondent(name="吴通讯", department=unit)
        issue = Issue.objects.create(date=datetime.date(2021, 11, 20))
        a1, b2, b3 = (
            Page.objects.create(issue=issue, label=label, name=label)
            for label in ("A1", "B2", "B3")
        )
        body = "一二三"  # 3 字 each
        continued, lead_turned_to_front, unprinted = (
            make_article(
                body=body,
                published_at=self.a1.published_at,
                department=desk,
                reporters=[reporter],
                correspondents=[correspondent],
            )
            for _ in range(3)
        )
        for article, page, order, primary in (
            (continued, b2, 2, True),
            (continued, b3, 1, False),
            (lead_turned_to_front, b2, 1, True),
            (lead_turned_to_front, a1, 3, False),
        ):
            Placement.objects.create(
                article=article, page=page, order=order, is_primary=primary
            )
        expected = {
            "reporter": ("周记者", "专题部"),
            "correspondent": ("吴通讯", "南区街道"),
            "unit": ("南区街道", ""),
            "desk": ("专题部", ""),
        }
        for slug, (name, group) in expected.items():
            with self.subTest(kind=slug):
                table = counting.ranking(counting.KINDS[slug], NOVEMBER_2021, desk)
                self.assertEqual(figures(table), [(name, group, 3, 9, 1, 1, 1)])
                self.assertEqual(totals(table.distinct), (3, 9, 1, 1))

    def test_a_months_chart_shows_the_twelve_months_up_to_it(self):
        months = counting.monthly(counting.CORRESPONDENT, self.zhang, NOVEMBER_2021)
        self.assertEqual(len(months), 12)
        self.assertEqual(months[0][0], datetime.date(2020, 12, 1))
        self.assertEqual(
            [(f.articles, f.chars) for _, f in months[-2:]], [(1, 4), (2, 21)]
        )

    def test_article_lists_follow_the_counting_rules(self):
        expected = {
            (counting.UNIT, "east"): [self.a5, self.a1, self.a2],
            (counting.UNIT, None): [self.a4],
            (counting.CORRESPONDENT, "wang"): [self.a2],
            (counting.REPORTER, "liu"): [self.a2, self.a4],
            (counting.DESK, "city_desk"): [self.a5, self.a2],
        }
        for (kind, owner), articles in expected.items():
            with self.subTest(kind=kind.slug, owner=owner):
                listed = counting.article_list(
                    kind, owner and getattr(self, owner), NOVEMBER_2021
                )
                self.assertEqual(list(listed), articles)

    def test_monthly_figures_take_one_query(self):
        with self.assertNumQueries(1):
            counting.monthly(counting.UNIT, self.east, parse_period("2021"))


class RankOrderTests(SimpleTestCase):
    def test_equal_figures_share_a_rank(self):
        rows = [
            counting.Row(articles=1, chars=5, name="丙"),
            counting.Row(articles=3, chars=5, name="甲"),
            counting.Row(articles=1, chars=5, name="乙"),
            counting.Row(articles=1, chars=2, name="丁"),
        ]
        counting.rank_rows(rows)
        self.assertEqual(
            [(r.name, r.rank) for r in rows],
            [("甲", 1), ("丙", 2), ("乙", 2), ("丁", 4)],
        )

    def test_sorting_by_a_column_keeps_the_ranks(self):
        rows = [
            counting.Row(articles=3, chars=5, name="甲", rank=1),
            counting.Row(articles=1, chars=9, name="乙", rank=2),
        ]
        self.assertEqual(
            [r.name for r in counting.sort_rows(rows, "-chars")], ["乙", "甲"]
        )
        self.assertEqual([r.rank for r in counting.sort_rows(rows, "-rank")], [2, 1])
        self.assertEqual(
            [r.name for r in counting.sort_rows(rows, "unknown")], ["甲", "乙"]
        )

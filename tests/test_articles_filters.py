"""ArticleFilter: each filter narrows the published list; bad input is explained."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.filters import FORM_CLASSES, ArticleFilter
from articles.models import Article
from newsroom import pagecache
from people.models import Department
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)
from tests.test_articles_views import HIDDEN, make_hidden_articles

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


class ArticleFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.politics = make_department(name="时政", slug="politics")
        cls.life = make_department(name="民生", slug="life")
        cls.unit = make_department(name="实验中学", slug="school", kind="unit")
        cls.wang = make_reporter(name="王军方", slug="wang")
        cls.li = make_reporter(name="李晓梅", slug="li")
        cls.sun = make_correspondent(name="孙文韬", slug="sun")
        cls.a = make_article(
            headline="疫情防控会议",
            department=cls.politics,
            reporters=[cls.wang],
            correspondents=[cls.sun],
            published_at=local(2021, 11, 3, 23, 50),
        )
        cls.b = make_article(
            headline="营商环境",
            department=cls.politics,
            reporters=[cls.li],
            published_at=local(2021, 11, 4, 0, 10),
        )
        cls.c = make_article(
            headline="核酸检测疫情",
            department=cls.life,
            reporters=[cls.wang, cls.li],
            published_at=local(2021, 11, 5, 9, 0),
        )
        make_hidden_articles(department=cls.politics)

    def results(self, **params):
        filterset = ArticleFilter(
            QueryDict(mutable=True) | params, queryset=Article.objects.published()
        )
        self.assertTrue(filterset.is_valid(), filterset.errors)
        return set(filterset.qs)

    def test_department_filter_uses_the_slug(self):
        self.assertEqual(self.results(department="politics"), {self.a, self.b})

    def test_reporter_filter(self):
        self.assertEqual(self.results(reporter="wang"), {self.a, self.c})

    def test_correspondent_filter(self):
        self.assertEqual(self.results(correspondent="sun"), {self.a})

    def test_date_range_uses_local_days(self):
        # 23:50 on 3 November local time is 15:50 UTC: still 3 November.
        self.assertEqual(self.results(date_to="2021-11-03"), {self.a})
        self.assertEqual(self.results(date_from="2021-11-04"), {self.b, self.c})
        self.assertEqual(
            self.results(date_from="2021-11-04", date_to="2021-11-04"), {self.b}
        )

    def test_filters_combine_with_search(self):
        self.assertEqual(self.results(q="疫情", reporter="wang"), {self.a, self.c})
        self.assertEqual(self.results(q="疫情", department="life"), {self.c})
        self.assertEqual(
            self.results(q="疫情", reporter="li", date_from="2021-11-05"), {self.c}
        )

    def test_no_filter_keeps_every_published_article(self):
        self.assertEqual(self.results(), {self.a, self.b, self.c})

    def test_unknown_values_are_form_errors(self):
        cases = {
            "department": ("nope", "没有这个部门"),
            "reporter": ("nobody", "没有这位记者"),
            "correspondent": ("nobody", "没有这位通讯员"),
            "date_from": ("yesterday", "请输入有效的日期"),
            "date_to": ("2021-02-30", "请输入有效的日期"),
        }
        for name, (value, message) in cases.items():
            with self.subTest(name=name):
                filterset = ArticleFilter(QueryDict(f"{name}={value}"))
                self.assertFalse(filterset.is_valid())
                self.assertIn(message, str(filterset.errors[name]))

    def test_outside_unit_is_not_a_department_choice(self):
        filterset = ArticleFilter(QueryDict("department=school"))
        self.assertFalse(filterset.is_valid())

    def test_dates_outside_the_archive_are_refused(self):
        for value in ("0001-01-01", "9999-12-31"):
            with self.subTest(value=value):
                filterset = ArticleFilter(QueryDict(f"date_from={value}"))
                self.assertFalse(filterset.is_valid())
                self.assertIn("之间的日期", str(filterset.errors["date_from"]))

    def test_reversed_date_range_is_explained(self):
        filterset = ArticleFilter(QueryDict("date_from=2021-11-05&date_to=2021-11-01"))
        self.assertFalse(filterset.is_valid())
        self.assertIn("起始日期不能晚于结束日期", str(filterset.errors))

    def test_forms_share_their_class_but_not_their_fields(self):
        first = ArticleFilter(QueryDict("department=politics")).form
        second = ArticleFilter(QueryDict("department=life")).form
        self.assertIs(type(first), type(second))
        self.assertIsNot(first.fields["department"], second.fields["department"])
        self.assertTrue(first.is_valid() and second.is_valid())
        self.assertEqual(first.cleaned_data["department"], self.politics)
        self.assertEqual(second.cleaned_data["department"], self.life)

    def test_person_first_published_after_the_form_class_was_built_is_a_choice(self):
        # The form class is built once per process; its choices must not keep
        # the moment of that first request as "now".
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        with mock.patch.dict(FORM_CLASSES, clear=True):
            with mock.patch("django.utils.timezone.now", return_value=an_hour_ago):
                self.assertTrue(ArticleFilter(QueryDict("reporter=wang")).is_valid())
            newcomer = make_reporter(name="赵新", slug="newcomer")
            make_article(
                reporters=[newcomer],
                correspondents=[make_correspondent(slug="new-hand")],
                published_at=timezone.now() - datetime.timedelta(minutes=30),
            )
            for data in ("reporter=newcomer", "correspondent=new-hand"):
                with self.subTest(data=data):
                    filterset = ArticleFilter(QueryDict(data))
                    self.assertTrue(filterset.is_valid(), filterset.errors)

    def test_filters_are_copied_per_filterset(self):
        first = ArticleFilter(QueryDict("q=疫情"))
        second = ArticleFilter(QueryDict("q=营商"))
        self.assertIsNot(first.filters["q"], second.filters["q"])
        self.assertIs(first.filters["q"].parent, first)
        self.assertEqual(set(first.qs), {self.a, self.c})
        self.assertEqual(set(second.qs), {self.b})

    def test_query_is_cleaned_before_validation(self):
        filterset = ArticleFilter(QueryDict("q=%E7%96%AB%00%E6%83%85"))
        self.assertTrue(filterset.is_valid())
        self.assertEqual(filterset.form.cleaned_data["q"], "疫 情")
        self.assertIs(filterset.query_was_truncated, False)


class KnownDesksTests(TestCase):
    """With pieces cached, desks are looked up once per content version."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        # Only a desk with a published article is a choice readers have.
        make_article(department=cls.desk)
        make_department(name="实验中学", slug="school", kind="unit")

    def setUp(self):
        pagecache.page_cache().clear()
        pagecache.version_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)
        self.addCleanup(pagecache.version_cache().clear)
        cache_on = self.settings(FRAGMENT_CACHE_SECONDS=3600)
        cache_on.enable()
        self.addCleanup(cache_on.disable)

    def department(self, slug):
        filterset = ArticleFilter(QueryDict(f"department={slug}"))
        if not filterset.is_valid():
            return filterset.errors["department"]
        return filterset.form.cleaned_data["department"]

    def test_a_known_desk_is_validated_without_a_query(self):
        self.assertEqual(self.department("politics"), self.desk)
        with self.assertNumQueries(0):
            chosen = self.department("politics")
        self.assertEqual(chosen, self.desk)
        self.assertEqual(chosen.name, "时政")

    def test_unknown_slugs_are_still_refused(self):
        self.department("politics")
        for slug in ("nope", "school", "POLITICS", "politics%00"):
            with self.subTest(slug=slug):
                self.assertIsInstance(self.department(slug), list)
        self.assertIn("没有这个部门", str(self.department("nope")))

    def test_a_changed_desk_is_read_again_under_the_new_version(self):
        self.department("politics")
        with self.captureOnCommitCallbacks(execute=True):
            self.desk.name = "政务"
            self.desk.save()
        self.assertEqual(self.department("politics").name, "政务")
        with self.captureOnCommitCallbacks(execute=True):
            self.desk.kind = "unit"
            self.desk.save()
        self.assertIn("没有这个部门", str(self.department("politics")))

    def test_a_chosen_desk_is_a_copy(self):
        self.department("politics").name = "改过"
        self.assertEqual(self.department("politics").name, "时政")

    def test_desks_are_read_again_past_the_page_cache_deadline(self):
        # As a page rendered within a read replica's lag of a change.
        past = mock.patch.object(
            pagecache, "cache_deadline", return_value=timezone.now()
        )
        with past:
            self.department("politics")
            with self.assertNumQueries(1):
                self.assertEqual(self.department("politics"), self.desk)

    def test_desks_are_read_from_the_database_when_the_cache_fails(self):
        down = mock.patch.object(
            pagecache, "cache_deadline", side_effect=ConnectionError("down")
        )
        with down, self.assertLogs("articles.filters", "ERROR"):
            self.assertEqual(self.department("politics"), self.desk)
            self.assertIn("没有这个部门", str(self.department("nope")))

    def test_without_cached_pieces_every_form_asks_the_database(self):
        with self.settings(FRAGMENT_CACHE_SECONDS=0):
            self.department("politics")
            with self.assertNumQueries(1):
                self.assertEqual(self.department("politics"), self.desk)


class FilteredListPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="时政", slug="politics")
        cls.reporter = make_reporter(name="王军方", slug="wang")
        cls.article = make_article(
            headline="疫情防控", department=cls.desk, reporters=[cls.reporter]
        )
        cls.other = make_article(headline="别的新闻")
        make_hidden_articles(department=cls.desk)

    def test_filtered_page_lists_matches_and_names_the_filters(self):
        response = self.client.get(
            reverse("articles:index"), {"department": "politics", "reporter": "wang"}
        )
        self.assertEqual(
            [a.pk for a in response.context["object_list"]], [self.article.pk]
        )
        self.assertContains(response, "部门：时政")
        self.assertContains(response, "记者：王军方")
        self.assertNotContains(response, "别的新闻")
        self.assertNotContains(response, HIDDEN)

    def test_filter_chip_links_remove_one_filter(self):
        response = self.client.get(
            reverse("articles:index"), {"department": "politics", "q": "疫情"}
        )
        self.assertContains(response, 'href="?q=%E7%96%AB%E6%83%85"')

    def test_invalid_filter_shows_errors_and_no_results(self):
        response = self.client.get(reverse("articles:index"), {"department": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "查找条件有误")
        self.assertContains(response, "部门：没有这个部门。")
        self.assertEqual(list(response.context["object_list"]), [])

    def test_paging_without_filter_values_builds_no_form(self):
        refuse = mock.patch.object(
            ArticleFilter, "get_form_class", side_effect=AssertionError("form built")
        )
        pagecache.page_cache().clear()
        self.addCleanup(pagecache.page_cache().clear)
        with self.settings(FRAGMENT_CACHE_SECONDS=3600):
            self.client.get(reverse("articles:index"))  # caches the filter form
            with refuse:
                response = self.client.get(
                    reverse("articles:index"), {"page": "1", "q": "", "department": ""}
                )
        self.assertEqual(
            {a.pk for a in response.context["object_list"]},
            {self.article.pk, self.other.pk},
        )
        self.assertNotContains(response, "查找条件")

    def test_department_choices_are_desks(self):
        Department.objects.create(name="某单位", slug="unit", kind="unit")
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, '<option value="politics">时政</option>')
        self.assertNotContains(response, '<option value="unit">')

"""The list filter form rendered in Python (readersite.filter_form) is the
template's HTML, and shows what the reader asked for."""

from urllib.parse import urlencode

from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from articles.filters import ArticleFilter
from readersite import filter_form
from readersite.navigation import navigation_links
from tests.factories import make_article, make_department, make_reporter

HOSTILE = "<script>alert('x')</script> & \"引号\""

STATES = {
    "unbound": None,
    "paging only": "page=2",
    "every filter": "q=疫情&department=yaowen&date_from=2021-01-01"
    "&date_to=2021-12-31&reporter=wang&correspondent=nobody",
    "hostile text": urlencode({"q": HOSTILE, "date_from": HOSTILE}),
    "refused values": "department=nope&date_from=2020-13-01&reporter=zz",
    "dates in the wrong order": "date_from=2021-02-01&date_to=2021-01-01",
    "odd desk chosen": "department=a%26b%27c+d",
}


def filterset(query):
    return ArticleFilter(None if query is None else QueryDict(query))


class FilterFormHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_department(name="要闻部", slug="yaowen")
        odd_desk = make_department(name=HOSTILE, slug="a&b'c d")
        make_article(department=desk, reporters=[make_reporter(slug="wang")])
        make_article(department=odd_desk)

    def test_every_state_of_the_form_renders_as_the_template_does(self):
        desks = navigation_links()
        for name, query in STATES.items():
            with self.subTest(state=name):
                filters = filterset(query)
                context = filter_form.context(filters, desks)
                self.assertEqual(
                    filter_form.render(filters, desks),
                    render_to_string("includes/filter_form.html", context),
                )

    def test_fields_show_the_values_django_forms_would_show(self):
        for name, query in STATES.items():
            filters = filterset(query)
            values, invalid = filter_form.form_state(filters)
            for field in filters.form:
                if field.name in filter_form.DATE_FIELDS and field.name in invalid:
                    continue  # see the next test
                with self.subTest(state=name, field=field.name):
                    self.assertEqual(values[field.name], field.value() or "")

    def test_a_date_input_shows_only_a_valid_date(self):
        query = "date_from=2020-13-01&date_to=" + urlencode({"x": HOSTILE})[2:]
        values, invalid = filter_form.form_state(filterset(query))
        self.assertEqual(values["date_from"], "")
        self.assertEqual(values["date_to"], "")
        self.assertEqual(invalid, {"date_from", "date_to"})
        values, _ = filter_form.form_state(filterset("date_from=2021-02-28"))
        self.assertEqual(values["date_from"], "2021-02-28")

    def test_refused_fields_are_marked_invalid_and_others_not(self):
        _, invalid = filter_form.form_state(filterset(STATES["refused values"]))
        self.assertEqual(invalid, {"department", "date_from", "reporter"})
        _, invalid = filter_form.form_state(filterset(STATES["every filter"]))
        self.assertEqual(invalid, {"correspondent"})

    def test_reader_text_is_escaped(self):
        html = filter_form.render(filterset(STATES["hostile text"]), [])
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_form_offers_the_menus_desks_without_a_query_of_its_own(self):
        desks = navigation_links()
        with self.assertNumQueries(0):
            html = filter_form.render(filterset("page=2"), desks)
        self.assertIn('<option value="yaowen">要闻部</option>', html)

    def test_a_refused_field_is_described_by_its_error_in_the_notice(self):
        response = self.client.get(reverse("articles:index"), {"department": "nope"})
        self.assertContains(response, 'aria-describedby="id_department_error"')
        self.assertContains(response, '<li id="id_department_error">部门：')

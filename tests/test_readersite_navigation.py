"""The site header and footer rendered in Python (readersite.navigation) are
their templates' HTML, and the menu marks the page's own link."""

import datetime

from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from people.models import Department
from readersite import navigation
from tests.factories import make_article, make_department

HOSTILE = "<script>alert('x')</script> & \"引号\""


class HeaderAndFooterHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_department(name="要闻部", slug="yaowen")
        cls.odd_desk = make_department(name=HOSTILE, slug="a&b'c d")
        make_article(department=cls.desk)
        make_article(department=cls.odd_desk)

    def test_header_renders_as_the_template_does_on_every_kind_of_page(self):
        today = datetime.date(2021, 11, 6)
        menus = {
            "cached menu": navigation.navigation_links(),
            "uncached menu (error pages)": list(navigation.navigation_departments()),
            "no menu": [],
        }
        pages = {
            "front page": ("home", set()),
            "latest": ("latest", set()),
            "数字报": ("epaper", set()),
            "a desk's page": (None, {self.desk.pk}),
            "an odd desk's article": (None, {self.odd_desk.pk}),
            "elsewhere": (None, set()),
        }
        for menu, desks in menus.items():
            for page, (current, current_desks) in pages.items():
                with self.subTest(menu=menu, page=page):
                    context = {
                        "today": today,
                        "current": current,
                        "desks": desks,
                        "current_desks": current_desks,
                    }
                    self.assertEqual(
                        navigation.header_html(today, current, desks, current_desks),
                        render_to_string("includes/site_header.html", context),
                    )

    def test_footer_renders_as_the_template_does(self):
        self.assertEqual(
            navigation.footer_html(2021),
            render_to_string("includes/site_footer.html", {"year": 2021}),
        )

    def test_desk_names_are_escaped(self):
        html = navigation.header_html(
            datetime.date(2021, 11, 6), None, navigation.navigation_links(), set()
        )
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_menu_marks_the_desk_of_the_page_and_of_the_article(self):
        desk_url = self.desk.get_absolute_url()
        current = f'<a href="{desk_url}" aria-current="page">要闻部</a>'
        self.assertContains(self.client.get(desk_url), current, html=True)
        article = make_article(department=self.desk)
        self.assertContains(
            self.client.get(article.get_absolute_url()), current, html=True
        )
        self.assertNotContains(self.client.get(reverse("front")), current, html=True)

    def test_menu_lists_only_desks_with_a_published_article(self):
        make_department(name="空部门")
        make_department(name="外部单位", kind=Department.Kind.UNIT)
        names = [desk.name for desk in navigation.navigation_links()]
        self.assertEqual(names, sorted([HOSTILE, "要闻部"]))

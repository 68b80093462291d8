"""RSS titles, authors and categories carry markup as text, never as HTML."""

from xml.etree import ElementTree

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_article, make_department, make_reporter

MARKUP = "<img src=x onerror=alert(1)>"


class FeedMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_department(name=f"部门{MARKUP}")
        make_article(
            headline=f"标题{MARKUP}",
            department=desk,
            reporters=[make_reporter(name="<b>王</b>")],
        )

    def test_rss_escapes_markup_for_readers_that_render_html(self):
        root = ElementTree.fromstring(self.client.get(reverse("articles:feed")).content)
        item = root.find("channel/item")
        texts = [
            item.findtext("title"),
            item.findtext("category"),
            item.findtext("{http://purl.org/dc/elements/1.1/}creator"),
        ]
        self.assertEqual(texts[0], "标题&lt;img src=x onerror=alert(1)&gt;")
        self.assertEqual(texts[1], "部门&lt;img src=x onerror=alert(1)&gt;")
        self.assertEqual(texts[2], "&lt;b&gt;王&lt;/b&gt;")

    def test_atom_keeps_its_text_titles_as_given(self):
        response = self.client.get(reverse("articles:feed_atom"))
        root = ElementTree.fromstring(response.content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        self.assertEqual(
            root.findtext("a:entry/a:title", namespaces=ns), f"标题{MARKUP}"
        )

"""The admin speaks Chinese throughout: no English word on any of its pages."""

import re
from html.parser import HTMLParser

from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from articles.models import Article, ImportBatch
from editorial.corrections import Correction
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
    make_user,
)

# Words that are not English prose: formats, standards and names.
ALLOWED = {
    "SHA", "ID", "URL", "JSON", "RSS", "Atom", "JPEG", "PNG", "GIF", "WebP",
    "UTF", "GBK", "GB", "BOM", "CRLF", "IP", "HTTP", "HTTPS", "CSV", "HTML",
    "GET", "POST", "Control", "Command", "Mac", "XLSX", "WPS", "Word", "Excel", "PDF",
}  # fmt: skip
# A word of letters alone: "user3", "md5" or hex digests are data, not labels.
# (A masked password salt "Sa*****" too.)
WORD = re.compile(r"(?<![0-9A-Za-z._-])[A-Za-z][A-Za-z'’]+(?![0-9A-Za-z_*-])")


class VisibleText(HTMLParser):
    """The text a user reads: page text, titles, labels of buttons and inputs."""

    HIDDEN = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.skipping += 1
        attrs = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html):
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED})


class AdminInChineseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("管理员", is_staff=True, is_superuser=True)
        desk = make_department()
        article = make_article(
            department=desk,
            reporters=[make_reporter()],
            correspondents=[make_correspondent()],
        )
        article.headline = "改过的标题"
        article.save()
        Correction.objects.create(article=article, wrong="甲", right="乙")
        ImportBatch.objects.create(
            file_name="a1.txt", sha256="0" * 64, encoding="utf-8",
            issue_date="2021-11-06",
        )  # fmt: skip
        Group.objects.create(name="编辑")
        cls.article = article

    def setUp(self):
        self.client.force_login(self.superuser)

    def pages(self):
        yield reverse("admin:index")
        for model, model_admin in admin.site._registry.items():
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            yield reverse("admin:app_list", args=[model._meta.app_label])
            yield reverse(f"{prefix}_changelist")
            try:
                yield reverse(f"{prefix}_add")
            except NoReverseMatch:
                pass
            if not model._meta.managed:  # a permission holder, no table
                continue
            first = model_admin.get_queryset(self.client_request()).first()
            if first is not None:
                yield reverse(f"{prefix}_change", args=[first.pk])
                yield reverse(f"{prefix}_history", args=[first.pk])
        yield reverse("admin:articles_article_changelist") + "?status=draft"
        revisions = Article.history.filter(id=self.article.pk).order_by("history_id")
        old, new = revisions[0], revisions[1]
        yield (
            reverse("admin:articles_article_compare", args=[self.article.pk])
            + f"?from={old.history_id}&to={new.history_id}"
        )

    def client_request(self):
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        request.user = self.superuser
        return request

    def test_no_admin_page_shows_an_english_word(self):
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 302, 403))
                if response.status_code == 200:
                    words = english_words(response.content.decode())
                    self.assertEqual(words, [])

    def test_import_preview_and_its_errors_show_no_english_word(self):
        from tests.import_preview import form_data
        from tests.test_admin_import import SHORT_TEXT

        preview = self.client.post(
            reverse("admin:articles_importbatch_import"),
            {"issue_date": "2021-11-06", "text": SHORT_TEXT},
        )
        data = form_data(preview)
        del data["articles-TOTAL_FORMS"]
        broken = {**form_data(preview), "articles-0-dateline_date": "x"}
        confirm = reverse("admin:articles_importbatch_import_confirm")
        for response in (
            preview,
            self.client.post(confirm, {**data, "_confirm": "1"}),
            self.client.post(confirm, {**broken, "_confirm": "1"}),
        ):
            with self.subTest(status=response.status_code):
                self.assertEqual(english_words(response.content.decode()), [])

    def test_site_header_names_the_paper_in_chinese(self):
        response = self.client.get(reverse("admin:index"))
        self.assertNotContains(response, "Newsroom")
        self.assertContains(response, "航空港新闻")


class CatalogueTests(TestCase):
    def test_compiled_catalogue_carries_every_translation_of_the_source(self):
        from pathlib import Path

        from django.conf import settings
        from django.utils import translation

        source = Path(settings.BASE_DIR, "locale/zh_Hans/LC_MESSAGES/django.po")
        pairs = re.findall(
            r'^msgid "(.+)"\nmsgstr "(.+)"$', source.read_text("utf-8"), re.M
        )
        self.assertGreater(len(pairs), 20)
        with translation.override("zh-hans"):
            for msgid, msgstr in pairs:
                with self.subTest(msgid=msgid):
                    self.assertEqual(translation.gettext(msgid), msgstr)


class BodyCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("管理员", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)

    def test_count_skips_white_space_only(self):
        from editorial.admin_body import character_count

        self.assertEqual(character_count("本报讯 记者\n\n王军　报道。"), 10)
        self.assertEqual(character_count(""), 0)

    def test_list_shows_each_articles_character_count(self):
        make_article(headline="字数测试", body="一二三四五\n\n六七　八。")
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, "字数")
        self.assertContains(response, '<td class="field-body_length">9</td>', html=True)

    def test_form_has_a_large_body_area_with_a_live_count(self):
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, 'data-count="字数"')
        self.assertContains(response, 'class="body-editor"')
        self.assertContains(response, "editorial/body_count.js")

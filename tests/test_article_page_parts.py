"""Imported parts of an article beyond its paragraphs: subheadings (小标题),
the editor's note (编者按) and photo captions waiting for their photo."""

import io
from tempfile import NamedTemporaryFile

from django.core.management import call_command
from django.test import TestCase

from articles.models import Article
from tests.factories import make_article


class ArticlePagePartsTests(TestCase):
    def test_subheadings_show_as_headings_and_the_note_apart(self):
        article = make_article(
            body="本报讯 春耕开始。\n\n育秧基地加速建设\n\n全市培育秧苗两万亩。",
            subheadings="育秧基地加速建设",
            editor_note="编者按:春耕时节,本报推出系列报道。",
            photo_captions="图为育秧基地。",
        )
        html = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn('<h2 class="article-subheading">育秧基地加速建设</h2>', html)
        self.assertIn("<p>全市培育秧苗两万亩。</p>", html)
        self.assertIn('<aside class="editor-note" aria-label="编者按">', html)
        self.assertIn("春耕时节,本报推出系列报道。", html)
        # A caption waits for its photo: it is not shown without one.
        self.assertNotIn("图为育秧基地", html)

    def test_an_import_stores_subheadings_note_and_captions(self):
        page = (
            "春耕生产现场会召开\n\n编者按:春耕时节,本报推出系列报道。\n\n"
            "本报讯(记者 王军)昨日上午,全市春耕生产现场会在城东召开。\n\n"
            "图为育秧基地。 (本报记者 孙洪涛摄)\n\n"
            "育秧基地加速建设\n\n2006年开春,城东育秧基地培育秧苗两万亩。\n"
        )
        with NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as file:
            file.write(page)
            file.flush()
            call_command(
                "import_articles",
                file.name,
                issue_date="2021-11-06",
                stdout=io.StringIO(),
            )
        article = Article.objects.get(headline="春耕生产现场会召开")
        self.assertEqual(article.editor_note, "编者按:春耕时节,本报推出系列报道。")
        self.assertEqual(article.subheadings, "育秧基地加速建设")
        self.assertEqual(article.photo_captions, "图为育秧基地。 (本报记者 孙洪涛摄)")
        self.assertEqual(
            [name for name in article.reporters.values_list("name", flat=True)],
            ["王军"],
        )
        self.assertNotIn("孙洪涛", article.body)

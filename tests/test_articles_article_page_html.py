"""The article page built in Python (articles.article_page_html in
readersite.page_shell) is articles/article_detail.html's HTML."""

import datetime
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone

from articles.models import Article, ArticleImage, ImportBatch
from articles.views import ArticleDetailView
from edition.models import Placement
from editorial.corrections import Correction
from editorial.reviews import ArticleReview
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_page,
    make_reporter,
    make_user,
)
from tests.test_articles_views import picture_file

HOSTILE = "<script>alert('x')</script> & \"引号\" {{ article.pk }} {% now %} &amp;"
# For columns of 20 to 50 characters.
SHORT_HOSTILE = "<i>'x'</i>&\"{{ y }}\""
SPECIFICATION = "articles/article_detail.html"


def add_photo(article, caption="", credit="", rendition=True):
    photo = ArticleImage.objects.create(
        article=article, image=picture_file(), caption=caption, credit=credit
    )
    if not rendition:
        ArticleImage.objects.filter(pk=photo.pk).update(detail_rendition="")


def add_corrections(article, *texts):
    now = timezone.now()
    for hours, text in enumerate(texts, 1):
        Correction.objects.create(
            article=article,
            wrong=text,
            right=f"对{text}",
            note=text,
            published_at=now - timedelta(hours=hours),
        )
    # Not shown: not published yet.
    Correction.objects.create(article=article, wrong="未发布", right="对")


def add_placements(article, *pages):
    for number, page in enumerate(pages):
        Placement.objects.create(article=article, page=page, is_primary=number == 0)


def make_batch(**overrides):
    fields = {
        "file_name": "a1.txt",
        "sha256": "0" * 64,
        "encoding": "utf-8",
        "issue_date": datetime.date(2021, 11, 6),
        "page": "A1",
        "page_name": "航空港新闻",
    }
    return ImportBatch.objects.create(**{**fields, **overrides})


def rendered(article, preview, template=None):
    """The page of article through the view's own context: with template, as
    the template engine renders it; without, as the view does."""
    day = article.url_date
    request = RequestFactory().get(article.get_absolute_url())
    request.user = AnonymousUser()
    view = ArticleDetailView(preview=preview)
    view.setup(request, pk=article.pk, year=day.year, month=day.month, day=day.day)
    view.object = view.get_object()
    extra = {"is_preview": True} if preview else {}
    context = view.get_context_data(object=view.object, **extra)
    if template is None:
        return view.render_to_response(context).content.decode()
    return render_to_string(template, context, request)


class ArticlePageHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_department(name="要闻部")
        hostile_desk = make_department(name=HOSTILE, slug="部 <&\"'>?x=1")
        reporter = make_reporter(name=SHORT_HOSTILE)
        correspondent = make_correspondent(name="吴彦庆")
        issue_day = timezone.localdate() - timedelta(days=1)
        named = make_page(label="A1", issue_date=issue_day, name="要闻")
        unnamed = make_page(label="3", issue_date=issue_day, name="")
        hostile_page = make_page(label="A5", issue_date=issue_day, name=HOSTILE)
        editor = make_user(first_name=HOSTILE, last_name="王")
        a = cls.articles = {
            "bare": make_article(),
            "with desk": make_article(department=desk, reporters=[reporter]),
            "hostile everywhere": make_article(
                department=hostile_desk,
                reporters=[reporter],
                correspondents=[correspondent],
                headline=HOSTILE,
                kicker=HOSTILE,
                subheadline=HOSTILE,
                source_label=SHORT_HOSTILE,
                summary=HOSTILE,
                editor_note=f"{HOSTILE}\n\n   \n  缩进的一行 & <b>\r\n最后一行",
                body=f"小标题 {HOSTILE}\n\n正文 {HOSTILE}\n\n第二个小标题\n\n末段",
                subheadings=f"小标题 {HOSTILE}\n第二个小标题",
                import_batch=make_batch(page=SHORT_HOSTILE, page_name=HOSTILE),
            ),
            "one photo": make_article(department=desk, kicker="引题"),
            "several photos": make_article(subheadline="副标题"),
            "photo without rendition": make_article(source_label="本报讯"),
            "corrections": make_article(department=desk, headline="被更正的稿件"),
            "one placement": make_article(editor_note="一行编者按"),
            "several placements": make_article(department=desk),
            "batch without placements": make_article(import_batch=make_batch()),
            "batch without page": make_article(
                import_batch=make_batch(page="", page_name="")
            ),
            "placements and batch": make_article(import_batch=make_batch()),
            "responsible editor": make_article(department=desk),
            "draft": make_article(
                status=Article.Status.DRAFT,
                published_at=None,
                headline=HOSTILE,
                department=desk,
            ),
        }
        add_photo(a["one photo"], caption=HOSTILE, credit=HOSTILE)
        add_photo(a["several photos"], credit="李四")
        add_photo(a["several photos"], caption="只有说明")
        add_photo(a["several photos"])
        add_photo(a["several photos"], caption=HOSTILE, credit=HOSTILE)
        add_photo(a["photo without rendition"], caption="原图", rendition=False)
        add_photo(a["hostile everywhere"], caption=HOSTILE, rendition=False)
        add_photo(a["hostile everywhere"], credit=HOSTILE)
        add_corrections(a["corrections"], "第一处", HOSTILE)
        add_corrections(a["hostile everywhere"], HOSTILE)
        add_placements(a["one placement"], named)
        add_placements(a["several placements"], named, unnamed, hostile_page)
        add_placements(a["placements and batch"], unnamed)
        add_placements(a["hostile everywhere"], hostile_page, unnamed)
        for article in (a["responsible editor"], a["hostile everywhere"]):
            ArticleReview.objects.create(article=article, responsible_editor=editor)

    def cases(self):
        for name, article in self.articles.items():
            for preview in (False, True):
                if preview or article.is_published:
                    yield name, article, preview

    def test_every_article_page_renders_as_its_template_does(self):
        for name, article, preview in self.cases():
            with self.subTest(article=name, preview=preview):
                self.assertEqual(
                    rendered(article, preview),
                    rendered(article, preview, SPECIFICATION),
                )

    @override_settings(SITE_NAME=HOSTILE)
    def test_a_hostile_site_name_renders_as_the_template_does(self):
        article = self.articles["hostile everywhere"]
        self.assertEqual(
            rendered(article, False), rendered(article, False, SPECIFICATION)
        )

    def test_the_articles_show_every_part_of_the_page(self):
        pages = "".join(rendered(a, p, SPECIFICATION) for _, a, p in self.cases())
        for part in (
            'name="robots"',
            "og:image",
            "article:section",
            "preview-banner",
            "article-section",
            "article-kicker",
            "article-subheadline",
            "article-source",
            "editor-note",
            "article-subheading",
            "<figcaption>",
            "figure-credit",
            "article-corrections",
            "responsible-editor",
            "，转 ",
            "本文刊于 2021年11月6日 A1版 航空港新闻",
            "pager-prev",
            "related-list",
        ):
            with self.subTest(part=part):
                self.assertIn(part, pages)

    def test_hostile_text_is_escaped(self):
        page = rendered(self.articles["hostile everywhere"], True)
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", page)

"""The write paths of the freshness matrix: every way content changes.

Each WritePath sets up the content its write starts from (prepare), then
writes the way staff or operators do: the admin through Django's request
handling, import_articles in a subprocess of its own, the clock passing a
scheduled time. Both steps run in the writer process (tests.freshness.writer),
never in the server that readers ask, so a cache kept in one process and
not told of a change in another is caught.

A new way of writing content joins WRITE_PATHS, one entry: the matrix then
checks it against every surface in tests.freshness.surfaces.
"""

import datetime
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.forms import CheckboxInput, FileField, MultiWidget
from django.urls import reverse
from django.utils import timezone

from tests.import_preview import form_data

BASE_DIR = Path(__file__).resolve().parents[2]
DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class WritePath:
    name: str
    prepare: object  # function(world): the content before the write
    write: object  # function(world): the write itself
    # Whether the subject keeps its publication time to the second (its
    # place in print order and previous/next).
    keeps_time: bool = False


class World:
    """One case's content: a background desk and articles, and the subject.

    The subject is the article the write concerns, with its own desk,
    reporter and correspondent, alone in its year, so that every surface
    showing it (archives and sitemaps too) must change when it does.
    """

    def __init__(self, number, client, folder):
        self.number = number
        self.client = client
        self.folder = Path(folder)
        cn = "".join(DIGITS[int(d)] for d in f"{number:02d}")
        self.headline = f"鲜度测试稿件{cn}号"
        self.new_headline = f"订正标题{cn}号"
        self.word = f"鲜度{cn}号专线"
        self.reporter_name = f"鲜{cn}甲"
        self.new_reporter_name = f"鲜{cn}丙"
        self.correspondent_name = f"鲜{cn}乙"
        self.new_correspondent_name = f"鲜{cn}丁"
        self.desk_name = f"鲜度{cn}部"
        self.new_desk_name = f"新鲜{cn}部"
        self.added_reporter_name = f"鲜{cn}戊"
        self.added_desk_name = f"增设{cn}部"
        self.page_name = f"鲜度{cn}版"
        self.new_page_name = f"改名{cn}版"
        self.correction = f"更正{cn}号专线"
        self.caption = f"图为鲜度{cn}号专线首班车"
        self.responsible_editor = f"责编{cn}"
        self.pk = None

    # Content

    def seed(self):
        """The background: a desk and two articles of 2021, the year before."""
        from tests.factories import make_article, make_department, make_reporter

        desk = make_department(name="背景部", slug="background")
        reporter = make_reporter(name="背景记者", slug="background-reporter")
        for n in (1, 2):
            make_article(
                headline=f"背景稿件{n}",
                department=desk,
                reporters=[reporter],
                published_at=datetime.datetime(
                    2021, 11, 6, 6, 0, n, tzinfo=datetime.UTC
                ),
            )
        from people.models import Department

        Department.objects.create(name=self.desk_name, slug="fresh-desk")

    def nothing(self):
        """No subject yet: the write brings it, and its people, in."""

    def people(self):
        from people.models import Correspondent, Department, Reporter

        desk = Department.objects.get(name=self.desk_name)
        reporter, _ = Reporter.objects.get_or_create(
            name=self.reporter_name, defaults={"slug": "fresh-reporter"}
        )
        correspondent, _ = Correspondent.objects.get_or_create(
            name=self.correspondent_name, defaults={"slug": "fresh-correspondent"}
        )
        return desk, reporter, correspondent

    def subject(self, status="published", published_at=None):
        """Create the subject article in the given state."""
        from tests.factories import make_article

        desk, reporter, correspondent = self.people()
        if published_at is None and status != "draft":
            # Whole seconds, as the importer's print-order times are.
            published_at = timezone.now().replace(microsecond=0)
            published_at -= datetime.timedelta(minutes=5, seconds=7)
        article = make_article(
            headline=self.headline,
            body=f"本报讯 新区开通{self.word}，沿途设站十二个。\n\n方便市民出行。",
            department=desk,
            reporters=[reporter],
            correspondents=[correspondent],
            status=status,
            published_at=published_at,
        )
        self.pk = article.pk
        return article

    def printed(self):
        """The subject, placed alone on a page of yesterday's issue."""
        self.subject()
        self.printed_page(articles=[self.pk])

    def printed_page(self, articles=()):
        """A page of yesterday's issue named page_name (with the articles of
        the given primary keys on it)."""
        from articles.models import Article
        from tests.factories import make_page

        return make_page(
            "A3",
            issue_date=self.issue_date(),
            name=self.page_name,
            articles=Article.objects.filter(pk__in=articles),
        )

    def corrected(self):
        """The subject, with a published correction."""
        from editorial import corrections
        from editorial.corrections import Correction

        article = self.subject()
        correction = Correction.objects.create(
            article=article, wrong="鲜度专线", right=self.correction
        )
        corrections.publish(Correction.objects.filter(pk=correction.pk), None)

    def page_text(self):
        """A printed page holding the subject, for the importers."""
        return (
            f"{self.headline}\n\n"
            f"本报讯（记者 {self.reporter_name} 通讯员 {self.correspondent_name}）"
            f"新区开通{self.word}，沿途设站十二个。\n\n方便市民出行。\n"
        )

    def issue_date(self):
        """Yesterday: imported articles go live at 06:00 on the issue date."""
        return timezone.localdate() - datetime.timedelta(days=1)

    # The admin

    def admin_post(self, url, data, expect_redirect=True):
        response = self.client.post(url, data)
        if expect_redirect and response.status_code != 302:
            raise AssertionError(
                f"POST {url} answered {response.status_code}, not a redirect:\n"
                f"{form_errors(response)}"
            )
        return response

    def change_in_form(self, model_name, pk, new_rows=None, **changes):
        """Save an admin change form as shown, with changes, like an editor;
        new_rows: {inline model: {field: value}} adds one row to that inline."""
        url = reverse(f"admin:{model_name}_change", args=[pk])
        response = self.client.get(url)
        data = admin_form_data(response)
        for model, row in (new_rows or {}).items():
            add_inline_row(response, data, model, row)
        data.update(changes)
        data["_save"] = "保存"
        self.admin_post(url, data)

    def add_in_form(self, model_name, **fields):
        """Fill in an admin add form, like an editor."""
        url = reverse(f"admin:{model_name}_add")
        data = admin_form_data(self.client.get(url))
        data.update(fields, _save="保存")
        self.admin_post(url, data)

    def action(self, name, **extra):
        url = reverse("admin:articles_article_changelist")
        data = {"action": name, ACTION_CHECKBOX_NAME: [self.pk], "index": 0, **extra}
        return self.admin_post(url, data)

    def admin_import(self, publish):
        from people.models import Department

        desk = Department.objects.get(name=self.desk_name)
        options = {"issue_date": self.issue_date().isoformat(), "department": desk.pk}
        if publish:
            options["publish"] = "on"
        preview = self.client.post(
            reverse("admin:articles_importbatch_import"),
            {**options, "text": self.page_text()},
        )
        self.admin_post(
            reverse("admin:articles_importbatch_import_confirm"),
            {**form_data(preview), "_confirm": "1"},
        )

    # The command line

    def run_import(self, how, publish):
        """Run manage.py import_articles in a process of its own."""
        folder = self.folder / f"pages-{self.number}"
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / "page.txt"
        page.write_text(self.page_text(), encoding="utf-8")
        target = {"file": str(page), "folder": str(folder), "stdin": "-"}[how]
        command = [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "import_articles",
            target,
            "--issue-date",
            self.issue_date().isoformat(),
            "--department",
            "fresh-desk",
            "-v0",
        ]
        if publish:
            command.append("--publish")
        result = subprocess.run(
            command,
            input=self.page_text() if how == "stdin" else None,
            capture_output=True,
            text=True,
            cwd=BASE_DIR,
            env=os.environ,
            timeout=120,
        )
        if result.returncode != 0:
            raise AssertionError(f"import_articles failed:\n{result.stderr}")

    # What readers should see

    def truth(self):
        """Describe the subject as the database has it now."""
        from articles.models import Article
        from editorial import reviews

        article = (
            Article.objects.with_bylines()
            .filter(headline__in=[self.headline, self.new_headline])
            .first()
        )
        menu_page = Article.objects.get(headline="背景稿件1").get_absolute_url()
        if article is None:
            return {
                "visible": False,
                "headline": self.headline,
                "menu_page": menu_page,
            }
        people = [
            {"kind": kind, "name": p.name, "path": p.get_absolute_url(), "slug": p.slug}
            for kind, group in (
                ("reporter", article.ordered_reporters),
                ("correspondent", article.ordered_correspondents),
            )
            for p in group
        ]
        day = timezone.localtime(article.published_at or timezone.now()).date()
        desk = article.department
        placements = [
            {
                "date": p.page.issue.date.isoformat(),
                "label": p.page.label,
                "page_name": p.page.name,
            }
            for p in article.placements.select_related("page__issue")
        ]
        return {
            "visible": article.is_published,
            "headline": article.headline,
            "path": article.get_absolute_url(),
            "site_url": settings.SITE_URL,
            "date": [day.year, day.month, day.day],
            "word": self.word,
            "desk": desk
            and {"name": desk.name, "slug": desk.slug, "path": desk.get_absolute_url()},
            "people": people,
            "previous_path": Article.objects.get(
                headline="背景稿件2"
            ).get_absolute_url(),
            "menu_page": menu_page,
            "published_at": article.published_at and article.published_at.isoformat(),
            "placements": placements,
            "corrections": [
                c.right for c in article.corrections.filter(published_at__isnull=False)
            ],
            "captions": [i.caption for i in article.images.all() if i.caption],
            "responsible_editor": reviews.responsible_editor(article),
        }


def add_inline_row(response, data, model, row):
    """Add one filled-in row to the inline formset of model in data."""
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        if formset.model is model:
            index = int(data[formset.management_form.add_prefix("TOTAL_FORMS")])
            data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(index + 1)
            data.update({f"{formset.prefix}-{index}-{k}": v for k, v in row.items()})
            return
    raise AssertionError(f"the form has no inline of {model.__name__}")


def form_errors(response):
    context = getattr(response, "context", None)
    if not context:
        return response.content.decode()[:2000]
    errors = []
    for key in ("adminform", "errors", "form"):
        if key in context:
            errors.append(repr(getattr(context[key], "errors", context[key])))
    return "\n".join(errors)


def admin_form_data(response):
    """Return the POST data an admin change form would send unchanged."""
    if response.status_code != 200:
        raise AssertionError(f"admin form answered {response.status_code}")
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, FileField):
                continue
            key = form.add_prefix(name)
            value = form[name].value()
            widget = field.widget
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


# The write paths. Each prepare() leaves the subject as the write expects it.


def new_article_in_form(world):
    desk, reporter, correspondent = world.people()
    url = reverse("admin:articles_article_add")
    data = admin_form_data(world.client.get(url))
    now = timezone.localtime() - datetime.timedelta(minutes=1)
    data.update(
        headline=world.headline,
        body=f"本报讯 新区开通{world.word}，沿途设站十二个。\n\n方便市民出行。",
        department=str(desk.pk),
        status="published",
        published_at_0=now.date().isoformat(),
        published_at_1=now.strftime("%H:%M:%S"),
        _save="保存",
    )
    for prefix, person in (
        ("reporter_bylines", reporter),
        ("correspondent_bylines", correspondent),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-0-position": "0",
                f"{prefix}-0-{prefix.split('_')[0]}": str(person.pk),
            }
        )
    world.admin_post(url, data)


def schedule_soon(world):
    """A subject that goes live a few seconds from now."""
    world.subject(published_at=timezone.now() + SCHEDULED_DELAY)


def wait_until_live(world):
    from articles.models import Article

    moment = Article.objects.get(pk=world.pk).published_at
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.2)


# How far ahead the scheduled subject goes live: long enough for the matrix
# to read (and cache) every surface before, with room for a slow machine.
SCHEDULED_DELAY = datetime.timedelta(
    seconds=float(os.environ.get("NEWSROOM_MATRIX_SCHEDULE_SECONDS", "6"))
)


def schedule_action(world):
    later = timezone.localtime() + datetime.timedelta(days=1)
    world.action(
        "schedule",
        apply="1",
        published_at_0=later.date().isoformat(),
        published_at_1=later.strftime("%H:%M:%S"),
    )


def delete_in_admin(world):
    world.admin_post(
        reverse("admin:articles_article_delete", args=[world.pk]), {"post": "yes"}
    )


def delete_desk_in_admin(world):
    desk, _, _ = world.people()
    world.admin_post(
        reverse("admin:people_department_delete", args=[desk.pk]), {"post": "yes"}
    )


def remove_reporter_byline(world):
    world.change_in_form(
        "articles_article", world.pk, **{"reporter_bylines-0-DELETE": "on"}
    )


def rename_person(model_name, attribute, new_name):
    def write(world):
        people = dict(
            zip(("desk", "reporter", "correspondent"), world.people(), strict=True)
        )
        world.change_in_form(model_name, people[attribute].pk, name=new_name(world))

    return write


def import_paths():
    for how in ("file", "folder", "stdin"):
        for publish in (True, False):
            yield WritePath(
                f"import_articles {how}" + (" --publish" if publish else ""),
                prepare=World.nothing,
                write=lambda world, how=how, publish=publish: world.run_import(
                    how, publish
                ),
            )


def publish_correction(world):
    world.admin_post(
        reverse("admin:editorial_correction_add"),
        {
            "article": str(world.pk),
            "wrong": "鲜度专线",
            "right": world.correction,
            "note": "",
            "publish": "on",
            "_save": "保存",
        },
    )


def delete_correction(world):
    from editorial.corrections import Correction

    correction = Correction.objects.get(article_id=world.pk)
    world.admin_post(
        reverse("admin:editorial_correction_delete", args=[correction.pk]),
        {"post": "yes"},
    )


def upload_photo(world):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles.models import ArticleImage

    picture = BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(picture, "PNG")
    upload = SimpleUploadedFile("photo.png", picture.getvalue(), "image/png")
    row = {"image": upload, "caption": world.caption, "credit": "", "position": "0"}
    world.change_in_form("articles_article", world.pk, new_rows={ArticleImage: row})


def place_on_page(world):
    from edition.models import Placement

    page = world.printed_page()
    row = {"page": str(page.pk), "order": "1", "is_primary": "on"}
    world.change_in_form("articles_article", world.pk, new_rows={Placement: row})


def take_off_page(world):
    world.change_in_form("articles_article", world.pk, **{"placements-0-DELETE": "on"})


def rename_page(world):
    from edition.models import Page

    page = Page.objects.get(name=world.page_name)
    world.change_in_form("edition_page", page.pk, name=world.new_page_name)


def new_reporter_in_byline(world):
    from articles.models import ArticleReporter
    from people.models import Reporter

    name = world.added_reporter_name
    world.add_in_form("people_reporter", name=name, slug="added-reporter")
    row = {"reporter": str(Reporter.objects.get(name=name).pk), "position": "1"}
    world.change_in_form("articles_article", world.pk, new_rows={ArticleReporter: row})


def name_responsible_editor(world):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user(
        f"editor-{world.number}",
        first_name=world.responsible_editor[2:],
        last_name=world.responsible_editor[:2],
        is_staff=True,
    )
    editor.groups.add(Group.objects.get_or_create(name="编辑")[0])
    editor.user_permissions.add(Permission.objects.get(codename="sign_first_review"))
    world.admin_post(
        reverse("admin:articles_article_responsible_editor", args=[world.pk]),
        {"editor": str(editor.pk)},
    )


def new_desk_for_article(world):
    from people.models import Department

    name = world.added_desk_name
    world.add_in_form("people_department", name=name, slug="added-desk")
    desk = Department.objects.get(name=name)
    world.change_in_form("articles_article", world.pk, department=str(desk.pk))


WRITE_PATHS = [
    WritePath("admin form: new published article", World.people, new_article_in_form),
    WritePath(
        "admin form: headline edited",
        World.subject,
        lambda w: w.change_in_form("articles_article", w.pk, headline=w.new_headline),
        keeps_time=True,
    ),
    WritePath(
        "admin form: status back to draft",
        World.subject,
        lambda w: w.change_in_form("articles_article", w.pk, status="draft"),
    ),
    WritePath(
        "admin action: 立即发布",
        lambda w: w.subject(status="draft"),
        lambda w: w.action("publish_now"),
    ),
    WritePath("admin action: 定时发布", World.subject, schedule_action),
    WritePath("admin action: 撤稿", World.subject, lambda w: w.action("withdraw")),
    WritePath(
        "admin action: 退回草稿", World.subject, lambda w: w.action("back_to_draft")
    ),
    WritePath(
        "admin action: 删除所选",
        World.subject,
        lambda w: w.action("delete_selected", post="yes"),
    ),
    WritePath("admin: article deleted", World.subject, delete_in_admin),
    WritePath(
        "admin import 导入版面 with 直接发布",
        World.nothing,
        lambda w: w.admin_import(publish=True),
    ),
    WritePath(
        "admin import 导入版面 as drafts",
        World.nothing,
        lambda w: w.admin_import(publish=False),
    ),
    *import_paths(),
    WritePath("scheduled time arriving", schedule_soon, wait_until_live),
    WritePath(
        "admin: reporter renamed",
        World.subject,
        rename_person("people_reporter", "reporter", lambda w: w.new_reporter_name),
        keeps_time=True,
    ),
    WritePath(
        "admin: correspondent renamed",
        World.subject,
        rename_person(
            "people_correspondent", "correspondent", lambda w: w.new_correspondent_name
        ),
        keeps_time=True,
    ),
    WritePath(
        "admin: desk renamed",
        World.subject,
        rename_person("people_department", "desk", lambda w: w.new_desk_name),
        keeps_time=True,
    ),
    WritePath(
        "admin form: reporter's byline removed",
        World.subject,
        remove_reporter_byline,
        keeps_time=True,
    ),
    WritePath("admin: desk deleted", World.subject, delete_desk_in_admin),
    WritePath(
        "admin: new reporter created and added to the byline",
        World.subject,
        new_reporter_in_byline,
        keeps_time=True,
    ),
    WritePath(
        "admin: new desk created and the article moved to it",
        World.subject,
        new_desk_for_article,
        keeps_time=True,
    ),
    WritePath(
        "admin form: photo uploaded", World.subject, upload_photo, keeps_time=True
    ),
    WritePath("admin: correction published", World.subject, publish_correction, True),
    WritePath("admin: correction deleted", World.corrected, delete_correction, True),
    WritePath(
        "admin form: placed on a 数字报 page", World.subject, place_on_page, True
    ),
    WritePath(
        "admin form: taken off its 数字报 page", World.printed, take_off_page, True
    ),
    WritePath("admin: 数字报 page renamed", World.printed, rename_page, True),
    WritePath("admin: 责任编辑 named", World.subject, name_responsible_editor, True),
]

WRITES_BY_NAME = {path.name: path for path in WRITE_PATHS}
assert len(WRITES_BY_NAME) == len(WRITE_PATHS), "write path names must be unique"

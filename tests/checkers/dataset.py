"""The realistic data set the checkers read: run as a command in the served site's
environment (`python -m tests.checkers.dataset MANIFEST`), after `migrate`.

Desks, reporters and correspondents; articles with and without bylines and
images, over several months of several years, a page imported from print in
2002 (the 数字报's one issue), a published correction, more articles than one
list page holds. It writes a JSON manifest of the
addresses the page kinds need (an article with an image, one without a
byline…), since their ids are the database's.
"""

import io
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import django

STAFF_USER, STAFF_PASSWORD = "chief", "checkers-password-2"


def jpeg(width, height, colour):
    """A JPEG photo's bytes, for an uploaded image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), "white")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


PARAGRAPHS = [
    "本报讯 {day}，{desk}组织召开专题会议，研究部署近期重点工作，要求各单位压实责任、细化举措。",
    "会议指出，要坚持问题导向，聚焦群众关心的出行、就医、就学等事项，逐项列出清单、明确时限。",
    "会议强调，各部门要加强协作，形成工作合力，确保各项任务按期完成，让群众有实实在在的获得感。",
]

HEADLINES = [
    "航空港区推进重点项目建设",
    "社区养老服务中心投入使用",
    "新建学校秋季开学迎新生",
    "公交线路优化方便群众出行",
    "企业复工复产按下快进键",
    "志愿者走进社区开展义诊",
    "城市绿化提升工程启动",
    "政务服务实现一网通办",
    "夜市经济点亮城市烟火气",
    "文化惠民演出走进乡村",
    "防汛应急演练筑牢安全防线",
    "科技企业孵化器再添新成员",
]


def build(manifest_path):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, ArticleImage
    from editorial import corrections
    from editorial.corrections import Correction
    from people.models import Department
    from tests import factories

    desks = [
        factories.make_department(name=name, kind=Department.Kind.DESK)
        for name in ("时政新闻", "社会民生", "经济产业")
    ]
    reporters = [factories.make_reporter(name=n) for n in ("李明", "王芳", "张伟")]
    correspondents = [factories.make_correspondent(name=n) for n in ("赵静", "刘洋")]

    # Several months of several years, and the last few days.
    now = timezone.now()
    moments = [
        timezone.make_aware(datetime(year, month, day, hour))
        for year, month, day, hour in (
            (2023, 5, 12, 9),
            (2023, 11, 3, 10),
            (2024, 2, 18, 8),
            (2024, 2, 19, 15),
            (2024, 7, 1, 7),
            (2024, 12, 30, 20),
            (2025, 3, 8, 9),
            (2025, 9, 10, 11),
        )
    ] + [now - timedelta(days=n, hours=2) for n in range(16)]
    made = {}
    for n, moment in enumerate(moments):
        desk = desks[n % len(desks)]
        headline = HEADLINES[n % len(HEADLINES)] + ("" if n < 12 else f"（{n}）")
        day = timezone.localtime(moment)
        body = (
            "\n\n".join(
                p.format(day=f"{day.month}月{day.day}日", desk=desk.name)
                for p in PARAGRAPHS
            )
            + f"\n\n（第{n + 1}篇）"
        )
        bylines = {}
        if n % 4 != 3:  # every fourth article has no byline
            bylines["reporters"] = [reporters[n % len(reporters)]]
            if n % 3 == 0:
                bylines["correspondents"] = [correspondents[n % 2]]
        article = factories.make_article(
            headline=headline,
            kicker="聚焦民生实事" if n % 5 == 0 else "",
            subheadline="多措并举提升群众满意度" if n % 6 == 0 else "",
            source_label="本报讯",
            body=body,
            department=desk,
            published_at=moment,
            **bylines,
        )
        if n % 2 == 0:  # every other article has a photo
            ArticleImage.objects.create(
                article=article,
                image=ContentFile(
                    jpeg(1600, 1000, (40 + n * 7, 90, 140)), name=f"photo{n}.jpg"
                ),
                caption=f"{headline}现场。" if n % 4 == 0 else "",
                credit="本报记者 李明" if n % 4 == 0 else "",
            )
        if n % 2 == 0 and bylines:
            made.setdefault("with_image_and_byline", article)
        if n % 2 == 1 and not bylines:
            made.setdefault("without_byline_or_image", article)
    # A busy day of one desk and one reporter: their pages, the day's archive
    # and the home page run to a second page.
    busy_day = timezone.make_aware(datetime(2025, 9, 10, 6))
    for n in range(22):
        factories.make_article(
            headline=f"{desks[0].name}快讯：重点工作进展（{n + 1}）",
            source_label="本报讯",
            body=f"本报讯 9月10日，{desks[0].name}通报第{n + 1}项重点工作进展。",
            department=desks[0],
            published_at=busy_day + timedelta(minutes=20 * n),
            reporters=[reporters[0]],
        )
    # A page from the printed paper of 2002, imported as the newsroom does.
    sample = Path(__file__).resolve().parents[2] / "samples" / "sample-page.txt"
    call_command(
        "import_articles",
        str(sample),
        "--issue-date",
        "2002-03-15",
        "--page",
        "A1",
        "--page-name",
        "要闻",
        "--publish",
        "--department",
        desks[0].slug,
        stdout=io.StringIO(),
    )
    imported = Article.objects.filter(import_batch__isnull=False).first()
    # A published correction (更正) of the article with a photo.
    correction = Correction.objects.create(
        article=made["with_image_and_byline"],
        wrong="召开专题会议",
        right="召开专题推进会",
        note="记者笔误",
    )
    corrections.publish(Correction.objects.filter(pk=correction.pk), None)
    # Staff are never public, and drafts never leak: one of each is there too.
    factories.make_article(headline="未发布的草稿", status=Article.Status.DRAFT)
    get_user_model().objects.create_user("editor", password="checkers-password-1")
    # Staff, for the admin screens of our own (稿件统计).
    get_user_model().objects.create_superuser(STAFF_USER, password=STAFF_PASSWORD)

    manifest = {
        "article_with_image": made["with_image_and_byline"].get_absolute_url(),
        "article_without_byline": made["without_byline_or_image"].get_absolute_url(),
        "article_imported": imported.get_absolute_url(),
        "issue": "2002-03-15",
        "imported_published": imported.published_at.isoformat(),
        "department": desks[1].get_absolute_url(),
        "department_page_2": desks[0].get_absolute_url() + "?page=2",
        "archive_day_page_2": "/archive/2025/9/10/?page=2",
        "department_slug": desks[1].slug,
        "reporter": reporters[0].get_absolute_url(),
        "reporter_pk": reporters[0].pk,
        "correspondent": correspondents[0].get_absolute_url(),
        "year": 2024,
        "month": (2024, 2),
        "day": (2024, 2, 18),
    }
    Path(manifest_path).write_text(json.dumps(manifest, ensure_ascii=False))


if __name__ == "__main__":
    django.setup()
    build(sys.argv[1])

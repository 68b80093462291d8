"""The printed paper: issues (期), their pages (版面) and where articles were printed."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from articles.images import (
    UploadImageField,
    make_renditions,
    server_name,
    validate_image,
)
from articles.models import Article, published_condition
from edition import labels
from newsroom.dates import domain_constraint, validate_in_domain

# name -> (max width, max height) of a page's preview image.
PAGE_RENDITIONS = {
    "thumb": (240, 360),
    "detail": (1000, 1500),
}
PDF_MAX_BYTES = 50 * 1024 * 1024


def page_image_name(instance, filename):
    return server_name("edition/pages", filename)


def page_pdf_name(instance, filename):
    return f"edition/pdf/{uuid.uuid4().hex}.pdf"


def validate_pdf(file):
    """Accept a PDF by its signature and size; it is stored, never parsed."""
    if getattr(file, "_committed", False):
        return
    if file.size > PDF_MAX_BYTES:
        raise ValidationError(
            "PDF 文件过大（%(size).1f MB），上限为 %(limit).0f MB。",
            params={"size": file.size / 1e6, "limit": PDF_MAX_BYTES / 1e6},
        )
    position = file.tell()
    file.seek(0)
    head = file.read(1024)
    file.seek(position)
    if b"%PDF-" not in head:
        raise ValidationError("该文件不是 PDF。")


def validate_label(value):
    if not labels.normalize_label(value):
        raise ValidationError("请填写版次，如 A1、第3版。")
    if "/" in value or "?" in value or "#" in value:
        raise ValidationError("版次不能含有 /、? 或 #。")
    # Stored normalised: compatibility characters expand under NFKC.
    if len(labels.normalize_label(value)) > LABEL_LENGTH:
        raise ValidationError(f"版次规范化后超过 {LABEL_LENGTH} 个字符。")


LABEL_LENGTH = 20


def public_placements():
    """Placements readers may see: a published article in a published issue."""
    return Placement.objects.public()


def printed_placements():
    """Prefetch an article's public placements, where it begins first, with
    their page and issue: "where it was printed" on the article page."""
    return models.Prefetch(
        "placements",
        queryset=Placement.objects.filter(page__issue__status=Issue.Status.PUBLISHED)
        .select_related("page__issue")
        .order_by("-is_primary", "page__sort_key"),
        to_attr="printed",
    )


def latest_visible_issue_date():
    """The newest issue date readers may see: tomorrow's paper may go online
    tonight, next week's not before its eve, whatever is scheduled on it.

    The bound also spares the database: without it, finding the newest issue
    checked every article of each issue prepared ahead (a month of scheduled
    issues cost 90 ms at a million articles).
    """
    return timezone.localdate() + datetime.timedelta(days=1)


def next_issue_release():
    """The next moment an issue dated ahead may come into view (local
    midnight), if one is waiting; for the page cache's deadline."""
    waiting = Issue.objects.filter(
        status=Issue.Status.PUBLISHED, date__gt=latest_visible_issue_date()
    )
    if not waiting.exists():
        return None
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))


class IssueQuerySet(models.QuerySet):
    def public(self):
        """Issues readers may see: released, with at least one published
        article, and not dated after tomorrow.

        An issue has a published article once its opening (IssueOpening)
        has come: one row joined, where looking for the article took three
        index lookups per issue (the archive of months made 3,650 a decade:
        40 ms at a million articles).
        """
        return self.filter(
            opening__opens_at__lte=timezone.now(),
            status=Issue.Status.PUBLISHED,
            date__lte=latest_visible_issue_date(),
        )


class Issue(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "随稿件发布"
        WITHHELD = "withheld", "暂不公开"

    date = models.DateField("出版日期", unique=True, validators=[validate_in_domain])
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    total_number = models.PositiveIntegerField(
        "总期号", null=True, blank=True, help_text="总第几期。"
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="随稿件发布：读者在本期稿件发布时看到本期；暂不公开：整期不显示。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [domain_constraint("date", model_name="issue")]
        verbose_name = "报纸期次"
        verbose_name_plural = "报纸期次"

    def __str__(self):
        return f"{self.date:%Y年%-m月%-d日}"

    def get_absolute_url(self):
        return reverse("edition:issue", args=[self.date.isoformat()])

    @property
    def numbers_text(self):
        parts = []
        if self.number:
            parts.append(f"第{self.number}期")
        if self.total_number:
            parts.append(f"总第{self.total_number}期")
        return " ".join(parts)


class PageQuerySet(models.QuerySet):
    def public(self):
        """Pages readers may see: in an issue readers may see (released, not
        dated after tomorrow), with a published article."""
        placed = public_placements().filter(page=OuterRef("pk"))
        return self.filter(
            Exists(placed),
            issue__status=Issue.Status.PUBLISHED,
            issue__date__lte=latest_visible_issue_date(),
        )


class IssueOpening(models.Model):
    """When an issue first has a published article in view: the earliest
    publication time of its placed, published articles. Kept by the
    database's triggers (migration 0004) on every write to placements,
    pages and articles' status or publication time, whatever makes it;
    Django never writes it. An issue with no published article has none.
    """

    issue = models.OneToOneField(
        "Issue",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="opening",
    )
    opens_at = models.DateTimeField()

    class Meta:
        verbose_name = "期次公开时间"
        verbose_name_plural = "期次公开时间"

    def __str__(self):
        return f"{self.issue_id}: {self.opens_at}"


class Page(models.Model):
    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="pages"
    )
    label = models.CharField(
        "版次",
        max_length=LABEL_LENGTH,
        validators=[validate_label],
        help_text="如 A1、A2、第3版；保存为统一写法（A1、3）。",
    )
    sort_key = models.PositiveIntegerField("排序", default=0, editable=False)
    name = models.CharField("版名", max_length=100, blank=True, help_text="如 要闻")
    is_front = models.BooleanField("头版", default=False, editable=False)
    editor = models.CharField("责任编辑", max_length=50, blank=True)
    designer = models.CharField("美术编辑", max_length=50, blank=True)
    pdf = models.FileField(
        "版面 PDF",
        upload_to=page_pdf_name,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text="只保存，供读者下载。",
    )
    image = UploadImageField(
        "版面图",
        upload_to=page_image_name,
        blank=True,
        validators=[validate_image],
        help_text="版面预览图（JPEG、PNG、GIF 或 WebP）。",
    )
    thumb_rendition = models.ImageField(
        upload_to="edition/renditions/", blank=True, editable=False
    )
    detail_rendition = models.ImageField(
        upload_to="edition/renditions/", blank=True, editable=False
    )
    rendered_from = models.CharField(max_length=255, blank=True, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "sort_key", "id"]
        verbose_name = "版面"
        verbose_name_plural = "版面"
        constraints = [
            models.UniqueConstraint(fields=["issue", "label"], name="one_page_label")
        ]
        indexes = [models.Index(fields=["issue", "sort_key"], name="page_order")]

    def __str__(self):
        name = f" {self.name}" if self.name else ""
        return f"{self.issue} {self.display_label}{name}"

    def save(self, *args, **kwargs):
        self.label = labels.normalize_label(self.label)
        self.sort_key = labels.sort_key(self.label)
        self.is_front = labels.is_front(self.label)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key", "is_front"}
        super().save(*args, **kwargs)
        if self.image and self.rendered_from != self.image.name:
            self.render()
            fields = [f"{name}_rendition" for name in PAGE_RENDITIONS]
            super().save(update_fields=[*fields, "rendered_from"])
        elif not self.image and self.rendered_from:
            self.thumb_rendition = self.detail_rendition = ""
            self.rendered_from = ""
            fields = [f"{name}_rendition" for name in PAGE_RENDITIONS]
            super().save(update_fields=[*fields, "rendered_from"])

    def get_absolute_url(self):
        return reverse("edition:page", args=[self.issue.date.isoformat(), self.label])

    def clean(self):
        self.label = labels.normalize_label(self.label)

    @property
    def display_label(self):
        return labels.display_label(self.label)

    def render(self):
        """Make the thumbnail and detail renditions once per stored image."""
        with self.image.open("rb") as source:
            renditions = make_renditions(source, PAGE_RENDITIONS)
        for name, rendition in renditions.items():
            getattr(self, f"{name}_rendition").save(
                rendition.name, rendition, save=False
            )
        self.rendered_from = self.image.name


class PlacementQuerySet(models.QuerySet):
    def public(self):
        """A published article (reached by a join) in a published issue."""
        return self.filter(
            published_condition("article__"), page__issue__status=Issue.Status.PUBLISHED
        )


class Placement(models.Model):
    """Where an article was printed: its page and its order there (1 = lead).

    A continued article (下转/上接) has two placements; the first is primary.
    """

    article = models.ForeignKey(
        Article,
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="placements",
    )
    page = models.ForeignKey(
        Page, verbose_name="版面", on_delete=models.CASCADE, related_name="placements"
    )
    order = models.PositiveSmallIntegerField(
        "版内顺序", default=1, help_text="1 为头条。"
    )
    is_primary = models.BooleanField(
        "主版面", default=True, help_text="转版稿件：开头所在的版面。"
    )
    continued_to = models.CharField(
        "下转",
        max_length=20,
        blank=True,
        help_text="本版末尾“下转第N版”的版次；导入时记录，用于合并转版稿件。",
    )
    continued_from = models.CharField(
        "上接",
        max_length=20,
        blank=True,
        help_text="本版开头“上接第N版”的版次。",
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["page", "order", "id"]
        verbose_name = "见报位置"
        verbose_name_plural = "见报位置"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "page"], name="one_placement_per_page"
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_primary=True),
                name="one_primary_placement",
            ),
        ]
        indexes = [
            models.Index(fields=["page", "order"], name="placement_order"),
        ]

    def __str__(self):
        return f"{self.page} 第{self.order}篇"

    @property
    def waiting_for(self):
        """The label of the page the other half of this piece is still on,
        when it has not been joined: "" otherwise."""
        label = self.continued_to or self.continued_from
        if not label:
            return ""
        joined = self.article.placements.filter(page__issue=self.page.issue_id)
        return "" if joined.filter(page__label=label).exists() else label

"""Articles, their bylines and images, and the record of every import."""

import hashlib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles import search as article_search
from articles.images import (
    RENDITIONS,
    UploadImageField,
    files_removed_on_failure,
    generated_name,
    make_renditions,
    validate_image,
)
from newsroom.dates import domain_constraint, validate_in_domain
from newsroom.pagecache import invalidate

SUMMARY_LENGTH = 120


# The most time between a row's created_at and updated_at when it was written once.
STORED_IN_ONE_WRITE = timedelta(seconds=1)


def text_fingerprint(headline, body):
    """Return a hash of an article's text that ignores spacing and width variants."""
    text = unicodedata.normalize("NFKC", f"{headline}\n{body}")
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def count_characters(text):
    """Return the 字数 of text as newsrooms count it for 稿费: every character
    but white space (spaces, full-width spaces, tabs, line breaks), so that a
    汉字, a punctuation mark, a Latin letter and a digit count one each, as
    Word and WPS count 字符数（不计空格）."""
    return sum(map(len, text.split()))


class ImportBatch(models.Model):
    """One run of the importer over one page file."""

    class Source(models.TextChoices):
        COMMAND = "command", "命令行"
        ADMIN = "admin", "后台上传"

    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    encoding = models.CharField("编码", max_length=20)
    issue_date = models.DateField("出版日期", validators=[validate_in_domain])
    page = models.CharField("版次", max_length=20, blank=True, help_text="如 A2、第3版")
    page_name = models.CharField(
        "版名", max_length=100, blank=True, help_text="如 航空港新闻"
    )
    source = models.CharField(
        "来源", max_length=10, choices=Source.choices, default=Source.COMMAND
    )
    articles_found = models.PositiveIntegerField("识别稿件数", default=0)
    articles_created = models.PositiveIntegerField("新建稿件数", default=0)
    articles_skipped = models.PositiveIntegerField("跳过（已导入）", default=0)
    people_created = models.PositiveIntegerField("新建人员数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        constraints = [domain_constraint("issue_date", model_name="importbatch")]

    def __str__(self):
        page = f" {self.page}" if self.page else ""
        return f"{self.issue_date:%Y-%m-%d}{page} {self.file_name}"


def published_condition(through="", at=None):
    """The condition of published(), for articles reached through a relation
    (through="article__"): a join, which PostgreSQL walks row by row, where
    `article__in=published()` makes it hash every published article first."""
    return models.Q(
        **{
            f"{through}status": Article.Status.PUBLISHED,
            f"{through}published_at__lte": at or timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Articles readers may see: published, and not scheduled for later.

        at: the moment to see them at, if not now (readersite.prepared).
        """
        return self.filter(published_condition(at=at))

    def scheduled(self):
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def update(self, **kwargs):
        # Bulk updates (admin actions) send no signals: the page cache must
        # still go stale when they commit.
        rows = super().update(**kwargs)
        transaction.on_commit(invalidate)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        transaction.on_commit(invalidate)
        return created

    def with_bylines(self):
        """Load department and bylines in a fixed number of queries."""
        return self.select_related("department").prefetch_related(
            models.Prefetch(
                "reporter_bylines",
                queryset=ArticleReporter.objects.select_related("reporter").order_by(
                    "position"
                ),
            ),
            models.Prefetch(
                "correspondent_bylines",
                queryset=ArticleCorrespondent.objects.select_related(
                    "correspondent"
                ).order_by("position"),
            ),
        )

    def in_department(self, department):
        return self.filter(department=department)

    def by_reporter(self, reporter):
        return self.filter(reporter_bylines__reporter=reporter)

    def by_correspondent(self, correspondent):
        return self.filter(correspondent_bylines__correspondent=correspondent)

    def search(self, query):
        """Articles whose headline, subheadline or body contain query."""
        return article_search.search(self, query)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤稿"

    kicker = models.CharField("引题", max_length=200, blank=True)
    headline = models.CharField("主标题", max_length=200)
    subheadline = models.CharField("副标题", max_length=200, blank=True)
    slug = models.SlugField("网址名", max_length=80, blank=True, allow_unicode=True)
    source_label = models.CharField(
        "电头", max_length=50, blank=True, help_text="如 本报讯、新华社"
    )
    dateline_date = models.DateField(
        "电头日期", null=True, blank=True, validators=[validate_in_domain]
    )
    body = models.TextField("正文", help_text="纯文本，段落之间空一行。")
    editor_note = models.TextField(
        "编者按", blank=True, help_text="印在标题与正文之间的编者按或编者的话。"
    )
    subheadings = models.TextField(
        "小标题",
        blank=True,
        help_text="正文中作为小标题显示的段落，每行一条，须与正文中的段落一字不差。",
    )
    photo_captions = models.TextField(
        "图片说明",
        blank=True,
        help_text="导入时读出的图片说明，每行一条，等待配图；不显示在正文中。",
    )
    char_count = models.PositiveIntegerField(
        "字数",
        default=0,
        editable=False,
        help_text="正文字符数，不计空格和换行；保存时自动计算。",
    )
    summary = models.TextField("摘要", blank=True, help_text="留空则取正文第一段开头。")
    department = models.ForeignKey(
        "people.Department",
        verbose_name="部门",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        limit_choices_to={"kind": "desk"},
    )
    reporters = models.ManyToManyField(
        "people.Reporter",
        through="ArticleReporter",
        related_name="articles",
        blank=True,
    )
    correspondents = models.ManyToManyField(
        "people.Correspondent",
        through="ArticleCorrespondent",
        related_name="articles",
        blank=True,
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        "发布时间",
        null=True,
        blank=True,
        help_text="晚于现在则为定时发布。",
        validators=[validate_in_domain],
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name="导入批次",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    page_position = models.PositiveSmallIntegerField("版面顺序", null=True, blank=True)
    fingerprint = models.CharField(
        "文本指纹",
        max_length=64,
        unique=True,
        editable=False,
        help_text="由标题和正文生成，防止同一篇稿件重复入库。",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        permissions = [("publish_article", "可以发布、定时发布和撤回稿件")]
        constraints = [
            domain_constraint("published_at", model_name="article"),
            domain_constraint("dateline_date", model_name="article"),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_public_order"
            ),
            models.Index(
                fields=["department", "status", "-published_at"], name="article_dept"
            ),
            # The admin's list and date hierarchy, which cover every status.
            models.Index(fields=["-published_at", "-id"], name="article_recent"),
            # The admin list's order: drafts (no publication time) first by
            # their last change. Without it PostgreSQL sorted every draft on
            # each page view: 342 ms at a million articles, 4 ms with it.
            models.Index(
                fields=["-published_at", "-updated_at", "-id"],
                name="article_admin_order",
            ),
            # 稿件统计: a period's articles with what is added up, read from
            # the index alone (a year at a million articles is 93,000 rows).
            models.Index(
                fields=["status", "published_at", "id", "char_count", "department"],
                name="article_statistics",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "char_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        day = self.url_date
        return reverse(
            "articles:detail",
            kwargs={
                "year": f"{day:%Y}",
                "month": f"{day:%m}",
                "day": f"{day:%d}",
                "pk": self.pk,
            },
        )

    def fill_derived_fields(self):
        """Set an empty slug, summary and fingerprint, the body's 字数, and the
        publication time of an article published without one; bulk_create
        skips save()."""
        self.char_count = count_characters(self.body)
        if not self.slug:
            self.slug = slugify(self.headline, allow_unicode=True)[:80]
        if not self.summary.strip():
            self.summary = self.default_summary()
        if not self.fingerprint:
            # Fixed at creation: an editor's later corrections must not let
            # a re-import of the same printed page create a duplicate.
            self.fingerprint = text_fingerprint(self.headline, self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # Otherwise published() would never show it.
            self.published_at = timezone.now()

    @property
    def modified_at(self):
        """When what readers see last changed: its publication, or a later edit.

        A row the importer stored (or a form saved once) has its creation and
        update times together; the import time is not a change of the printed
        text, so dateModified, the Atom entry's updated and the page's
        modified time stay at publication until someone edits the article.
        """
        if self.published_at is None:
            return self.updated_at
        edited = (
            self.updated_at is not None
            and self.created_at is not None
            and self.updated_at - self.created_at > STORED_IN_ONE_WRITE
        )
        return max(self.published_at, self.updated_at) if edited else self.published_at

    @property
    def paragraphs(self):
        return [
            p.strip()
            for p in self.body.replace("\r\n", "\n").split("\n\n")
            if p.strip()
        ]

    @property
    def body_blocks(self):
        """The body's paragraphs, each with whether it is a subheading (小标题)."""
        marked = {
            line.strip() for line in self.subheadings.splitlines() if line.strip()
        }
        return [(p, p in marked) for p in self.paragraphs]

    def default_summary(self):
        first = self.paragraphs[0] if self.paragraphs else ""
        text = " ".join(first.split())
        # Truncator reads every character it is given, and a lead paragraph
        # runs to thousands: only the start can end up in the summary (unless
        # the start is mostly combining marks, which take no width).
        return Truncator(text[: SUMMARY_LENGTH * 4]).chars(SUMMARY_LENGTH)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def url_date(self):
        """The date in the article's URL: publication, else creation, local time."""
        moment = self.published_at or self.created_at or timezone.now()
        return timezone.localtime(moment).date()

    @property
    def ordered_reporters(self):
        return [b.reporter for b in self.reporter_bylines.all()]

    @property
    def ordered_correspondents(self):
        return [b.correspondent for b in self.correspondent_bylines.all()]


class Byline(models.Model):
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class ArticleReporter(Byline):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="reporter_bylines"
    )
    reporter = models.ForeignKey(
        "people.Reporter",
        verbose_name="记者",
        on_delete=models.PROTECT,
        related_name="bylines",
    )

    class Meta(Byline.Meta):
        verbose_name = "记者署名"
        verbose_name_plural = "记者署名"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reporter"], name="one_byline_per_reporter"
            )
        ]

    def __str__(self):
        return self.reporter.name


class ArticleCorrespondent(Byline):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="correspondent_bylines"
    )
    correspondent = models.ForeignKey(
        "people.Correspondent",
        verbose_name="通讯员",
        on_delete=models.PROTECT,
        related_name="bylines",
    )

    class Meta(Byline.Meta):
        verbose_name = "通讯员署名"
        verbose_name_plural = "通讯员署名"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "correspondent"], name="one_byline_per_correspondent"
            )
        ]

    def __str__(self):
        return self.correspondent.name


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images"
    )
    image = UploadImageField(
        "图片", upload_to=generated_name, validators=[validate_image]
    )
    caption = models.CharField("图片说明", max_length=300, blank=True)
    credit = models.CharField("摄影/来源", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    list_rendition = models.ImageField(
        upload_to="articles/renditions/", blank=True, editable=False
    )
    detail_rendition = models.ImageField(
        upload_to="articles/renditions/", blank=True, editable=False
    )
    social_rendition = models.ImageField(
        upload_to="articles/renditions/", blank=True, editable=False
    )
    rendered_from = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "图片"
        verbose_name_plural = "图片"

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        renditions = [f"{name}_rendition" for name in RENDITIONS]
        with files_removed_on_failure(self, "image", *renditions):
            super().save(*args, **kwargs)
            if self.image and self.rendered_from != self.image.name:
                self.render()
                super().save(update_fields=[*renditions, "rendered_from"])

    def render(self):
        """Make the list, detail and social renditions once per stored file.

        The original is read back through the storage API (the filesystem or
        a bucket), never from a local path.
        """
        with self.image.open("rb") as source:
            renditions = make_renditions(source, RENDITIONS)
        for name, rendition in renditions.items():
            getattr(self, f"{name}_rendition").save(
                rendition.name, rendition, save=False
            )
        self.rendered_from = self.image.name


def public_desks(at=None):
    """Desks readers may see: those with a published article, like people."""
    from people.models import Department

    return with_published_article(
        Department.objects.filter(kind=Department.Kind.DESK), "department", at
    ).order_by("name")


def with_published_article(people, field, at=None):
    """Narrow people to those named on a published article (at moment at).

    A subquery limited to one row walks the person's bylines and stops at the
    first published article; EXISTS lets PostgreSQL bitmap-scan every byline
    of every person first (200 ms for 200 reporters at a million articles).
    """
    first = (
        Article.objects.published(at)
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values("pk")[:1]
    )
    return (
        people.alias(published_article=Subquery(first))
        .filter(published_article__isnull=False)
        .order_by("pk")
    )

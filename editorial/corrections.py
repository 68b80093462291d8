"""更正: dated correction notes on published articles, as Chinese papers print them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from newsroom.dates import domain_constraint, validate_in_domain


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Corrections readers see: published, on an article readers see."""
        from articles.models import Article

        return self.filter(
            published_at__isnull=False,
            published_at__lte=timezone.now(),
            article__in=Article.objects.published(),
        )


class Correction(models.Model):
    """What was wrong in a published article, what is right, and when it was
    corrected. Readers see it once someone who may publish has published it."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    wrong = models.TextField("原文有误", help_text="照录见报或上线时的错误文字。")
    right = models.TextField("应为", help_text="正确的文字。")
    note = models.TextField(
        "说明", blank=True, help_text="可选，如错误的原因或补充说明。"
    )
    published_at = models.DateTimeField(
        "更正发布时间",
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        validators=[validate_in_domain],
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        app_label = "editorial"
        ordering = ["-published_at", "-id"]
        constraints = [domain_constraint("published_at", model_name="correction")]
        verbose_name = "更正"
        verbose_name_plural = "更正"

    def __str__(self):
        return f"更正：《{self.article.headline}》" if self.article_id else "更正"

    def clean(self):
        from articles.models import Article

        if self.article_id and self.article.status != Article.Status.PUBLISHED:
            raise ValidationError({"article": "只能更正已发布的稿件。"})

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def text(self):
        """The correction as printed: 原文“…”有误，应为“…”。特此更正。"""
        text = f"本报{self.article_day}刊发的《{self.article.headline}》一文中，"
        text += f"“{self.wrong}”有误，应为“{self.right}”。"
        if self.note:
            text += self.note.rstrip("。") + "。"
        return text + "特此更正。"

    @property
    def article_day(self):
        moment = self.article.published_at or self.article.created_at
        day = timezone.localtime(moment).date()
        return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def publish(corrections, user):
    """Publish the unpublished of corrections now; the articles they correct
    count as modified at that moment (feeds, structured data, caches)."""
    from articles.models import Article

    now = timezone.now()
    pending = Correction.objects.filter(
        pk__in=corrections.values("pk"), published_at__isnull=True
    )
    pending = list(pending.select_for_update().only("pk", "article_id"))
    if not pending:
        return 0
    ids = [c.pk for c in pending]
    Correction.objects.filter(pk__in=ids).update(published_at=now, published_by=user)
    Article.objects.filter(pk__in={c.article_id for c in pending}).update(
        updated_at=now
    )
    return len(pending)


def with_published_corrections(articles):
    """Prefetch each article's published corrections as published_corrections."""
    return articles.prefetch_related(
        models.Prefetch(
            "corrections",
            queryset=Correction.objects.filter(
                published_at__isnull=False, published_at__lte=timezone.now()
            ).order_by("published_at", "id"),
            to_attr="published_corrections",
        )
    )


def published_of(article):
    """The article's published corrections, oldest first."""
    corrections = list(
        Correction.objects.filter(
            article=article,
            published_at__isnull=False,
            published_at__lte=timezone.now(),
        ).order_by("published_at", "id")
    )
    for correction in corrections:
        correction.article = article
    return corrections


def structured_data(corrections):
    """schema.org CorrectionComment entries for an article's JSON-LD."""
    return [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": timezone.localtime(correction.published_at).isoformat(),
        }
        for correction in corrections
    ]

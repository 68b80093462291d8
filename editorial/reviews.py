"""三审: the review path of a Chinese paper, as records on the article.

初审 (desk editor), 复审 (section head) and 终审 (editor-in-chief or duty
editor) are signed in that order, each by someone holding that step's
permission, once per version of the text (kicker, headline, subheadline,
body): a change to the text makes earlier sign-offs history and asks for
them again. NEWSROOM_REVIEW_STEPS says how many steps publishing needs:
none (the default), 初审 only, or all three. One person signs at most one
step of a version: three reviews mean three readers.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from newsroom.dates import domain_constraint, validate_in_domain


class Step(models.IntegerChoices):
    FIRST = 1, "初审"
    SECOND = 2, "复审"
    FINAL = 3, "终审"


# The permission each step needs, and the group setup_roles gives it to.
STEP_PERMISSIONS = {
    Step.FIRST: "editorial.sign_first_review",
    Step.SECOND: "editorial.sign_second_review",
    Step.FINAL: "editorial.sign_final_review",
}
REQUIRED_BY_SETTING = {"none": 0, "first": 1, "all": 3}


def required_steps():
    """How many steps publishing needs (0, 1 or 3), from the setting."""
    return REQUIRED_BY_SETTING[settings.REVIEW_STEPS]


def text_version(kicker, headline, subheadline, body):
    text = "\x1f".join([kicker or "", headline or "", subheadline or "", body or ""])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_of(article):
    return text_version(
        article.kicker, article.headline, article.subheadline, article.body
    )


class ArticleReview(models.Model):
    """Where an article stands: how many steps its current text has passed,
    and its 责任编辑."""

    article = models.OneToOneField(
        "articles.Article",
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="review",
    )
    text_version = models.CharField("文本版本", max_length=64, blank=True)
    stage = models.PositiveSmallIntegerField(
        "已通过的审次", default=0, db_index=True, help_text="0 为尚未初审。"
    )
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任编辑",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        app_label = "editorial"
        verbose_name = "审稿进度"
        verbose_name_plural = "审稿进度"
        permissions = [
            ("sign_first_review", "可以初审"),
            ("sign_second_review", "可以复审"),
            ("sign_final_review", "可以终审"),
        ]

    def __str__(self):
        return stage_label(self.stage)


class ReviewStep(models.Model):
    """One sign-off: which step, who, when, the decision and a comment."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "通过"
        RETURNED = "returned", "退回"

    article = models.ForeignKey(
        "articles.Article",
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="review_steps",
    )
    step = models.PositiveSmallIntegerField("审次", choices=Step.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审稿人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        "时间", default=timezone.now, validators=[validate_in_domain]
    )
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    comment = models.TextField("意见", blank=True)
    text_version = models.CharField("文本版本", max_length=64, editable=False)

    class Meta:
        app_label = "editorial"
        ordering = ["decided_at", "id"]
        verbose_name = "审稿记录"
        verbose_name_plural = "审稿记录"
        constraints = [
            domain_constraint("decided_at", model_name="reviewstep"),
            # Nobody signs a step twice for one version of the text.
            models.UniqueConstraint(
                fields=["article", "step", "text_version"],
                condition=Q(decision="approved"),
                name="one_approval_per_step_and_text",
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} {self.get_decision_display()}"


def stage_label(stage, required=None):
    required = required_steps() if required is None else required
    if required and stage >= required:
        return "已审完"
    if stage >= 3:
        return "已审完"
    return f"待{Step(stage + 1).label}"


def state_of(article):
    """Return the article's ArticleReview, brought up to its current text."""
    review, _ = ArticleReview.objects.get_or_create(
        article=article, defaults={"text_version": version_of(article)}
    )
    current = version_of(article)
    if review.text_version != current:
        review.text_version, review.stage = current, 0
        review.save(update_fields=["text_version", "stage"])
    return review


def standing(article):
    """Return the article's ArticleReview as of its current text, unsaved
    changes only: for reading, without writing."""
    review = ArticleReview.objects.filter(article=article).first()
    current = version_of(article)
    if review is None:
        return ArticleReview(article=article, text_version=current)
    if review.text_version != current:
        review.text_version, review.stage = current, 0
    return review


def text_changed(article):
    """After an article is saved: a new text undoes the sign-offs of the old."""
    ArticleReview.objects.filter(article_id=article.pk).exclude(
        text_version=version_of(article)
    ).update(text_version=version_of(article), stage=0)


def cleared_for(article, version=None):
    """Whether the article (with its text at version) may be published."""
    required = required_steps()
    if not required:
        return True
    version = version or version_of(article)
    if article.pk is None:
        return False
    return ArticleReview.objects.filter(
        article_id=article.pk, text_version=version, stage__gte=required
    ).exists()


def cleared(queryset):
    """The articles of queryset that may be published."""
    required = required_steps()
    if not required:
        return queryset
    return queryset.filter(review__stage__gte=required)


def steps_for(user):
    return [step for step, perm in STEP_PERMISSIONS.items() if user.has_perm(perm)]


def waiting_for(user, queryset):
    """Articles in review whose next step this user may sign (待我审)."""
    from articles.models import Article

    required = required_steps() or 3
    stages = [step - 1 for step in steps_for(user) if step <= required]
    if not stages:
        return queryset.none()
    waiting = Q(review__stage__in=stages)
    if 0 in stages:
        waiting |= Q(review__isnull=True)
    signed = ReviewStep.objects.filter(
        article=models.OuterRef("pk"),
        user=user,
        decision=ReviewStep.Decision.APPROVED,
        text_version=models.OuterRef("review__text_version"),
    )
    return queryset.filter(waiting, status=Article.Status.REVIEW).exclude(
        models.Exists(signed)
    )


class ReviewRefused(ValidationError):
    pass


@transaction.atomic
def sign(article, user, step, decision, comment=""):
    """Record user's decision on step for the article's current text.

    Raises PermissionDenied without the step's permission, ReviewRefused
    when the step is not the next one, or this user already signed a step
    of this text.
    """
    from articles.models import Article

    step = Step(step)
    if not user.has_perm(STEP_PERMISSIONS[step]):
        raise PermissionDenied(f"你没有{step.label}的权限。")
    article = Article.objects.select_for_update().get(pk=article.pk)
    review = state_of(article)
    if step != review.stage + 1:
        if step <= review.stage:
            raise ReviewRefused(f"这一版文字已经通过{step.label}。")
        raise ReviewRefused(f"请先完成{Step(review.stage + 1).label}。")
    already = ReviewStep.objects.filter(
        article=article,
        user=user,
        text_version=review.text_version,
        decision=ReviewStep.Decision.APPROVED,
    ).first()
    if already is not None:
        raise ReviewRefused(
            f"你已经{already.get_step_display()}过这一版文字，同一人不能再签下一审。"
        )
    try:
        with transaction.atomic():
            record = ReviewStep.objects.create(
                article=article,
                step=step,
                user=user,
                decision=decision,
                comment=comment,
                text_version=review.text_version,
            )
    except IntegrityError:
        raise ReviewRefused(f"这一版文字已经有人签过{step.label}。") from None
    if decision == ReviewStep.Decision.APPROVED:
        review.stage = step
        if step == Step.FIRST and review.responsible_editor_id is None:
            review.responsible_editor = user
        review.save(update_fields=["stage", "responsible_editor"])
    elif article.status == Article.Status.REVIEW:
        # Sent back: the author works on it again.
        from editorial import revisions

        returned = Article.objects.filter(pk=article.pk)
        returned.update(status=Article.Status.DRAFT, updated_by=user)
        revisions.record_many(returned, user, f"{step.label}退回")
    return record


def editors():
    """The users who may be an article's 责任编辑: active staff who may sign 初审."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    app_label, codename = STEP_PERMISSIONS[Step.FIRST].split(".")
    perm = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=perm)
            | Q(groups__permissions__in=perm)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def assign_responsible_editor(article, editor, user):
    """Record editor (or None, to clear it) as the article's 责任编辑, set by user.

    Raises PermissionDenied unless user may sign 初审, ReviewRefused unless
    editor may be a 责任编辑. The first 初审 signer becomes the 责任编辑 only
    where nobody was named.
    """
    if not user.has_perm(STEP_PERMISSIONS[Step.FIRST]):
        raise PermissionDenied("只有可以初审的编辑才能指定责任编辑。")
    if editor is not None and not editors().filter(pk=editor.pk).exists():
        raise ReviewRefused("责任编辑须是可以初审的在职编辑。")
    review = state_of(article)
    review.responsible_editor = editor
    review.save(update_fields=["responsible_editor"])
    return review


def responsible_editor(article):
    """The 责任编辑's name for the article page, when the paper shows it."""
    if not settings.SHOW_RESPONSIBLE_EDITOR or article.pk is None:
        return ""
    # Only the names: the article page reads this uncached, and a whole user
    # row (with its password hash) is not needed to print one.
    rows = ArticleReview.objects.filter(
        article_id=article.pk, responsible_editor__isnull=False
    ).values_list(
        "responsible_editor__last_name",
        "responsible_editor__first_name",
        "responsible_editor__username",
    )
    # An article has one review at most.
    names = next(iter(rows), None)
    return display_name_of(*names) if names else ""


def display_name(user):
    """A Chinese name as written: family name first, no space."""
    if user is None:
        return ""
    return display_name_of(user.last_name, user.first_name, user.get_username())


def display_name_of(last_name, first_name, username):
    return f"{last_name}{first_name}".strip() or username

"""The newsroom's people: desks and outside units, reporters and correspondents."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from articles.images import (
    UploadImageField,
    files_removed_on_failure,
    generated_photo_name,
    validate_image,
)


def name_key(name):
    """Return the form of a person's name used to match bylines to people."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(text.split())


def validate_name_key_length(name):
    """Refuse a name whose matching form outgrows its column: compatibility
    characters expand under NFKC ('㌀' is four characters, 'ﷺ' eighteen), so
    a name within its own limit can still overflow the key's."""
    limit = Person._meta.get_field("name_key").max_length
    if len(name_key(name)) > limit:
        raise ValidationError(
            "姓名规范化后超过 %(limit)d 个字符（含有展开成多个字的兼容字符，如“㌀”）。",
            code="name_key_too_long",
            params={"limit": limit},
        )


def unique_slug(model, text, fallback, instance_pk=None):
    """Return a slug for text that no other row of model uses yet."""
    base = slugify(text, allow_unicode=True)[:60] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Department(models.Model):
    class Kind(models.TextChoices):
        DESK = "desk", "编辑部门"
        UNIT = "unit", "外部单位"

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("网址名", max_length=80, unique=True, allow_unicode=True)
    kind = models.CharField(
        "类型",
        max_length=10,
        choices=Kind.choices,
        default=Kind.DESK,
        help_text="编辑部门拥有稿件、记者在此工作；外部单位是通讯员所在的机关、学校或企业。",
    )
    description = models.TextField("简介", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "部门"
        verbose_name_plural = "部门"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Department, self.name, "department", self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:department", kwargs={"slug": self.slug})


class Person(models.Model):
    """Fields shared by reporters and correspondents."""

    name = models.CharField(
        "姓名", max_length=50, validators=[validate_name_key_length]
    )
    name_key = models.CharField(
        max_length=50, unique=True, editable=False, help_text="用于匹配署名的规范化姓名"
    )
    slug = models.SlugField("网址名", max_length=80, unique=True, allow_unicode=True)
    email = models.EmailField("电子邮箱", blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    is_active = models.BooleanField("在职/在用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        validate_name_key_length(self.name)  # every write path, not only forms
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(
                type(self), self.name, type(self).__name__.lower(), self.pk
            )
        super().save(*args, **kwargs)


class Reporter(Person):
    class Rank(models.TextChoices):
        REPORTER = "记者", "记者"
        CHIEF = "首席记者", "首席记者"
        SENIOR = "高级记者", "高级记者"
        PHOTOGRAPHER = "摄影记者", "摄影记者"
        TRAINEE = "见习记者", "见习记者"
        INTERN = "实习生", "实习生"
        EDITOR = "编辑", "编辑"

    rank = models.CharField(
        "职级", max_length=20, choices=Rank.choices, default=Rank.REPORTER
    )
    department = models.ForeignKey(
        Department,
        verbose_name="部门",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporters",
        limit_choices_to={"kind": Department.Kind.DESK},
    )
    photo = UploadImageField(
        "照片", upload_to=generated_photo_name, blank=True, validators=[validate_image]
    )
    bio = models.TextField("简介", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="后台账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporter",
    )

    class Meta(Person.Meta):
        verbose_name = "记者"
        verbose_name_plural = "记者"

    def save(self, *args, **kwargs):
        with files_removed_on_failure(self, "photo"):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:reporter", kwargs={"slug": self.slug})


class Correspondent(Person):
    department = models.ForeignKey(
        Department,
        verbose_name="所在单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correspondents",
    )
    notes = models.TextField("备注", blank=True, help_text="仅编辑部可见。")

    class Meta(Person.Meta):
        verbose_name = "通讯员"
        verbose_name_plural = "通讯员"

    def get_absolute_url(self):
        return reverse("people:correspondent", kwargs={"slug": self.slug})

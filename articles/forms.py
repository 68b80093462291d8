"""Forms for the staff admin: the article form and the scheduling step."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone

from articles.models import Article, text_fingerprint

# Statuses that only holders of articles.publish_article may set.
PUBLISHING_STATUSES = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)


class SecondsSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, the time with its seconds.

    Imported articles go live a second apart in print order: a form that
    dropped the seconds would move an article when any other field is saved.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M:%S"


class ArticleAdminForm(forms.ModelForm):
    """The article change form; `can_publish` is set per request by the admin."""

    can_publish = False

    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "subheadline",
            "slug",
            "department",
            "source_label",
            "dateline_date",
            "body",
            "summary",
            "status",
            "published_at",
        ]
        widgets = {"published_at": SecondsSplitDateTime}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not self.can_publish:
            status.choices = [
                (value, label)
                for value, label in status.choices
                if value not in PUBLISHING_STATUSES
            ]

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if "status" in self.fields and status in PUBLISHING_STATUSES:
            if not self.can_publish:
                self.add_error("status", "你没有发布或撤回稿件的权限。")
            elif (
                status == Article.Status.PUBLISHED
                and "published_at" in self.fields
                and not cleaned_data.get("published_at")
            ):
                # Published without a time would never become visible.
                cleaned_data["published_at"] = timezone.now()
        if self.instance.pk is None:
            self.check_duplicate_text(cleaned_data)
        return cleaned_data

    def check_duplicate_text(self, cleaned_data):
        """Refuse a new article whose text an existing one already has."""
        headline, body = cleaned_data.get("headline"), cleaned_data.get("body")
        if not headline or not body:
            return
        fingerprint = text_fingerprint(headline, body)
        twin = Article.objects.filter(fingerprint=fingerprint).first()
        if twin is not None:
            raise forms.ValidationError(
                "已有标题和正文相同的稿件：“%(headline)s”（编号 %(pk)s）。",
                code="duplicate_text",
                params={"headline": twin.headline, "pk": twin.pk},
            )


class ScheduleForm(forms.Form):
    published_at = forms.SplitDateTimeField(
        label="发布时间",
        widget=SecondsSplitDateTime,
        help_text="稿件将在此时间自动出现在网站上。",
    )

    def clean_published_at(self):
        published_at = self.cleaned_data["published_at"]
        if published_at <= timezone.now():
            raise forms.ValidationError(
                "定时发布的时间必须晚于现在；要立即发布，请使用“立即发布”。",
                code="not_in_future",
            )
        return published_at

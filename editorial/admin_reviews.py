"""The article admin's 三审: sign-off panel, progress column, filters, gate."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse

from editorial import reviews
from editorial.reviews import ReviewStep, Step


class ReviewFilter(admin.SimpleListFilter):
    """Where articles stand on the review path, and what waits for me."""

    title = "审稿"
    parameter_name = "review"
    MINE = "mine"

    def lookups(self, request, model_admin):
        required = reviews.required_steps() or 3
        choices = [(self.MINE, "待我审")]
        choices += [
            (str(stage), f"待{Step(stage + 1).label}") for stage in range(required)
        ]
        return [*choices, ("done", "已审完")]

    def queryset(self, request, queryset):
        value = self.value()
        required = reviews.required_steps() or 3
        if value == self.MINE:
            return reviews.waiting_for(request.user, queryset)
        if value == "done":
            return queryset.filter(review__stage__gte=required)
        if value in {str(stage) for stage in range(required)}:
            if value == "0":
                return queryset.filter(review__isnull=True) | queryset.filter(
                    review__stage=0
                )
            return queryset.filter(review__stage=int(value))
        return queryset


class SignOffForm(forms.Form):
    step = forms.TypedChoiceField(choices=Step.choices, coerce=int)
    decision = forms.ChoiceField(choices=ReviewStep.Decision.choices, label="结论")
    comment = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def publish_gate(form_class):
    """The article form, refusing to publish text that lacks its sign-offs."""

    class ReviewedArticleForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            from articles.models import Article

            becomes_live = (
                cleaned_data.get("status") == Article.Status.PUBLISHED
                and self.initial.get("status") != Article.Status.PUBLISHED
            )
            if becomes_live:
                version = reviews.text_version(
                    *(
                        cleaned_data.get(name, getattr(self.instance, name))
                        for name in ("kicker", "headline", "subheadline", "body")
                    )
                )
                if not reviews.cleared_for(self.instance, version):
                    self.add_error(
                        "status",
                        "这一版文字尚未完成必需的审稿（见页面下方“审稿”），不能发布。",
                    )
            return cleaned_data

    return ReviewedArticleForm


class ResponsibleEditorForm(forms.Form):
    editor = forms.ModelChoiceField(
        label="责任编辑",
        queryset=None,
        required=False,
        empty_label="（不指定）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = reviews.editors()
        self.fields["editor"].label_from_instance = display_name


class ReviewAdminMixin:
    """For ArticleAdmin: 三审 sign-off, its column, filter and publishing gate."""

    def get_queryset(self, request):
        approved = ReviewStep.objects.filter(
            decision=ReviewStep.Decision.APPROVED
        ).select_related("user")
        return (
            super()
            .get_queryset(request)
            .select_related("review__responsible_editor")
            .prefetch_related(
                Prefetch("review_steps", queryset=approved, to_attr="approvals")
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        return publish_gate(super().get_form(request, obj, change, **kwargs))

    @admin.display(description="审稿进度")
    def review_progress(self, obj):
        review = getattr(obj, "review", None)
        version = review.text_version if review else reviews.version_of(obj)
        signed = {
            step.step: step
            for step in getattr(obj, "approvals", [])
            if step.text_version == version
        }
        parts = []
        for step in Step:
            if step > (reviews.required_steps() or 3):
                break
            who = signed.get(step)
            parts.append(
                f"{step.label}✓{display_name(who.user)}" if who else f"{step.label}—"
            )
        return " ".join(parts)

    def cleared_for_publishing(self, request, queryset):
        """The selected articles that may be published; a word about the others."""
        allowed = reviews.cleared(queryset)
        held = queryset.count() - allowed.count() if reviews.required_steps() else 0
        if held:
            messages.warning(request, f"{held} 篇稿件尚未完成必需的审稿，没有发布。")
        return allowed

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.sign_view),
                name="articles_article_review",
            ),
            path(
                "<path:object_id>/responsible-editor/",
                self.admin_site.admin_view(self.responsible_editor_view),
                name="articles_article_responsible_editor",
            ),
            *super().get_urls(),
        ]

    def responsible_editor_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("没有这篇稿件。")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        form = ResponsibleEditorForm(request.POST)
        url = reverse("admin:articles_article_change", args=[article.pk])
        if not form.is_valid():
            messages.error(request, "责任编辑须是可以初审的在职编辑。")
            return redirect(url)
        editor = form.cleaned_data["editor"]
        try:
            reviews.assign_responsible_editor(article, editor, request.user)
        except reviews.ReviewRefused as refusal:
            messages.error(request, refusal.messages[0])
            return redirect(url)
        named = display_name(editor) if editor else "（不指定）"
        self.log_change(request, article, f"责任编辑：{named}")
        messages.success(request, f"责任编辑已设为：{named}。")
        return redirect(url)

    def sign_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("没有这篇稿件。")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = SignOffForm(request.POST)
        url = reverse("admin:articles_article_change", args=[article.pk])
        if not form.is_valid():
            messages.error(request, "审稿表单填写有误。")
            return redirect(url)
        data = form.cleaned_data
        try:
            record = reviews.sign(
                article, request.user, data["step"], data["decision"], data["comment"]
            )
        except reviews.ReviewRefused as refusal:
            messages.error(request, refusal.messages[0])
            return redirect(url)
        self.log_change(request, article, str(record))
        messages.success(request, f"已记录：{record}。")
        return redirect(url)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            review = reviews.standing(obj)
            mine = [
                step
                for step in reviews.steps_for(request.user)
                if step == review.stage + 1 and step <= (reviews.required_steps() or 3)
            ]
            context["review_panel"] = {
                "state": reviews.stage_label(review.stage),
                "required": reviews.required_steps(),
                "responsible_editor": display_name(review.responsible_editor),
                "records": obj.review_steps.select_related("user").order_by(
                    "-decided_at", "-id"
                ),
                "current_version": review.text_version,
                "next_step": Step(mine[0]) if mine else None,
                "editor_form": self.responsible_editor_form(request, obj, review),
                "decisions": ReviewStep.Decision.choices,
            }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def responsible_editor_form(self, request, obj, review):
        """The 责任编辑 form, for those who may name one, or None."""
        may = request.user.has_perm(reviews.STEP_PERMISSIONS[Step.FIRST])
        if not (may and self.has_change_permission(request, obj)):
            return None
        return ResponsibleEditorForm(initial={"editor": review.responsible_editor_id})


def display_name(user):
    return reviews.display_name(user)

"""The admin of corrections (更正)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from editorial import corrections
from editorial.corrections import Correction


def may_publish(request):
    return request.user.has_perm("articles.publish_article")


class CorrectionForm(forms.ModelForm):
    publish = forms.BooleanField(
        label="发布此更正",
        required=False,
        help_text="勾选后保存即在稿件页、更正页和订阅源中显示。只有可以发布稿件的编辑能发布更正。",
    )

    class Meta:
        model = Correction
        fields = ["article", "wrong", "right", "note"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["article", "wrong", "right", "state", "created_by"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline", "wrong", "right"]
    autocomplete_fields = ["article"]
    readonly_fields = ["published_at", "published_by", "created_by"]
    actions = ["publish_selected"]

    def get_fields(self, request, obj=None):
        fields = ["article", "wrong", "right", "note"]
        if may_publish(request) and not (obj and obj.is_published):
            fields.append("publish")
        return [*fields, *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "publish" not in self.get_fields(request, obj):
            form.base_fields.pop("publish", None)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "article" in request.GET:
            initial["article"] = request.GET["article"]
        return initial

    def has_publish_permission(self, request):
        return may_publish(request)

    def has_change_permission(self, request, obj=None):
        # Changing a published correction is publishing.
        if obj is not None and obj.is_published and not may_publish(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not may_publish(request):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("publish"):
            if not may_publish(request):
                raise PermissionDenied
            corrections.publish(Correction.objects.filter(pk=obj.pk), request.user)
            obj.refresh_from_db()
        elif obj.is_published:
            # The text readers see changed: the article counts as modified.
            type(obj.article).objects.filter(pk=obj.article_id).update(
                updated_at=timezone.now()
            )

    @admin.display(description="状态", ordering="published_at")
    def state(self, obj):
        if not obj.is_published:
            return "未发布"
        return f"已发布 {timezone.localtime(obj.published_at):%Y-%m-%d %H:%M}"

    @admin.action(description="发布所选更正", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if not may_publish(request):
            raise PermissionDenied
        count = corrections.publish(queryset, request.user)
        self.message_user(request, f"已发布 {count} 条更正。", messages.SUCCESS)

"""The article admin's revision pages: history list, comparison, restore."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial import revisions
from editorial.diff import char_diff


class RevisionAdminMixin:
    """For ArticleAdmin: the form records one revision per save, with the
    bylines its inlines saved; 历史 lists revisions, compares any two and
    restores one."""

    def save_model(self, request, obj, form, change):
        # The revision is recorded in save_related(), once the inlines'
        # bylines are stored too.
        obj.skip_history_when_saving = True
        try:
            super().save_model(request, obj, form, change)
        finally:
            del obj.skip_history_when_saving

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revisions.record(form.instance, request.user, "修改" if change else "新建")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _viewable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("没有这篇稿件。")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "can_restore": self.has_change_permission(request, article),
        }

    def history_view(self, request, object_id, extra_context=None):
        article = self._viewable_article(request, object_id)
        history = revisions.history_of(article.pk)
        for revision in history:
            revision.changed_labels = [
                revisions.field_label(name) for name in revision.changed
            ]
        context = {
            **self._context(request, article, f"修订记录：{article}"),
            "revisions": history,
            **(extra_context or {}),
        }
        return TemplateResponse(
            request, "admin/editorial/article_revisions.html", context
        )

    def compare_view(self, request, object_id):
        article = self._viewable_article(request, object_id)
        model = revisions.revision_model()
        try:
            ids = [int(request.GET.get(key, "")) for key in ("from", "to")]
        except ValueError:
            messages.warning(request, "请选择要比较的两个版本。")
            return redirect("admin:articles_article_history", article.pk)
        found = model.objects.filter(id=article.pk, history_id__in=ids)
        found = {r.history_id: r for r in found.select_related("history_user")}
        if any(pk not in found for pk in ids):
            raise Http404("没有这个版本。")
        old, new = sorted((found[pk] for pk in ids), key=lambda r: r.history_date)
        fields = []
        for name in revisions.SHOWN_FIELDS:
            before, after = revisions.value_of(old, name), revisions.value_of(new, name)
            if before == after:
                continue
            fields.append(
                {
                    "label": revisions.field_label(name),
                    "pieces": char_diff(before, after),
                    "text": name in revisions.TEXT_FIELDS,
                    "before": before,
                    "after": after,
                }
            )
        context = {
            **self._context(request, article, f"比较版本：{article}"),
            "old": old,
            "new": new,
            "fields": fields,
        }
        return TemplateResponse(
            request, "admin/editorial/article_compare.html", context
        )

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._viewable_article(request, object_id)
        # A reporter restores only what they may edit (not published text).
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        model = revisions.revision_model()
        try:
            revision = model.objects.get(id=article.pk, history_id=revision_id)
        except model.DoesNotExist:
            raise Http404("没有这个版本。") from None
        revisions.restore(article, revision, request.user)
        self.log_change(request, article, "恢复旧版本")
        messages.success(request, "已恢复到所选版本；恢复本身也记为一个新版本。")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

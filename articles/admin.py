"""The staff admin for articles: list, form, preview and publishing actions."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import search
from articles.admin_import import ImportBatchAdmin
from articles.forms import ArticleAdminForm, ScheduleForm
from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleImage,
    ArticleReporter,
    ImportBatch,
)
from articles.search import clean_query
from articles.views import ArticleDetailView
from edition.admin import ArticlePlacementInline
from editorial import revisions
from editorial.admin_body import BodyEditorMixin
from editorial.admin_language import titled_filter
from editorial.admin_reviews import ReviewAdminMixin, ReviewFilter
from editorial.admin_revisions import RevisionAdminMixin
from editorial.admin_warnings import ImportWarningsAdminMixin, WarningsFilter

# The text matches an article list search keeps, newest first.
SEARCH_LIMIT = 1000

admin.site.site_header = f"{settings.SITE_NAME} 采编后台"
admin.site.site_title = f"{settings.SITE_NAME} 采编后台"
admin.site.index_title = "内容管理"

PROVENANCE_FIELDS = (
    "import_batch",
    "page_position",
    "fingerprint",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)


# A published article whose time has not come yet; the list and its status
# filter use these words and the model's labels, nothing else.
SCHEDULED_LABEL = "定时发布"


class StatusFilter(admin.SimpleListFilter):
    """Filter by status, telling scheduled articles apart from live ones."""

    title = "状态"
    parameter_name = "status"
    SCHEDULED = "scheduled"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, Article.Status.DRAFT.label),
            (Article.Status.REVIEW, Article.Status.REVIEW.label),
            (self.SCHEDULED, SCHEDULED_LABEL),
            (Article.Status.PUBLISHED, Article.Status.PUBLISHED.label),
            (Article.Status.WITHDRAWN, Article.Status.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


def is_locked(request, article):
    """Whether the user may only view article: published (live or scheduled)
    and withdrawn text changes only with the publish permission, since
    changing it is publishing."""
    return (
        article is not None
        and article.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
        and not request.user.has_perm("articles.publish_article")
    )


class LockedWithArticleInline:
    """Bylines and images of an article the user may not change are read-only."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(
            request, obj
        )


class ArticleReporterInline(LockedWithArticleInline, admin.TabularInline):
    model = ArticleReporter
    fields = ["position", "reporter"]
    autocomplete_fields = ["reporter"]
    extra = 0


class ArticleCorrespondentInline(LockedWithArticleInline, admin.TabularInline):
    model = ArticleCorrespondent
    fields = ["position", "correspondent"]
    autocomplete_fields = ["correspondent"]
    extra = 0


class ArticleImageInline(LockedWithArticleInline, admin.StackedInline):
    model = ArticleImage
    fields = ["thumbnail", "image", "caption", "credit", "position"]
    readonly_fields = ["thumbnail"]
    extra = 0

    @admin.display(description="缩略图")
    def thumbnail(self, obj):
        if not obj.list_rendition:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 240px; max-height: 160px;">',
            obj.list_rendition.url,
            obj.caption,
        )


@admin.register(Article)
class ArticleAdmin(
    RevisionAdminMixin,
    ReviewAdminMixin,
    ImportWarningsAdminMixin,
    BodyEditorMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "date",
        "status_label",
        "department",
        "bylines",
        "body_length",
        "review_progress",
        "warnings",
        "last_change",
        "preview_link",
    ]
    list_filter = [
        StatusFilter,
        ReviewFilter,
        WarningsFilter,
        "department",
        ("reporters", titled_filter("记者")),
    ]
    # Drafts have no publication time: they come first, newest change first
    # (PostgreSQL reads the date index backwards for NULLS FIRST).
    ordering = [
        F("published_at").desc(nulls_first=True),
        F("updated_at").desc(),
        F("id").desc(),
    ]
    # A total count over the whole archive on every page view is not worth it.
    show_full_result_count = False
    date_hierarchy = "published_at"
    # Searched by get_search_results(); listed so that the admin shows the box.
    search_fields = ["headline", "subheadline", "body", "reporters__name"]
    search_help_text = "搜索标题、正文或署名"
    autocomplete_fields = ["department"]
    readonly_fields = PROVENANCE_FIELDS
    inlines = [
        ArticleReporterInline,
        ArticleCorrespondentInline,
        ArticleImageInline,
        ArticlePlacementInline,
    ]
    actions = ["publish_now", "schedule", "withdraw", "back_to_draft"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "warnings",
                    "kicker",
                    "headline",
                    "subheadline",
                    "slug",
                    "department",
                ]
            },
        ),
        (
            "正文",
            {
                "fields": [
                    "source_label",
                    "dateline_date",
                    "editor_note",
                    "body",
                    "subheadings",
                    "summary",
                    "photo_captions",
                ]
            },
        ),
        ("发布", {"fields": ["status", "published_at"]}),
        ("来源记录", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # The changelist ignores list_select_related once the queryset
        # already has a select_related, so every relation is listed here.
        return super().get_queryset(request).with_bylines().select_related("updated_by")

    def get_search_results(self, request, queryset, search_term):
        """Search the text through the indexed article search, and byline names.

        The text search keeps the SEARCH_LIMIT newest matches: the list's
        count, page and date links each read every match, and a word found
        in every article took minutes at a million articles. Django's own
        search would run LIKE over every body.
        """
        term, _ = clean_query(search_term)
        if not term:
            return queryset, False
        newest = Article.objects.order_by("-pk")
        by_text = search.newest_containing(newest, term, SEARCH_LIMIT)
        by_text = by_text.order_by().values("pk")
        if by_text.count() == SEARCH_LIMIT:
            messages.info(
                request,
                f"正文和标题只列出最新的 {SEARCH_LIMIT} 篇匹配稿件；"
                "加上更多关键词或筛选条件可以找到更早的。",
            )
        by_reporter = ArticleReporter.objects.filter(reporter__name__icontains=term)
        by_correspondent = ArticleCorrespondent.objects.filter(
            correspondent__name__icontains=term
        )
        # One subquery: PostgreSQL checks "IN (a) OR IN (b)" row by row over
        # the whole table, and matching names through the articles' joins
        # read every byline (2.5 s for each of the list's queries at a
        # million articles).
        matches = by_text.union(
            by_reporter.order_by().values("article_id"),
            by_correspondent.order_by().values("article_id"),
        )
        return queryset.filter(pk__in=matches), False

    def view_on_site(self, obj):
        """Link to the public page only once readers can see it."""
        return obj.get_absolute_url() if obj.is_published else None

    # Permissions

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(
            request, obj
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if is_locked(request, obj):
            messages.info(request, "这篇稿件已发布或已撤稿，只有编辑可以修改。")
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("published_at")
            if obj is not None and obj.status in (
                Article.Status.PUBLISHED,
                Article.Status.WITHDRAWN,
            ):
                fields.append("status")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    # Changelist columns

    @admin.display(description="日期", ordering="published_at")
    def date(self, obj):
        if obj.published_at is None:
            return "—"
        return f"{timezone.localtime(obj.published_at):%Y-%m-%d %H:%M}"

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        return SCHEDULED_LABEL if obj.is_scheduled else obj.get_status_display()

    @admin.display(description="署名")
    def bylines(self, obj):
        people = obj.ordered_reporters + obj.ordered_correspondents
        return "、".join(person.name for person in people) or "—"

    @admin.display(description="最后修改", ordering="updated_at")
    def last_change(self, obj):
        moment = f"{timezone.localtime(obj.updated_at):%Y-%m-%d %H:%M}"
        return f"{moment} {obj.updated_by}" if obj.updated_by else moment

    @admin.display(description="预览")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">预览</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
        )

    # Preview

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """Show any article as readers would see it, to staff allowed to view it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("没有这篇稿件。")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        # Rendered by the reader site's own view, as readers would get it.
        return ArticleDetailView.as_view(preview=True)(request, pk=article.pk)

    # Actions: each also checks the permission itself, not only via the menu.

    def require_publish_permission(self, request):
        if not self.has_publish_permission(request):
            raise PermissionDenied

    def change_status(self, request, queryset, message, **changes):
        """Apply changes to the selected articles, log them and tell the user."""
        with transaction.atomic():
            articles = list(
                Article.objects.filter(pk__in=queryset.values("pk")).only("headline")
            )
            if not articles:
                self.message_user(
                    request, "所选稿件都不适用这项操作，未作改动。", messages.WARNING
                )
                return
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                updated_at=timezone.now(), updated_by=request.user, **changes
            )
            LogEntry.objects.log_actions(request.user.pk, articles, CHANGE, message)
            changed = Article.objects.filter(pk__in=[a.pk for a in articles])
            revisions.record_many(changed, request.user, message)
        self.message_user(
            request, f"{message}：{len(articles)} 篇稿件。", messages.SUCCESS
        )

    @admin.action(description="立即发布", permissions=["publish"])
    def publish_now(self, request, queryset):
        self.require_publish_permission(request)
        queryset = self.cleared_for_publishing(request, queryset)
        now = timezone.now()
        # A past publication time (e.g. the print date) is kept; none or a
        # future one becomes now, so the article goes live immediately.
        self.change_status(
            request,
            queryset,
            "立即发布",
            status=Article.Status.PUBLISHED,
            published_at=Case(
                When(published_at__lte=now, then=F("published_at")),
                default=Value(now),
            ),
        )

    @admin.action(description="定时发布…", permissions=["publish"])
    def schedule(self, request, queryset):
        self.require_publish_permission(request)
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            published_at = form.cleaned_data["published_at"]
            self.change_status(
                request,
                self.cleared_for_publishing(request, queryset),
                f"定时于 {timezone.localtime(published_at):%Y-%m-%d %H:%M} 发布",
                status=Article.Status.PUBLISHED,
                published_at=published_at,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "定时发布",
            "opts": self.opts,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/articles/article/schedule.html", context
        )

    @admin.action(description="撤稿（从网站撤下）", permissions=["publish"])
    def withdraw(self, request, queryset):
        self.require_publish_permission(request)
        self.change_status(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            "撤稿",
            status=Article.Status.WITHDRAWN,
        )

    @admin.action(description="退回草稿", permissions=["publish"])
    def back_to_draft(self, request, queryset):
        self.require_publish_permission(request)
        self.change_status(
            request,
            queryset.exclude(status=Article.Status.DRAFT),
            "退回草稿",
            status=Article.Status.DRAFT,
        )


admin.site.register(ImportBatch, ImportBatchAdmin)

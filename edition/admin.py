"""The print edition in the admin: issues with their pages, pages with their articles."""

import datetime

from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from edition.labels import normalize_label
from edition.models import Issue, Page, Placement


class PageInline(admin.TabularInline):
    model = Page
    fields = ["label", "name", "editor", "designer", "pdf", "image", "articles_link"]
    readonly_fields = ["articles_link"]
    extra = 0
    show_change_link = True

    @admin.display(description="稿件")
    def articles_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:edition_page_change", args=[obj.pk])
        return format_html('<a href="{}">排序与添加稿件</a>', url)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "numbers_text", "status", "page_count", "view_link"]
    list_filter = ["status"]
    date_hierarchy = "date"
    search_fields = ["date"]
    fields = ["date", "number", "total_number", "status"]
    inlines = [PageInline]

    def get_queryset(self, request):
        # A GROUP BY query drops Meta.ordering: say it again, or the page
        # autocomplete's issues come in no order and its pages overlap.
        return (
            super()
            .get_queryset(request)
            .annotate(page_total=Count("pages"))
            .order_by("-date")
        )

    @admin.display(description="版数", ordering="page_total")
    def page_count(self, obj):
        return obj.page_total

    @admin.display(description="期号")
    def numbers_text(self, obj):
        return obj.numbers_text or "—"

    @admin.display(description="数字报")
    def view_link(self, obj):
        return format_html('<a href="{}">查看</a>', obj.get_absolute_url())


class PlacementInline(admin.TabularInline):
    """A page's articles in print order; the order field reorders them."""

    model = Placement
    fk_name = "page"
    fields = ["order", "article", "article_status", "is_primary", "waiting"]
    readonly_fields = ["article_status", "waiting"]
    raw_id_fields = ["article"]
    ordering = ["order", "id"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "page")

    @admin.display(description="状态")
    def article_status(self, obj):
        if obj.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.get_status_display())

    @admin.display(description="转版")
    def waiting(self, obj):
        return placement_note(obj)


def placement_note(placement):
    """Say what an editor must know of a continued piece."""
    if placement.pk is None:
        return ""
    waiting = placement.waiting_for
    if waiting:
        return f"等待第{waiting}版导入后合并" if normalize_label(waiting) else ""
    if placement.continued_to:
        return f"下转第{placement.continued_to}版"
    if placement.continued_from:
        return f"上接第{placement.continued_from}版"
    return ""


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "display_label", "name", "is_front"]
    list_filter = ["is_front"]
    list_select_related = ["issue"]
    search_fields = ["label", "name"]
    search_help_text = "搜索版次或版名；可加日期，如 2021-11-06 A1"
    autocomplete_fields = ["issue"]
    fields = [
        "issue",
        "label",
        "name",
        "editor",
        "designer",
        "pdf",
        "image",
        "preview",
        "add_article",
    ]
    readonly_fields = ["preview", "add_article"]
    inlines = [PlacementInline]
    ordering = ["-issue__date", "sort_key"]

    @admin.display(description="版次", ordering="sort_key")
    def display_label(self, obj):
        return obj.display_label

    @admin.display(description="预览")
    def preview(self, obj):
        if not obj.thumb_rendition:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 240px;">',
            obj.thumb_rendition.url,
            str(obj),
        )

    @admin.display(description="手写稿件")
    def add_article(self, obj):
        if obj.pk is None:
            return "保存版面后可在本版添加稿件。"
        url = reverse("admin:articles_article_add")
        query = urlencode({"edition_page": obj.pk})
        return format_html('<a href="{}?{}">在本版添加一篇稿件</a>', url, query)

    def get_search_results(self, request, queryset, search_term):
        """Find pages by label and name; a date in the terms narrows the issue."""
        terms = search_term.split()
        dates = [t for t in terms if len(t) == 10 and t[4] == "-" and t[7] == "-"]
        rest = " ".join(t for t in terms if t not in dates)
        if dates:
            try:
                day = datetime.date.fromisoformat(dates[0])
            except ValueError:
                return queryset.none(), False
            queryset = queryset.filter(issue__date=day)
        if rest:
            label = normalize_label(rest)
            found = queryset.filter(label=label) | queryset.filter(name__icontains=rest)
            return found, False
        return queryset, False


class PlacementsUnchangedIfAbsent(BaseInlineFormSet):
    """A posted article form without the placements section (a script, an older
    form) leaves the article's placements as they are instead of failing."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        name = prefix or self.get_default_prefix()
        if data is not None and f"{name}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ArticlePlacementInline(admin.TabularInline):
    """Where an article was printed, on its form; ?edition_page=ID on the add
    form (the page's 在本版添加一篇稿件 link) places the new article there."""

    model = Placement
    fk_name = "article"
    formset = PlacementsUnchangedIfAbsent
    fields = ["page", "order", "is_primary", "waiting"]
    readonly_fields = ["waiting"]
    autocomplete_fields = ["page"]
    extra = 0
    verbose_name_plural = "见报位置（数字报）"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page__issue")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None and self.requested_page(request) else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        page = self.requested_page(request) if obj is None else None
        if page is None:
            return formset

        class PlacedOnPage(formset):
            def __init__(self, *args, **kwargs):
                # Only the empty form shows the page: a submitted row equal to
                # its initial values would count as unchanged, and be dropped.
                if kwargs.get("data") is None:
                    last = page.placements.order_by("-order").first()
                    order = last.order + 1 if last else 1
                    kwargs["initial"] = [{"page": page.pk, "order": order}]
                super().__init__(*args, **kwargs)

        return PlacedOnPage

    @staticmethod
    def requested_page(request):
        raw = request.GET.get("edition_page", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
            return None
        return Page.objects.filter(pk=int(raw)).first()

    @admin.display(description="转版")
    def waiting(self, obj):
        return placement_note(obj)

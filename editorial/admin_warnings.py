"""The parser's warnings in the article admin: a column and a filter."""

from django.contrib import admin


class WarningsFilter(admin.SimpleListFilter):
    title = "导入提示"
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("yes", "有提示"), ("no", "无提示")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(import_warnings__isnull=False)
        if self.value() == "no":
            return queryset.filter(import_warnings__isnull=True)
        return queryset


class ImportWarningsAdminMixin:
    """For ArticleAdmin: what the parser was unsure about, where editors see it."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("import_warnings")

    @admin.display(description="导入提示")
    def warnings(self, obj):
        notes = getattr(obj, "import_warnings", None)
        return "；".join(notes.warnings) if notes else ""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "warnings"]

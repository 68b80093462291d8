"""The staff admin for departments, reporters, correspondents and accounts."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from editorial.admin_language import ChinesePermissionsMixin
from newsroom.admin_search import BoundedSearchMixin
from people.models import Correspondent, Department, Reporter, name_key


class PersonForm(forms.ModelForm):
    """Refuse a second person of the same kind whose name matches as a byline."""

    def clean_name(self):
        name = self.cleaned_data["name"]
        model = self._meta.model
        twin = (
            model.objects.filter(name_key=name_key(name))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if twin is not None:
            raise forms.ValidationError(
                "已有同名的%(kind)s“%(name)s”；署名按姓名匹配，不能重名。",
                code="duplicate_name",
                params={"kind": model._meta.verbose_name, "name": twin.name},
            )
        return name


class ArticleCountMixin:
    """Annotate each row with its number of articles, in the list's one query.

    The count is a subquery per row listed, over the relation's index: a
    GROUP BY over every article or byline cost 2.2 s for 200 reporters at a
    million articles.
    """

    # The reverse relation with a row per article: a desk's articles, a
    # person's bylines.
    article_relation = "articles"

    def get_queryset(self, request):
        relation = self.model._meta.get_field(self.article_relation)
        owner = relation.field.name
        counts = (
            relation.related_model.objects.filter(**{owner: OuterRef("pk")})
            .order_by()
            .values(owner)
            .annotate(count=Count("*"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Coalesce(Subquery(counts), 0))
            # pk last: a stable order for the autocomplete's pages.
            .order_by(*self.model._meta.ordering, "pk")
        )

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    # Django's yes/no icons are labelled "True"/"False" in English.
    @admin.display(description="在职", ordering="is_active")
    def active_label(self, obj):
        return "是" if obj.is_active else "否"


class OptionalSlugMixin:
    """Let the slug be left blank: the model derives a unique one on save."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            formfield.required = False
            formfield.help_text = "留空则按名称自动生成。"
        return formfield


@admin.register(Department)
class DepartmentAdmin(
    BoundedSearchMixin, ArticleCountMixin, OptionalSlugMixin, admin.ModelAdmin
):
    list_display = ["name", "kind", "article_count", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "description"]


class PersonAdmin(
    BoundedSearchMixin, ArticleCountMixin, OptionalSlugMixin, admin.ModelAdmin
):
    article_relation = "bylines"
    form = PersonForm
    list_select_related = ["department"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "email", "phone"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Reporter)
class ReporterAdmin(PersonAdmin):
    list_display = ["name", "rank", "department", "active_label", "article_count"]
    list_filter = ["department", "rank", "is_active"]
    fields = [
        "name",
        "slug",
        "rank",
        "department",
        "photo",
        "bio",
        "email",
        "phone",
        "is_active",
        "user",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Linking a byline to a sign-in account is account administration.
        if not request.user.has_perm("auth.change_user"):
            fields.append("user")
        return fields


@admin.register(Correspondent)
class CorrespondentAdmin(PersonAdmin):
    list_display = ["name", "department", "phone", "active_label", "article_count"]
    search_fields = ["name", "email", "phone", "department__name"]
    fields = ["name", "slug", "department", "email", "phone", "is_active", "notes"]


# Staff accounts and groups: Django's own admin, with bounded searches and
# permissions named in Chinese.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(ChinesePermissionsMixin, BoundedSearchMixin, UserAdmin):
    # Django's yes/no icons are labelled "True"/"False" in English.
    list_display = ["username", "email", "first_name", "last_name", "staff_label"]

    @admin.display(description="职员", ordering="is_staff")
    def staff_label(self, obj):
        return "是" if obj.is_staff else "否"


@admin.register(Group)
class StaffGroupAdmin(ChinesePermissionsMixin, BoundedSearchMixin, GroupAdmin):
    pass

"""稿件统计 in the admin: rankings, an owner's page with a chart, and exports.

Registered as a model without a table, so that it has its place in the
admin's index and side bar for staff with contributions.view_statistics
(given to 编辑 by setup_roles) and for no one else.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header

from contributions import charts, counting, exports
from contributions.forms import StatisticsForm
from contributions.models import Statistics
from contributions.periods import Period
from people.models import Department

PERMISSION = "contributions.view_statistics"
# Number columns sort most first on the first click; text columns A to Z.
DESCENDING_FIRST = {"articles", "chars"}
# The owner part of the URL of the row of articles whose owner is not recorded.
UNASSIGNED = "none"


@admin.register(Statistics)
class StatisticsAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def view(method):
            return self.admin_site.admin_view(self.permitted(method))

        name = "contributions_statistics"
        return [
            path("", view(self.ranking_view), name=f"{name}_changelist"),
            path("<slug:kind>/", view(self.ranking_view), name=f"{name}_ranking"),
            path(
                "<slug:kind>/export.<str:fmt>",
                view(self.ranking_export),
                name=f"{name}_ranking_export",
            ),
            path(
                "<slug:kind>/<str:owner>/",
                view(self.detail_view),
                name=f"{name}_detail",
            ),
            path(
                "<slug:kind>/<str:owner>/export.<str:fmt>",
                view(self.detail_export),
                name=f"{name}_detail_export",
            ),
        ]

    def permitted(self, method):
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(PERMISSION):
                raise PermissionDenied
            return method(request, *args, **kwargs)

        return checked

    # Rankings ----------------------------------------------------------------

    def ranking_view(self, request, kind=counting.UNIT.slug):
        kind = kind_or_404(kind)
        form = StatisticsForm(request.GET)
        context = self.context(request, kind, form)
        if not form.is_valid():
            return self.render(request, "ranking.html", context, status=400)
        period, desk = form.cleaned_data["period"], form.cleaned_data["desk"]
        table = counting.ranking(kind, period, desk)
        context.update(
            ranking=table,
            row_count=len(table.rows),
            rows_html=display_rows(
                kind,
                counting.sort_rows(table.rows, form.cleaned_data["o"]),
                form.query(o=None),
            ),
            columns=self.columns(kind, form),
            exports={
                fmt: reverse(
                    "admin:contributions_statistics_ranking_export",
                    args=[kind.slug, fmt],
                )
                + "?"
                + form.query(o=None)
                for fmt in exports.FORMATS
            },
            title=exports.ranking_title(kind, period, desk),
        )
        return self.render(request, "ranking.html", context)

    def ranking_export(self, request, kind, fmt):
        kind = kind_or_404(kind)
        form = StatisticsForm(request.GET)
        if fmt not in exports.FORMATS:
            raise Http404("没有这种导出格式。")
        if not form.is_valid():
            return self.render(
                request, "ranking.html", self.context(request, kind, form), status=400
            )
        period, desk = form.cleaned_data["period"], form.cleaned_data["desk"]
        table = exports.ranking_table(
            counting.ranking(kind, period, desk), period, desk
        )
        return download(table, fmt, exports.file_name(kind.slug, period, desk, fmt))

    def columns(self, kind, form):
        """The ranking's column headers with their sort links."""
        current = form.cleaned_data["o"]
        columns = [("rank", "名次"), ("name", kind.name_header)]
        if kind.group_header:
            columns.append(("group", kind.group_header))
        columns += [("articles", "发稿篇数"), ("chars", "字数")]
        headers = []
        for key, label in columns:
            if current.lstrip("-") == key:
                order = key if current.startswith("-") else f"-{key}"
                sorted_as = "descending" if current.startswith("-") else "ascending"
            else:
                order = f"-{key}" if key in DESCENDING_FIRST else key
                sorted_as = ""
            headers.append(
                {
                    "key": key,
                    "label": label,
                    "query": form.query(o=order),
                    "sorted": sorted_as,
                    "numeric": key in ("rank", "articles", "chars"),
                }
            )
        return headers

    # One owner ---------------------------------------------------------------

    def detail_view(self, request, kind, owner):
        kind = kind_or_404(kind)
        owner = owner_or_404(kind, owner)
        form = StatisticsForm(request.GET)
        context = self.context(request, kind, form, owner=owner)
        if not form.is_valid():
            return self.render(request, "detail.html", context, status=400)
        period, desk = form.cleaned_data["period"], form.cleaned_data["desk"]
        name = owner_name(kind, owner)
        figures = counting.monthly(kind, owner, period, desk)
        in_period = [
            counted for month, counted in figures if month in set(period.months())
        ]
        total = counting.Figures(
            sum(f.articles for f in in_period), sum(f.chars for f in in_period)
        )
        articles = list(counting.article_list(kind, owner, period, desk))
        context.update(
            owner_name=name,
            chart=charts.monthly_chart(figures, name),
            figures=figures,
            total=total,
            articles=articles,
            truncated=total.articles > len(articles),
            exports={
                fmt: reverse(
                    "admin:contributions_statistics_detail_export",
                    args=[kind.slug, owner_slug(owner), fmt],
                )
                + "?"
                + form.query(o=None)
                for fmt in exports.FORMATS
            },
            title=f"{exports.ranking_title(kind, period, desk)}：{name}",
        )
        return self.render(request, "detail.html", context)

    def detail_export(self, request, kind, owner, fmt):
        kind = kind_or_404(kind)
        owner = owner_or_404(kind, owner)
        form = StatisticsForm(request.GET)
        if fmt not in exports.FORMATS:
            raise Http404("没有这种导出格式。")
        if not form.is_valid():
            context = self.context(request, kind, form, owner=owner)
            return self.render(request, "detail.html", context, status=400)
        period, desk = form.cleaned_data["period"], form.cleaned_data["desk"]
        name = owner_name(kind, owner)
        articles = counting.article_list(kind, owner, period, desk, limit=None)
        table = exports.article_table(kind, name, articles, period, desk)
        file_name = exports.file_name(kind.slug, period, desk, fmt, owner_name=name)
        return download(table, fmt, file_name)

    # Shared ------------------------------------------------------------------

    def context(self, request, kind, form, owner=None):
        valid = form.is_valid()
        period = form.cleaned_data["period"] if valid else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "kind": kind,
            "kinds": counting.KINDS.values(),
            "form": form,
            "owner": owner,
            "period": period,
            "notes": exports.COUNTING_NOTES,
            "title": "稿件统计",
        }
        if valid:
            context.update(
                query=form.query(),
                unsorted_query=form.query(o=None),
                periods=period_links(form, period),
            )
        return context

    def render(self, request, template, context, status=200):
        return TemplateResponse(
            request, f"admin/contributions/{template}", context, status=status
        )


def kind_or_404(slug):
    try:
        return counting.KINDS[slug]
    except KeyError:
        raise Http404("没有这种统计。") from None


def owner_or_404(kind, owner):
    """The person, unit or desk named in the URL, or None for the row of
    articles whose unit or desk is not recorded."""
    if owner == UNASSIGNED and kind.unassigned:
        return None
    if not owner.isdigit() or len(owner) > 18:
        raise Http404("没有这个统计对象。")
    owners = kind.model.objects.all()
    if kind.model is Department:
        wanted = Department.Kind.UNIT if kind.slug == "unit" else Department.Kind.DESK
        owners = owners.filter(kind=wanted)
    return get_object_or_404(owners, pk=int(owner))


def owner_name(kind, owner):
    return kind.unassigned if owner is None else owner.name


def owner_slug(owner):
    return UNASSIGNED if owner is None else str(owner.pk)


def period_links(form, period):
    """Previous and next period, and the usual ones, as URL queries."""
    today = timezone.localdate()
    this_month = Period.containing(today)
    links = {
        "previous": period.previous(),
        "next": period.next(),
    }
    shortcuts = [
        ("本月", this_month),
        ("上月", this_month.previous()),
        ("本季度", Period.quarter(today.year, (today.month - 1) // 3 + 1)),
        ("本年", Period.year(today.year)),
        ("上一年", Period.year(today.year - 1)),
    ]
    return {
        "previous": (
            form.query(period=links["previous"].slug) if links["previous"] else ""
        ),
        "next": form.query(period=links["next"].slug) if links["next"] else "",
        "previous_label": links["previous"].label if links["previous"] else "",
        "next_label": links["next"].label if links["next"] else "",
        "shortcuts": [
            (label, form.query(period=p.slug), p == period) for label, p in shortcuts
        ],
    }


def display_rows(kind, rows, query):
    """The ranking's rows as HTML, every value escaped by format_html_join.

    With hundreds of rows, the template engine's loop, filters and {% url %}
    per cell cost several times the database's work."""
    link = reverse("admin:contributions_statistics_detail", args=[kind.slug, 0])
    prefix = link[: -len("0/")]
    group = "<td>{}</td>" if kind.group_header else "{}"
    return format_html_join(
        "\n",
        '<tr><td class="numeric">{}</td><th scope="row"><a href="{}">{}</a></th>'
        + group
        + '<td class="numeric" data-column="articles">{}</td>'
        '<td class="numeric" data-column="chars">{}</td></tr>',
        (
            (
                row.rank,
                f"{prefix}{owner_slug_of(row.owner_id)}/?{query}",
                row.name,
                row.group if kind.group_header else "",
                f"{row.articles:,}",
                f"{row.chars:,}",
            )
            for row in rows
        ),
    )


def owner_slug_of(owner_id):
    return UNASSIGNED if owner_id is None else str(owner_id)


def download(table, fmt, file_name):
    response = HttpResponse(
        exports.render(table, fmt), content_type=exports.FORMATS[fmt]
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file_name
    )
    response["Cache-Control"] = "private, no-store"
    return response

"""Reader-facing list filters: keyword, department, byline and date range."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, with_published_article
from articles.search import MAX_QUERY_LENGTH, clean_query
from people.models import Correspondent, Department, Reporter

# Local midnights outside these years cannot all be converted to UTC.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def day_start(day):
    """Return the aware datetime of local midnight at the start of day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_range(first_day, last_day):
    """Return aware [start, end) bounds covering first_day through last_day."""
    return day_start(first_day), day_start(last_day + datetime.timedelta(days=1))


def validate_date_in_range(value):
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            "请输入 %(first)s 至 %(last)s 之间的日期。",
            code="date_out_of_range",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            raise ValidationError("起始日期不能晚于结束日期。", code="date_order")
        return cleaned


def date_filter(label, method):
    return django_filters.DateFilter(
        label=label,
        method=method,
        validators=[validate_date_in_range],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效的日期，例如 2021-11-06。"},
    )


# Choice querysets are given as functions: each request's filterset copies its
# filters deeply, and a function is cheaper to copy than a queryset.


def desk_choices(request):
    return Department.objects.filter(kind=Department.Kind.DESK)


def reporter_choices(request):
    return with_published_article(Reporter.objects.all(), "reporters")


def correspondent_choices(request):
    return with_published_article(Correspondent.objects.all(), "correspondents")


# The form class of each filterset class, built by its first instance.
FORM_CLASSES = {}


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "placeholder": "搜索标题和正文",
                "enterkeyhint": "search",
            }
        ),
    )
    department = django_filters.ModelChoiceFilter(
        label="部门",
        field_name="department",
        to_field_name="slug",
        queryset=desk_choices,
        empty_label="全部部门",
        error_messages={"invalid_choice": "没有这个部门。"},
    )
    reporter = django_filters.ModelChoiceFilter(
        label="记者",
        field_name="reporter_bylines__reporter",
        to_field_name="slug",
        queryset=reporter_choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "没有这位记者。"},
    )
    correspondent = django_filters.ModelChoiceFilter(
        label="通讯员",
        field_name="correspondent_bylines__correspondent",
        to_field_name="slug",
        queryset=correspondent_choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "没有这位通讯员。"},
    )
    date_from = date_filter("起始日期", "filter_date_from")
    date_to = date_filter("截止日期", "filter_date_to")

    class Meta:
        form = ArticleFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        self.query_was_truncated = False
        if data is not None and "q" in data:
            data = data.copy()
            data["q"], self.query_was_truncated = clean_query(data["q"])
        if queryset is None:
            queryset = Article.objects.published()
        super().__init__(data, queryset, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(published_at__lt=day_range(value, value)[1])

    @property
    def is_active(self):
        """Whether any filter narrows the list (as opposed to just paging)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    def get_form_class(self):
        # Every request's copy of the filters makes the same form class, and a
        # form copies its class's fields (a choice field's queryset too).
        cls = type(self)
        if cls not in FORM_CLASSES:
            FORM_CLASSES[cls] = super().get_form_class()
        return FORM_CLASSES[cls]

    # Without a filter value there is nothing to validate or narrow: the form,
    # which costs more to build than the list query, is left unbuilt.

    def is_valid(self):
        return (self.is_bound and not self.is_active) or super().is_valid()

    @property
    def qs(self):
        if self.is_bound and not self.is_active:
            return self.queryset.all()
        return super().qs

"""Reader-facing list filters: keyword, department, byline and date range."""

import copy
import datetime
import logging

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, public_desks, with_published_article
from articles.search import MAX_QUERY_LENGTH, clean_query
from newsroom import pagecache
from newsroom.dates import validate_in_domain
from people.models import Correspondent, Department, Reporter
from readersite import fragments, navigation

logger = logging.getLogger(__name__)


def day_start(day):
    """Return the aware datetime of local midnight at the start of day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_range(first_day, last_day):
    """Return aware [start, end) bounds covering first_day through last_day."""
    return day_start(first_day), day_start(last_day + datetime.timedelta(days=1))


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            raise ValidationError("起始日期不能晚于结束日期。", code="date_order")
        return cleaned


def date_filter(label, method):
    return DateFilter(
        label=label,
        method=method,
        validators=[validate_in_domain],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效的日期，例如 2021-11-06。"},
    )


class SharedSettingsCopy:
    """A filter whose per-filterset copy shares its settings (widget, field
    arguments, choices function): each request's filterset copies its
    filters, and copying them deeply cost more than the filtering."""

    def __deepcopy__(self, memo):
        clone = object.__new__(type(self))  # copy.copy() takes ten times longer
        clone.__dict__.update(self.__dict__, extra=dict(self.extra))
        clone.__dict__.pop("_field", None)
        if self.method is not None:
            clone.method = self.method  # binds the method to the copy
        return clone


class CharFilter(SharedSettingsCopy, django_filters.CharFilter):
    pass


class DateFilter(SharedSettingsCopy, django_filters.DateFilter):
    pass


class SlugChoiceField(django_filters.fields.ModelChoiceField):
    """Choose a record by slug among choices(), asked afresh to validate.

    The form class, with its fields, is built once per process (see
    ArticleFilter.get_form_class): a queryset made then would keep that
    moment as "now" for published-only choices. known(), if given, returns
    {slug: record} of the choices as they are now, or None when unknown.
    """

    def __init__(self, queryset, *, known=None, **kwargs):
        self.choices_function, self.known = queryset, known
        super().__init__(queryset(), to_field_name="slug", **kwargs)

    def __deepcopy__(self, memo):
        # ModelChoiceField gives each form a copy of the queryset (twice), so
        # that no form sees results another evaluated. The form class's
        # queryset is only ever iterated afresh, to list the choices, and
        # to_python makes its own: forms share it.
        return forms.Field.__deepcopy__(self, memo)

    def to_python(self, value):
        found = self.known() if self.known and isinstance(value, str) else None
        if found and value in found:
            return copy.copy(found[value])
        if value not in self.empty_values:
            self.queryset = self.choices_function()
        return super().to_python(value)


class SlugChoiceFilter(SharedSettingsCopy, django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter on a slug; queryset is a function of no arguments."""

    field_class = SlugChoiceField
    # The field gets the choices function itself, not one request's queryset.
    field = django_filters.Filter.field


def desk_choices():
    return public_desks()


def reporter_choices():
    return with_published_article(Reporter.objects.all(), "reporters")


def correspondent_choices():
    return with_published_article(Correspondent.objects.all(), "correspondents")


# (content version, valid until, {slug: desk}) last read by this process.
known_desks_state = (None, None, {})


def menu_desks():
    """Return every desk by slug, read now by the menu's compiled query: a
    Department with its pk, name and slug (what a filtered list uses)."""
    return {
        desk.slug: Department(
            pk=desk.pk, name=desk.name, slug=desk.slug, kind=Department.Kind.DESK
        )
        for desk in navigation.menu_desks()
    }


def known_desks():
    """Return every desk by slug as of the current content version; when
    pieces of pages are not cached, as of now (menu_desks()).

    Most filtered lists name a desk, and desks seldom change: any change to
    one starts a new content version. Like a cached piece, the desks are read
    again after the page cache's deadline (a read replica's lag) and after
    FRAGMENT_CACHE_SECONDS.
    """
    global known_desks_state
    version = fragments.content_version()
    if version is None:
        return menu_desks()
    known_version, until, desks = known_desks_state
    now = timezone.now()
    if known_version == version and now < until:
        return desks
    until = now + datetime.timedelta(seconds=settings.FRAGMENT_CACHE_SECONDS)
    try:
        deadline = pagecache.cache_deadline(version)  # read before the desks
    except Exception:
        pagecache.log_failure(logger, "Desk deadline unknown: desks not kept")
        return None
    desks = {desk.slug: desk for desk in desk_choices()}
    known_desks_state = (version, min(until, deadline or until), desks)
    return desks


# The form class of each filterset class, built by its first instance.
FORM_CLASSES = {}


class ArticleFilter(django_filters.FilterSet):
    q = CharFilter(
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
    department = SlugChoiceFilter(
        label="部门",
        field_name="department",
        queryset=desk_choices,
        known=known_desks,
        empty_label="全部部门",
        error_messages={"invalid_choice": "没有这个部门。"},
    )
    reporter = SlugChoiceFilter(
        label="记者",
        field_name="reporter_bylines__reporter",
        queryset=reporter_choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "没有这位记者。"},
    )
    correspondent = SlugChoiceFilter(
        label="通讯员",
        field_name="correspondent_bylines__correspondent",
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

    def unsearched_qs(self):
        """Return the articles of every valid filter but the search."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(published_at__lt=day_range(value, value)[1])

    @cached_property
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

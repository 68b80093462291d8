"""The admin site, hardened against hostile parameters from staff.

Django's admin turns query parameters into lookups and forms into saves.
Some values it accepts still fail when run: a year at the end of the
calendar overflows the date hierarchy's next-year bound, a regular
expression PostgreSQL cannot compile, a NUL character PostgreSQL cannot
store, a year outside the site's date domain (newsroom.dates). Each was a 500
for the staff member who sent it. This site answers them with 400 or the
admin's own "invalid filter" page, for every ModelAdmin registered on it:
`register` adds `HardenedAdminMixin` to each.
"""

import functools

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseBadRequest

from newsroom import dates
from newsroom.middleware import is_connection_failure

# Lookups no admin page offers and the databases disagree on: a pattern one
# accepts, the other rejects with an error.
REFUSED_LOOKUPS = {"regex", "iregex"}
# Parts of a date the date hierarchy and date lookups take, with their range.
DATE_PART_RANGES = {
    "month": range(1, 13),
    "day": range(1, 32),
    "week_day": range(1, 8),
    "iso_week_day": range(1, 8),
    "week": range(1, 54),
    "quarter": range(1, 5),
    "hour": range(0, 24),
    "minute": range(0, 60),
    "second": range(0, 60),
}


def has_nul(request):
    """Tell whether a parameter name or value of request holds a NUL
    character, which PostgreSQL refuses in any text."""
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


def lookup_value_error(key, value):
    """Return why a changelist lookup key=value cannot be run, or None."""
    last = key.rsplit("__", 1)[-1]
    if last in REFUSED_LOOKUPS:
        return f"不支持按正则表达式筛选（{key}）。"
    if last in ("year", "iso_year") and not dates.year_in_domain(value):
        return f"年份应在 {dates.EARLIEST_YEAR} 至 {dates.LATEST_YEAR} 之间，收到 {value}。"
    if last in DATE_PART_RANGES:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return f"{key} 应为数字。"
        if number not in DATE_PART_RANGES[last]:
            return f"{key} 超出范围：{value}。"
    return None


def date_value_error(model, key, value):
    """Return why a date given for a date field's lookup is refused, or None."""
    path = key.split(LOOKUP_SEP)
    try:
        field = get_fields_from_path(model, LOOKUP_SEP.join(path[:-1] or path))[-1]
    except (FieldDoesNotExist, ValueError, AttributeError):
        try:
            field = get_fields_from_path(model, key)[-1]
        except (FieldDoesNotExist, ValueError, AttributeError):
            return None
    if not isinstance(field, models.DateField) or path[-1] in DATE_PART_RANGES:
        return None
    if path[-1] in ("year", "iso_year", "isnull"):
        return None
    try:
        day = models.DateField().to_python(value.strip()[:10])
    except ValidationError:
        return None  # not a date: Django refuses it with its own message
    if day is not None and not dates.in_domain(day):
        return f"日期应在 {dates.EARLIEST_DATE} 至 {dates.LATEST_DATE} 之间，收到 {value}。"
    return None


class DomainChangeList(ChangeList):
    """A changelist that refuses lookups its database could not run."""

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            for value in values:
                error = lookup_value_error(key, value) or date_value_error(
                    self.model, key, value
                )
                if error is not None:
                    raise IncorrectLookupParameters(error)
        return super().get_filters(request)

    def get_results(self, request):
        # A value the checks above did not foresee may still fail in the
        # database (a string too long for a compared column, a pattern it
        # rejects): the count, run first, tells before the page is drawn.
        try:
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except DatabaseError as error:
            if is_connection_failure(error):
                raise
            raise IncorrectLookupParameters(error) from error
        except OverflowError as error:
            # SQLite cannot bind an integer past 64 bits.
            raise IncorrectLookupParameters(error) from error


class ValidChoicesAutocompleteMixin:
    """An autocomplete that, drawing a form sent back with errors, looks up
    only the submitted values its field could hold (Django looks up each one
    and fails with a 500 on, say, a date sent for a numeric id)."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        valid = []
        for each in value:
            try:
                target.get_prep_value(target.to_python(each))
            except (ValidationError, ValueError, TypeError, OverflowError):
                continue
            valid.append(each)
        try:
            return super().optgroups(name, valid, attr)
        except OverflowError:  # an id past 64 bits, on SQLite
            return super().optgroups(name, [], attr)


class ValidChoicesAutocompleteSelect(ValidChoicesAutocompleteMixin, AutocompleteSelect):
    pass


class ValidChoicesAutocompleteSelectMultiple(
    ValidChoicesAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


SAFE_WIDGETS = {
    AutocompleteSelect: ValidChoicesAutocompleteSelect,
    AutocompleteSelectMultiple: ValidChoicesAutocompleteSelectMultiple,
}


class HardenedAdminMixin:
    """For every ModelAdmin of the site (added by NewsroomAdminSite.register)
    and each of its inlines."""

    def get_changelist(self, request, **kwargs):
        return domain_changelist(super().get_changelist(request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return safe_widget(
            super().formfield_for_foreignkey(db_field, request, **kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return safe_widget(
            super().formfield_for_manytomany(db_field, request, **kwargs)
        )

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            inline.__class__ = hardened(type(inline))
        return instances


def safe_widget(formfield):
    if formfield is None:
        return None
    if type(formfield.widget) in SAFE_WIDGETS:
        formfield.widget.__class__ = SAFE_WIDGETS[type(formfield.widget)]
    formfield.__class__ = bounded_choice_field(type(formfield))
    return formfield


class BoundedChoiceMixin:
    """A model choice field that refuses an id its database cannot bind
    (SQLite stops at 64 bits with an OverflowError) as an invalid choice."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": "…"},
            ) from None


@functools.cache
def bounded_choice_field(field_class):
    if issubclass(field_class, BoundedChoiceMixin):
        return field_class
    return type(field_class.__name__, (BoundedChoiceMixin, field_class), {})


@functools.cache
def hardened(admin_class):
    if issubclass(admin_class, HardenedAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (HardenedAdminMixin, admin_class),
        {"__module__": admin_class.__module__},
    )


@functools.cache
def domain_changelist(changelist):
    if issubclass(changelist, DomainChangeList):
        return changelist
    return type(changelist.__name__, (DomainChangeList, changelist), {})


class NewsroomAdminSite(admin.AdminSite):
    def password_change(self, request, extra_context=None):
        """Django's password change, throttled like the sign-in: a wrong
        current password counts as a failed sign-in of that user from that
        address (django-axes), and a locked pair is refused."""
        from axes.handlers.proxy import AxesProxyHandler
        from axes.helpers import get_lockout_response

        credentials = {"username": request.user.get_username()}
        if request.method == "POST" and not AxesProxyHandler.is_allowed(
            request, credentials
        ):
            return get_lockout_response(request, credentials)
        response = super().password_change(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        if (
            request.method == "POST"
            and form is not None
            and "old_password" in form.errors
        ):
            user_login_failed.send(
                sender=type(self), credentials=credentials, request=request
            )
        return response

    def admin_view(self, view, cacheable=False):
        @functools.wraps(view)
        def refuse_nul(request, *args, **kwargs):
            if has_nul(request):
                return HttpResponseBadRequest("参数中含有 NUL 字符，不是有效的请求。")
            return view(request, *args, **kwargs)

        return super().admin_view(refuse_nul, cacheable)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = hardened(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

"""The one range of dates the site stores and computes on.

Every date and time that enters — import options, admin fields, list
filters, URLs, the admin's date hierarchy — is checked against this domain,
and the database refuses a stored date or time outside it (a CHECK
constraint on each such column, built by `domain_constraint`). Outside it,
local midnights stop converting to UTC (year 1 in Asia/Shanghai is a BC
instant in UTC) and next-year arithmetic runs past year 9999: pages that
meet such a row answer 500 for everyone.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
EARLIEST_YEAR = EARLIEST_DATE.year
LATEST_YEAR = LATEST_DATE.year

# The stored instants of the domain's days in any time zone (UTC-12 to
# UTC+14) lie between these.
EARLIEST_INSTANT = datetime.datetime(1899, 12, 31, tzinfo=datetime.UTC)
LATEST_INSTANT = datetime.datetime(2100, 1, 2, tzinfo=datetime.UTC)

OUT_OF_DOMAIN_MESSAGE = "请输入 %(first)s 至 %(last)s 年之间的日期。"


def local_day(value):
    """Return the date of value (a date, or a datetime in its own or the
    current time zone), or None when it has no representable local date."""
    if not isinstance(value, datetime.datetime):
        return value
    if timezone.is_naive(value):
        return value.date()
    try:
        return timezone.localtime(value).date()
    except (OverflowError, ValueError):
        return None


def in_domain(value):
    """Tell whether a date or datetime lies within the site's date domain."""
    day = local_day(value)
    return day is not None and EARLIEST_DATE <= day <= LATEST_DATE


def year_in_domain(year):
    """Tell whether year (an int, or digits) is a year of the domain."""
    try:
        return EARLIEST_YEAR <= int(year) <= LATEST_YEAR
    except (TypeError, ValueError, OverflowError):
        return False


def within_domain_or_none(value):
    """Return value if it lies within the domain, else None (for dates read
    from text, such as a dateline printed with an impossible year)."""
    return value if value is not None and in_domain(value) else None


def validate_in_domain(value):
    """Field validator: refuse a date or datetime outside the domain."""
    if value is not None and not in_domain(value):
        raise ValidationError(
            OUT_OF_DOMAIN_MESSAGE,
            code="date_out_of_range",
            params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )


def domain_constraint(field_name, *, model_name):
    """Return the CHECK constraint that keeps field_name within the domain."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field_name}__isnull": True})
        | models.Q(**{f"{field_name}__range": domain_bounds(field_name)}),
        name=f"{model_name}_{field_name}_in_date_domain",
        violation_error_message=OUT_OF_DOMAIN_MESSAGE
        % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
    )


def domain_bounds(field_name):
    # Names ending in _at hold instants (the style guide's rule); the others
    # hold dates.
    if field_name.endswith("_at"):
        return (EARLIEST_INSTANT, LATEST_INSTANT)
    return (EARLIEST_DATE, LATEST_DATE)

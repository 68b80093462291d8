"""The list filter form (templates/includes/filter_form.html), rendered in Python.

Through Django's form rendering each of the form's six widgets renders a
template of its own, and the desk choices were read by a query of their
own: a fifth of an uncached list page. Here the form is a few string joins
over plain values: what the reader asked for, which fields were refused,
and the menu's desks (readersite.navigation, already read for the page).
The template stays the specification: a test renders both for every state
of the form, hostile text included, and requires the same HTML.
"""

import datetime
import html
import re

from django.utils.safestring import mark_safe

from articles.search import MAX_QUERY_LENGTH
from readersite.routes import route

# The fields the form shows, in order, with their labels; then the hidden ones.
VISIBLE = (
    ("q", "关键词"),
    ("department", "部门"),
    ("date_from", "起始日期"),
    ("date_to", "截止日期"),
)
HIDDEN = ("reporter", "correspondent")
DATE_FIELDS = ("date_from", "date_to")
DATE_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def escape(value):
    return html.escape(str(value))


def date_shown(value):
    """Return value if a date input may hold it (a valid yyyy-mm-dd), else "":
    HTML refuses any other value, and browsers would show none."""
    if not DATE_VALUE.fullmatch(value):
        return ""
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return ""
    return value


def form_state(filterset):
    """Return ({field: value as given, or ""}, {names of refused fields}).

    Only a filterset with a filter value has anything to refuse; the form
    is validated then anyway, to narrow the list.
    """
    data = filterset.data if filterset.is_bound else {}
    values = {name: data.get(name) or "" for name in filterset.filters}
    for name in DATE_FIELDS:
        values[name] = date_shown(values[name])
    invalid = set()
    if filterset.is_active:
        invalid = {name for name in filterset.form.errors if name in values}
    return values, invalid


def context(filterset, desks):
    """Return the template's context: plain values of the form's state."""
    values, invalid = form_state(filterset)
    return {
        "values": values,
        "invalid": invalid,
        "desks": desks,
        "max_query_length": MAX_QUERY_LENGTH,
    }


def invalid_attributes(name, invalid):
    if name not in invalid:
        return ""
    return f' aria-invalid="true" aria-describedby="id_{name}_error"'


def control_html(name, value, invalid, desks):
    """Return the HTML of the visible field name's input or select."""
    shown = f' value="{escape(value)}"' if value else ""
    if name == "q":
        return (
            f'<input type="search" name="q"{shown} maxlength="{MAX_QUERY_LENGTH}" '
            f'placeholder="搜索标题和正文" enterkeyhint="search"{invalid} id="id_q">'
        )
    if name == "department":
        options = "".join(
            f'<option value="{escape(desk.slug)}"'
            f"{' selected' if desk.slug == value else ''}>{escape(desk.name)}"
            "</option>"
            for desk in desks
        )
        return (
            f'<select name="department"{invalid} id="id_department">'
            f'<option value=""{"" if value else " selected"}>全部部门</option>'
            f"{options}</select>"
        )
    return f'<input type="date" name="{name}"{shown}{invalid} id="id_{name}">'


def hidden_html(name, value):
    shown = f' value="{escape(value)}"' if value else ""
    return f'<input type="hidden" name="{name}"{shown} id="id_{name}">'


def render(filterset, desks):
    """Return the filter form's HTML; desks are the menu's (NavDesk)."""
    values, invalid = form_state(filterset)
    index = escape(route("articles:index"))
    fields = "".join(
        f'<div class="field{" field-invalid" if name in invalid else ""}">'
        f'<label for="id_{name}">{label}</label>'
        f"{control_html(name, values[name], invalid_attributes(name, invalid), desks)}"
        "</div>\n"
        for name, label in VISIBLE
    )
    hidden = "".join(hidden_html(name, values[name]) for name in HIDDEN)
    form = (
        '<section class="panel" aria-labelledby="filter-heading">\n'
        '<h2 id="filter-heading" class="panel-title">查找稿件</h2>\n'
        f'<form class="filter-form" method="get" action="{index}">\n'
        f"{fields}{hidden}\n"
        '<div class="form-actions"><button type="submit">查找</button> '
        f'<a href="{index}">清除条件</a></div>\n</form>\n</section>\n'
    )
    # Safe: every value given by the reader or read from the database is
    # escaped above, as the template's autoescaping would.
    return mark_safe(form)

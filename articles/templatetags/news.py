"""Presentation helpers for the reader site: Chinese dates, bylines, URLs."""

import datetime
import json

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.feeds import xml_text as strip_xml_controls
from articles.images import image_size

register = template.Library()

WEEKDAYS = "一二三四五六日"


@register.simple_tag
def site_name():
    """The site's name, read from settings so that 500.html needs no context."""
    return settings.SITE_NAME


def local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def zh_date(value):
    """2021年11月6日"""
    return local_date_text(local(value)) if value else ""


def local_date_text(moment):
    """zh_date() of a date, or of a datetime already in local time."""
    return f"{moment.year}年{moment.month}月{moment.day}日"


@register.filter
def zh_datetime(value):
    """2021年11月6日 08:05"""
    if not value:
        return ""
    value = local(value)
    return f"{local_date_text(value)} {value:%H:%M}"


@register.filter
def zh_weekday(value):
    """星期六"""
    return f"星期{WEEKDAYS[local(value).weekday()]}" if value else ""


@register.filter
def machine_time(value):
    """2021-11-06T08:05:00+08:00: a `datetime` attribute HTML accepts, which
    allows at most three digits of a fraction of a second (none here)."""
    return local_machine_time(local(value)) if value else ""


def local_machine_time(moment):
    """machine_time() of a datetime already in local time: pages that show
    many convert them with one look-up of the time zone (items.Links.local),
    which costs as much as the rest of the formatting."""
    return moment.replace(microsecond=0).isoformat()


@register.filter
def size_attributes(field_file):
    """width="480" height="320" of a stored image, so the page does not shift
    as images arrive; nothing when the size cannot be read."""
    size = image_size(field_file)
    return format_html('width="{}" height="{}"', *size) if size else ""


@register.filter
def zh_month(value):
    """2021年11月"""
    return f"{value.year}年{value.month}月" if value else ""


@register.simple_tag
def today():
    return timezone.localdate()


@register.filter
def print_edition(batch):
    """本文刊于 2021年11月6日 A1版 航空港新闻, from the article's import batch."""
    if not batch:
        return ""
    parts = [f"本文刊于 {zh_date(batch.issue_date)}"]
    if batch.page:
        parts.append(batch.page if batch.page.endswith("版") else f"{batch.page}版")
    if batch.page_name:
        parts.append(batch.page_name)
    return " ".join(parts)


@register.filter
def absolute(path):
    """The public address of a site path, as canonical links and feeds use."""
    return f"{settings.SITE_URL}{path}" if path else ""


@register.filter
def xml_text(value):
    return strip_xml_controls(str(value))


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with page set to number; the first page
    has no page parameter, so that it has one address, not two."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if int(number) > 1:
        query["page"] = number
    return f"?{query.urlencode()}" if query else context["request"].path


@register.simple_tag(takes_context=True)
def without_param(context, name):
    """The current URL's query string without the named filter (and page)."""
    query = context["request"].GET.copy()
    for key in (name, "page"):
        query.pop(key, None)
    return f"?{query.urlencode()}" if query else "?"


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; <, > and & are escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(script_safe(text)),
    )


def script_safe(json_text):
    """json_text with <, > and & escaped as JSON escapes, so that no text can
    close its <script>; str.replace(), as str.translate() with a mapping
    costs some thirty times more."""
    return (
        json_text.replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )

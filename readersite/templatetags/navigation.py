"""{% site_header %} and {% site_footer %}: the parts every public page shows,
rendered in Python (readersite.navigation) from the page's context."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from readersite import navigation

register = template.Library()

# The context flags that mark a page's own link in the menu.
CURRENT_FLAGS = {"nav_home": "home", "nav_latest": "latest", "nav_epaper": "epaper"}


@register.simple_tag(takes_context=True)
def site_header(context):
    current = next((v for k, v in CURRENT_FLAGS.items() if context.get(k)), None)
    desks_of_page = {
        getattr(context.get("department"), "pk", None),
        getattr(context.get("article"), "department_id", None),
    }
    header = navigation.header_html(
        timezone.localdate(),
        current,
        context.get("nav_departments") or [],
        desks_of_page - {None},
    )
    # Safe: header_html() escapes every value it puts in the HTML.
    return mark_safe(header)


@register.simple_tag
def site_footer():
    footer = navigation.footer_html(timezone.localdate().year)
    # Safe: footer_html() escapes every value it puts in the HTML.
    return mark_safe(footer)

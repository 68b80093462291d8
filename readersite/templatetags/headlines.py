"""{% headline_list articles %}: a list of headlines, rendered in Python
(readersite.headlines)."""

from django import template
from django.utils.safestring import mark_safe

from readersite.headlines import headline_list_html

register = template.Library()


@register.simple_tag
def headline_list(articles, dated=False):
    html = headline_list_html(articles, dated)
    # Safe: headline_list_html() escapes every value it puts in the HTML.
    return mark_safe(html)

"""{% static_url "css/site.css" %}: {% static %}, found once per process
(readersite.static_urls)."""

from django import template

from readersite import static_urls

register = template.Library()


@register.simple_tag
def static_url(path):
    return static_urls.static_url(path)

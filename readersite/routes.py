"""The site's addresses by route name, reversed once per process.

reverse() takes about 15 µs; every page names a dozen routes in its header,
footer and list items. An address depends only on the route, its arguments,
the URLconf and the script prefix, which are the key here.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=128)
def reversed_route(name, arguments, prefix, urlconf):
    return reverse(name, kwargs=dict(arguments), urlconf=urlconf)


def route(name, **kwargs):
    """Return reverse(name, kwargs=kwargs), reversed once per process."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    arguments = tuple(sorted(kwargs.items()))
    return reversed_route(name, arguments, get_script_prefix(), urlconf)


def routes(names):
    """Return {name: route(name)} of routes without arguments, with the
    URLconf and script prefix looked up once (each lookup costs about as
    much as a cached address)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    prefix = get_script_prefix()
    return {name: reversed_route(name, (), prefix, urlconf) for name in names}

"""The site's department menu: the desks that have something to read."""

from typing import NamedTuple

from articles.models import public_desks
from newsroom import pagecache
from readersite import fragments


def navigation_departments():
    """Desks that have something to read, for the site's department menu."""
    return public_desks().only("name", "slug")


class NavDesk(NamedTuple):
    """A desk in the menu, as the template uses a Department. The list
    filter form offers the same desks (readersite.filter_form)."""

    pk: int
    name: str
    slug: str
    url: str

    def get_absolute_url(self):
        return self.url


def navigation_links():
    """Return the menu's desks as NavDesk, cached per content version.

    A scheduled article going live may give a desk its first article, so the
    menu is kept no longer than the page cache would keep a page.
    """
    return fragments.cached_piece(
        "nav",
        lambda: [
            NavDesk(d.pk, d.name, d.slug, d.get_absolute_url())
            for d in navigation_departments()
        ],
        deadline=pagecache.cache_deadline,
    )

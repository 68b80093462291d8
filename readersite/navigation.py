"""The site's department menu: the desks that have something to read."""

from typing import NamedTuple

from django.db.models import Exists, OuterRef

from articles.models import Article
from newsroom import pagecache
from people.models import Department
from readersite import fragments


def navigation_departments():
    """Desks that have something to read, for the site's department menu."""
    has_articles = Article.objects.published().filter(department=OuterRef("pk"))
    return Department.objects.filter(
        Exists(has_articles), kind=Department.Kind.DESK
    ).only("name", "slug")


class NavDesk(NamedTuple):
    """A desk in the menu, as the template uses a Department."""

    pk: int
    name: str
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
            NavDesk(d.pk, d.name, d.get_absolute_url())
            for d in navigation_departments()
        ],
        deadline=pagecache.cache_deadline,
    )

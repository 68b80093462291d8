"""The site's department menu: the desks that have something to read."""

import functools
import html
from typing import NamedTuple

from django.conf import settings

from articles.models import public_desks
from newsroom import pagecache
from people.models import Department
from readersite import fragments, items
from readersite.prepared import PreparedQuery
from readersite.routes import routes
from readersite.static_urls import static_url

HEADER_ROUTES = (
    "edition:newest",
    "articles:archive",
    "articles:feed",
    "front",
    "articles:index",
)
FOOTER_ROUTES = {
    "front": "首页",
    "edition:newest": "数字报",
    "articles:archive": "往期回顾",
    "articles:feed": "RSS",
    "articles:feed_atom": "Atom",
    "sitemap": "网站地图",
}


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


# The menu's query, compiled once (every page shows the menu).
MENU = PreparedQuery(
    Department, lambda at, ids: public_desks(at).values_list("pk", "name", "slug")
)


def menu_desks():
    """Return the menu's desks as NavDesk, read now."""
    links = items.Links()
    return [
        NavDesk(pk, name, slug, links.person_path("department", slug))
        for pk, name, slug in MENU.rows()
    ]


def navigation_links():
    """Return the menu's desks as NavDesk, cached per content version.

    A scheduled article going live may give a desk its first article, so the
    menu is kept no longer than the page cache would keep a page.
    """
    return fragments.cached_piece("nav", menu_desks, deadline=pagecache.cache_deadline)


@functools.lru_cache(maxsize=1024)
def escape(value):
    """html.escape() of the header's and footer's few values (addresses, the
    desks' names, the site's name), each escaped once per process."""
    return html.escape(str(value))


def aria_current(is_current):
    return ' aria-current="page"' if is_current else ""


def header_html(today, current, desks, current_desks):
    """Return the site header (templates/includes/site_header.html).

    current names the page's own link among "home", "latest" and "epaper";
    current_desks holds the pks of the desks the page belongs to. desks are
    the menu's (NavDesk, or Department when the menu is read uncached).
    """
    # Imported here: the template library imports the feeds, which import this.
    from articles.templatetags.news import zh_date, zh_weekday

    url = {name: escape(path) for name, path in routes(HEADER_ROUTES).items()}
    desk_links = "".join(
        f'<li><a href="{escape(desk.get_absolute_url())}"'
        f"{aria_current(desk.pk in current_desks)}>{escape(desk.name)}</a></li>\n"
        for desk in desks
    )
    return (
        '<header class="site-header">\n<div class="topbar">\n'
        '<div class="wrap topbar-inner">\n'
        f'<p class="topbar-date"><time datetime="{today.isoformat()}">'
        f"{zh_date(today)} {zh_weekday(today)}</time></p>\n"
        '<ul class="topbar-links">\n'
        f'<li><a href="{url["edition:newest"]}">数字报</a></li>\n'
        f'<li><a href="{url["articles:archive"]}">往期回顾</a></li>\n'
        f'<li><a href="{url["articles:feed"]}">RSS 订阅</a></li>\n'
        "</ul>\n</div>\n</div>\n"
        '<div class="wrap masthead">\n'
        f'<a class="brand" href="{url["front"]}">\n'
        f'<img class="brand-mark" src="{escape(static_url("logo.svg"))}" alt="" '
        'width="56" height="56">\n'
        f'<span class="brand-name">{escape(settings.SITE_NAME)}</span>\n</a>\n'
        '<form class="masthead-search" role="search" aria-label="全站搜索" '
        f'method="get" action="{url["articles:index"]}">\n'
        '<label class="visually-hidden" for="masthead-q">搜索新闻</label>\n'
        '<input id="masthead-q" type="search" name="q" maxlength="100" '
        'placeholder="搜索新闻" enterkeyhint="search">\n'
        '<button type="submit">搜索</button>\n</form>\n</div>\n'
        '<nav class="site-nav" aria-label="栏目">\n<div class="wrap">\n'
        '<ul class="site-nav-list">\n'
        f'<li><a href="{url["front"]}"{aria_current(current == "home")}>首页</a></li>\n'
        f'<li><a href="{url["articles:index"]}"{aria_current(current == "latest")}>'
        "最新</a></li>\n"
        f"{desk_links}"
        f'<li><a href="{url["edition:newest"]}"{aria_current(current == "epaper")}>'
        "数字报</a></li>\n"
        f'<li><a href="{url["articles:archive"]}">往期</a></li>\n'
        "</ul>\n</div>\n</nav>\n</header>\n"
    )


def footer_html(year):
    """Return the site footer (templates/includes/site_footer.html)."""
    url = {name: escape(path) for name, path in routes(FOOTER_ROUTES).items()}
    name = escape(settings.SITE_NAME)
    links = "".join(
        f'<li><a href="{url[route]}">{label}</a></li>\n'
        for route, label in FOOTER_ROUTES.items()
    )
    return (
        '<footer class="site-footer">\n<div class="wrap footer-inner">\n'
        f'<p class="footer-name">{name}</p>\n<ul class="footer-links">\n{links}</ul>\n'
        f'<p class="footer-note">© {year} {name} 版权所有。未经授权，不得转载。</p>\n'
        "</div>\n</footer>\n"
    )

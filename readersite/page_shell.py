"""The page around a public page's content (templates/base.html), in Python.

For a page whose head and content are built in Python already (the article
page, articles.article_page_html), going through the template engine only
to put them in base.html cost about a sixth of the uncached page. base.html
stays the other pages' template and this one's specification: a test
renders article pages both ways and requires the same HTML.
"""

from django.utils import timezone

from readersite import navigation
from readersite.items import escape
from readersite.static_urls import static_url


def page_html(title, meta, content, *, desks, desks_of_page=frozenset()):
    """Return the page: title is plain text, meta and content HTML; desks
    are the menu's, desks_of_page the pks of those the page belongs to."""
    today = timezone.localdate()
    header = navigation.header_html(today, None, desks, desks_of_page)
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"  <title>{escape(title)}</title>\n"
        f"  {meta}\n"
        '  <meta name="theme-color" content="#b3121c">\n'
        f'  <link rel="icon" href="{escape(static_url("favicon.svg"))}"'
        ' type="image/svg+xml">\n'
        f'  <link rel="stylesheet" href="{escape(static_url("css/site.css"))}">\n'
        "  \n</head>\n<body>\n"
        '  <a class="skip-link" href="#main">跳到正文</a>\n'
        f"  {header}\n"
        '  <main id="main" class="wrap site-main" tabindex="-1">\n'
        f"    {content}\n  </main>\n"
        f"  {navigation.footer_html(today.year)}\n"
        "  \n</body>\n</html>\n"
    )

"""Lists of headlines (templates/includes/headline_list.html), rendered in Python.

The front page shows about sixty headlines, in a block per desk and the
latest list; through the template engine they cost a quarter of the page.
Here a list is a string join over plain values, each escaped. The template
stays the specification: a test renders both and requires the same HTML.
"""

import datetime
import html
from typing import NamedTuple

from readersite.items import Links, time_html


class Headline(NamedTuple):
    """An article in a list of headlines."""

    pk: int
    headline: str
    published_at: datetime.datetime | None
    url: str


def headlines(rows, links=None):
    """Return rows (pk, headline, published_at, created_at, then anything) as
    Headline, each URL formatted from the URL pattern read once
    (Article.get_absolute_url() reverses it for every article)."""
    links = links or Links()
    return [
        Headline(pk, headline, published, links.article_url_of(pk, published or made))
        for pk, headline, published, made, *_ in rows
    ]


def headline_list_html(articles, dated=False):
    """Return the <ul> of articles (Headline), with their times if dated."""
    links = Links()
    entries = "".join(
        f'<li><a href="{html.escape(article.url)}">{html.escape(article.headline)}</a>'
        f"{' ' + time_html(links, article.published_at) if dated else ''}</li>\n"
        for article in articles
    )
    entries = entries or "<li>暂无稿件。</li>\n"
    return f'<ul class="headline-list">\n{entries}</ul>\n'

"""Pieces of the article page rendered in Python, from plain values.

The byline (templates/includes/byline.html) and the links to the previous,
next and related articles (templates/articles/includes/article_links.html)
are string joins with every value escaped, as list items are
(readersite.items). The templates stay the specification: a test renders
both ways, hostile text included, and requires the same HTML.
"""

from django.utils.safestring import mark_safe

from readersite.items import byline_html, escape


def article_url(links, article):
    """The path of article (an Article or a Neighbour), as get_absolute_url()."""
    moment = article.published_at or getattr(article, "created_at", None)
    return links.article_url_of(article.pk, moment)


def byline(links, people):
    """The byline of people (article_page.Person), as includes/byline.html."""
    names = {"reporter": [], "correspondent": []}
    for person in people:
        names[person.kind].append((person.name, person.slug))
    html = byline_html(links, names["reporter"], names["correspondent"])
    # Safe: byline_html() escapes every value; the template file ends with
    # a newline.
    return mark_safe(html + "\n")


def pager_link(links, article, css_class, rel, label):
    if article is None:
        return ""
    return (
        f'<a class="{css_class}" rel="{rel}" '
        f'href="{escape(article_url(links, article))}">'
        f'<span class="pager-label">{label}</span> '
        f'<span class="pager-title">{escape(article.headline)}</span></a>'
    )


def related_item(links, article):
    # Imported here: the template tags import the feeds, which import the
    # reader site's pages, which render list items with these filters.
    from articles.templatetags.news import local_date_text, local_machine_time

    at = links.local(article.published_at)
    url = links.article.format(at.date(), article.pk)
    return (
        f'\n    <li><a href="{escape(url)}">{escape(article.headline)}</a> '
        f'<time datetime="{local_machine_time(at)}">{local_date_text(at)}</time>'
        "</li>\n    "
    )


def neighbour_links(links, previous_article, next_article, related):
    """The pager and related list, as articles/includes/article_links.html."""
    html = ""
    if previous_article or next_article:
        previous_link = pager_link(
            links, previous_article, "pager-prev", "prev", "上一篇"
        )
        next_link = pager_link(links, next_article, "pager-next", "next", "下一篇")
        html += (
            '\n<nav class="article-pager" aria-label="上一篇与下一篇">\n'
            f"  {previous_link}\n  {next_link}\n</nav>\n"
        )
    html += "\n\n"
    if related:
        items = "".join(related_item(links, article) for article in related)
        html += (
            '\n<section class="related" aria-labelledby="related-heading">\n'
            '  <h2 id="related-heading" class="section-title">相关报道</h2>\n'
            '  <ul class="related-list">\n'
            f"    {items}\n  </ul>\n</section>\n"
        )
    # Safe: every value is escaped above.
    return mark_safe(html + "\n")

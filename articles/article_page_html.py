"""The article page's head and content, rendered in Python from plain values.

Through the template engine the page's meta tags and its article (header,
photos, corrections, 编者按, body, footer) cost about a third of an
uncached page; here they are string joins with every value escaped, as the
byline and neighbour links are (articles.article_html). The templates
(articles/article_detail.html and the figure and corrections includes) stay
the specification: a test renders both ways, hostile text included, and
requires the same HTML.

values is what the page's template would get beside the article:
article_context() in articles.views, and is_preview.
"""

from django.conf import settings
from django.utils.safestring import mark_safe

from articles.templatetags.news import (
    json_ld,
    machine_time,
    print_edition,
    size_attributes,
    zh_date,
    zh_datetime,
)
from readersite.items import escape
from readersite.routes import route

ROBOTS = '<meta name="robots" content="noindex, nofollow">'
PUBLISHED_TIME = '<meta property="article:published_time" content="{}">'
MODIFIED_TIME = '<meta property="article:modified_time" content="{}">'
SECTION = '<meta property="article:section" content="{}">'
PREVIEW_BANNER = '<p class="preview-banner" role="note">预览：此稿件读者尚不可见。</p>'


def shown(values, name):
    """values[name], called if callable, as a template variable would be."""
    value = values.get(name, "")
    return value() if callable(value) else value


def head(article, values):
    """The meta tags and JSON-LD of the page's meta block."""
    summary = escape(article.summary)
    headline = escape(article.headline)
    canonical = values.get("canonical_url")
    image = values.get("social_image_url")
    department = article.department
    card = "summary_large_image" if values.get("social_image_is_photo") else "summary"
    lines = [
        f'<meta name="description" content="{summary}">',
        ROBOTS if values.get("is_preview") else "",
        optional('<link rel="canonical" href="{}">', canonical),
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{escape(settings.SITE_NAME)}">',
        '<meta property="og:locale" content="zh_CN">',
        f'<meta property="og:title" content="{headline}">',
        f'<meta property="og:description" content="{summary}">',
        optional('<meta property="og:url" content="{}">', canonical),
        optional('<meta property="og:image" content="{}">', image),
        optional(PUBLISHED_TIME, machine_time(article.published_at)),
        optional(MODIFIED_TIME, machine_time(article.modified_at)),
        optional(SECTION, department.name) if department else "",
        f'<meta name="twitter:card" content="{card}">',
        f'<meta name="twitter:title" content="{headline}">',
        f'<meta name="twitter:description" content="{summary}">',
        optional('<meta name="twitter:image" content="{}">', image),
        json_ld(shown(values, "structured_data")),
    ]
    # Safe: every value is escaped above; json_ld() escapes its own.
    return mark_safe("\n  " + "\n  ".join(lines) + "\n")


def content(article, values):
    """The article of the page's content block, then the neighbour links."""
    photos = list(getattr(article, "photos", None) or [])
    lead = figure(article, photos[0]) if photos else ""
    others = "".join(figure(article, photo) for photo in photos[1:])
    html = (
        f'\n<article class="article">\n{header(article, values)}\n\n  \n'
        f"  {lead}\n\n  {corrections(values.get('corrections'))}\n"
        f"  {editor_note(article.editor_note)}\n\n"
        f'  <div class="article-body">\n    {body(article)}\n  </div>\n\n'
        f"  {others}\n  \n\n  {footer(article, values)}\n</article>\n\n"
        f"{shown(values, 'links_html')}"
    )
    # Safe: every value is escaped where it is joined in.
    return mark_safe(html)


def header(article, values):
    department = article.department
    section = (
        '<p class="article-section"><a href="'
        f"{escape(route('people:department', slug=department.slug))}"
        f'">{escape(department.name)}</a></p>'
        if department
        else ""
    )
    at = article.published_at
    lines = [
        PREVIEW_BANNER if values.get("is_preview") else "",
        section,
        optional('<p class="article-kicker">{}</p>', article.kicker),
        f'<h1 class="article-headline">{escape(article.headline)}</h1>',
        optional('<p class="article-subheadline">{}</p>', article.subheadline),
        '<div class="article-meta">',
        "  <p>",
        "    "
        + optional('<span class="article-source">{}</span>', article.source_label),
        f'    <time datetime="{escape(machine_time(at))}">'
        f"{escape(zh_datetime(at))}</time>"
        if at
        else "    ",
        "  </p>",
        f'  <p class="byline">{shown(values, "byline_html")}</p>',
        "</div>",
    ]
    return (
        '  <header class="article-header">\n    '
        + "\n    ".join(lines)
        + "\n  </header>"
    )


def optional(html, value):
    """html with value escaped in, or nothing when value is empty."""
    return html.format(escape(value)) if value else ""


def figure(article, photo):
    """A photo, as includes/figure.html."""
    image = photo.detail_rendition or photo.image
    alt = escape(photo.caption or article.headline)
    caption = ""
    if photo.caption or photo.credit:
        credit = optional(' <span class="figure-credit">图/{}</span>', photo.credit)
        caption = f"<figcaption>{escape(photo.caption)}{credit}</figcaption>"
    return (
        '<figure class="article-figure">\n'
        f'  <img src="{escape(image.url)}" {size_attributes(image)} alt="{alt}" '
        f'decoding="async">\n  {caption}\n</figure>\n'
    )


def corrections(published):
    """The published corrections, as editorial/includes/corrections.html."""
    if not published:
        return "\n"
    items = "".join(
        f'<p class="correction"><time datetime="{escape(machine_time(c.published_at))}">'
        f"{escape(zh_date(c.published_at))}</time> {escape(c.text)}</p>\n  "
        for c in published
    )
    return (
        '<aside class="article-corrections" aria-labelledby="corrections-heading">\n'
        '  <h2 id="corrections-heading" class="correction-heading">更正</h2>\n'
        f"  {items}\n</aside>\n"
    )


def editor_note(note):
    if not note:
        return ""
    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in note.splitlines() if line.strip()
    )
    return f'<aside class="editor-note" aria-label="编者按">{paragraphs}</aside>'


def body(article):
    return "".join(
        f'<h2 class="article-subheading">{escape(text)}</h2>\n    '
        if is_subheading
        else f"<p>{escape(text)}</p>\n    "
        for text, is_subheading in article.body_blocks
    )


def footer(article, values):
    editor = values.get("responsible_editor")
    printed = getattr(article, "printed", None)
    batch = article.import_batch
    if not (printed or batch or editor):
        return ""
    if printed:
        # The template's line break before {% elif %} is in this branch.
        provenance = f'<p class="provenance">本文刊于 {placements(printed)}</p>\n    '
    elif batch:
        provenance = f'<p class="provenance">{escape(print_edition(batch))}</p>'
    else:
        provenance = ""
    return (
        '\n  <footer class="article-footer">\n    '
        + optional('<p class="responsible-editor">责任编辑：{}</p>', editor)
        + f"\n    {provenance}\n  </footer>\n  "
    )


def placements(printed):
    """Links to the pages the article was printed on, where it begins first."""
    links = []
    for placed in printed:
        page = placed.page
        name = f" {escape(page.name)}" if page.name else ""
        links.append(
            f'<a href="{escape(page.get_absolute_url())}">'
            f"{escape(zh_date(page.issue.date))} {escape(page.display_label)}"
            f"{name}</a>"
        )
    return "，转 ".join(links)

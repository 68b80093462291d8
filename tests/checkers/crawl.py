"""Follow every internal link from `/` and every sitemap URL; record each answer."""

import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from urllib.parse import (
    parse_qsl,
    quote,
    unquote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

MAX_PAGES = 3000
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Attributes that point at something a reader's browser fetches or follows.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "form": "action",
}


class PageParser(HTMLParser):
    """Collect the links of a page and what the checkers read of its head."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.images = []
        self.title = ""
        self.description = None
        self.canonical = None
        self.robots = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = LINK_ATTRIBUTES.get(tag)
        if name and attrs.get(name) is not None:
            if tag != "form" or attrs.get("method", "get").lower() == "get":
                self.links.append(attrs[name])
        if tag == "img":
            self.images.append(attrs)
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content", "")
        elif tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse_page(text):
    parser = PageParser()
    parser.feed(text)
    parser.close()
    parser.title = " ".join(parser.title.split())
    return parser


def sitemap_locations(body):
    root = ET.fromstring(body)
    return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc") if loc.text]


def normalise(site, base, link):
    """The internal path (with query) a link points to, or None for another site."""
    if link.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urljoin(base, link)
    if not site.is_own(url):
        return None
    parts = urlsplit(url)
    # One spelling per address: 时政 and %E6%97%B6%E6%94%BF are the same page.
    path = quote(unquote(parts.path or "/"))
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(("", "", path, query, ""))


def crawl(site, starts=("/", "/sitemap.xml", "/robots.txt")):
    """Return {path: (Response, referrer)} for everything reachable from starts."""
    seen = {}
    queue = deque((normalise(site, site.url, path), "(start)") for path in starts)
    while queue:
        path, referrer = queue.popleft()
        if path in seen:
            continue
        if len(seen) >= MAX_PAGES:
            raise AssertionError(f"more than {MAX_PAGES} pages: the crawl runs away")
        response = site.get(path, headers={"Accept-Encoding": "gzip"})
        seen[path] = (response, referrer)
        if response.status != 200:
            continue
        if response.content_type == "text/html":
            links = parse_page(response.text).links
        elif path.startswith("/sitemap") and path.endswith(".xml"):
            links = sitemap_locations(response.body)
        elif path == "/robots.txt":
            links = [
                line.split(":", 1)[1].strip()
                for line in response.text.splitlines()
                if line.lower().startswith("sitemap:")
            ]
        else:
            links = []
        for link in links:
            target = normalise(site, site.url + path, link)
            if target and target not in seen:
                queue.append((target, path))
    return seen

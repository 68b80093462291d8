"""Checks that a rendered page carries hostile text only as text."""

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
SCRIPT_CLOSE = "</script><script>alert(2)</script>"
# Raw fragments that may only ever appear escaped.
RAW_MARKERS = ("<script>alert", "<img src=x", "</script><script>")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
HTML_TYPED_FEED_FIELDS = (
    "channel/item/description",
    "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary",
    "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content",
)


def without_spaces(value):
    return re.sub(r"[\x00-\x20\x7f]+", "", value or "").lower()


class MarkupAudit(HTMLParser):
    """Collect every sign that text became markup: handlers, scripts, URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.data_blocks = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and without_spaces(value).startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and attributes.get("src") == "x":
            self.problems.append("an injected <img src=x>")
        if tag == "script":
            self._script = (attributes, [])

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attributes, chunks = self._script
        self._script = None
        text = "".join(chunks)
        if "src" in attributes:
            if text.strip():
                self.problems.append("a <script src> with inline code")
            return
        if attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.problems.append(f"an inline script: {text[:80]!r}")
            return
        try:
            self.data_blocks.append(json.loads(text))
        except ValueError:
            self.problems.append(f"a data block that is not JSON: {text[:80]!r}")


def markup_problems(html):
    """Return what is wrong with an HTML page; an empty list if nothing."""
    problems = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in html]
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    return problems + audit.problems


def data_blocks(html):
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.data_blocks


def xml_problems(content):
    """Return what is wrong with a feed or sitemap; an empty list if nothing.

    Besides well-formedness, fields that feeds declare as HTML (RSS
    description, Atom summary/content of type html) are decoded once more,
    as a feed reader would, and audited as HTML.
    """
    text = content.decode("utf-8")
    problems = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in text]
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        return [*problems, f"not well-formed XML: {error}"]
    for path in HTML_TYPED_FEED_FIELDS:
        for element in root.iterfind(path):
            if path.endswith("description") or element.get("type") == "html":
                problems += [
                    f"{element.tag} as HTML: {p}"
                    for p in markup_problems(element.text or "")
                ]
    return problems

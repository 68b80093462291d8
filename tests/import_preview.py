"""Post the admin's import preview as a browser would."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collect what a browser would post from the page's #importbatch_form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.inside, self.textarea, self.select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "importbatch_form"
        if self.inside and tag == "option" and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        if not self.inside or "name" not in attrs:
            return
        if tag == "input" and attrs.get("type") not in ("submit", "checkbox"):
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[attrs["name"]] = "on"
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""
        elif tag == "select":
            self.data[attrs["name"]] = ""
            self.select = attrs["name"]

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_data(response):
    """Return the preview form's fields as a browser would post them."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data

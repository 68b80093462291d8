"""Page labels (版次) as printed, made comparable: "第3版" and "3", "Ａ２" and "A2".

Pure Python: the importer's filing and the models both use it.
"""

import re
import unicodedata

CHINESE_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
LABEL_RE = re.compile(r"^第?\s*([A-Z]{0,2})\s*(\d{1,3})\s*版?$")
# Labels that do not follow a section letter and a number sort after all others.
UNKNOWN_SORT_KEY = 999_999


def chinese_number(text):
    """Return "十二" as "12"; text without Chinese numerals unchanged."""

    def convert(match):
        word = match.group(0)
        if "十" not in word:
            return "".join(str(CHINESE_DIGITS[ch]) for ch in word)
        tens, _, units = word.partition("十")
        value = (CHINESE_DIGITS[tens] if tens else 1) * 10
        return str(value + (CHINESE_DIGITS[units] if units else 0))

    return re.sub(r"[〇零一二两三四五六七八九十]+", convert, text)


def normalize_label(raw):
    """Return the label in its canonical form ("A2", "3"), or "" if raw names
    no page. A label that is not a section letter and number ("特刊") is kept
    as given, spaces removed."""
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    text = "".join(text.split())
    if not text:
        return ""
    match = LABEL_RE.match(chinese_number(text))
    if not match:
        return text
    section, number = match.groups()
    return f"{section}{int(number)}"


def split_label(label):
    """Return (section, number) of a canonical label, or None."""
    match = LABEL_RE.match(label)
    if not match:
        return None
    return match.group(1), int(match.group(2))


def sort_key(label):
    """Return an integer that orders labels as printed: 1 < 2 < 10, A1 < A2 <
    A10 < B1; labels without a section letter first."""
    parts = split_label(label)
    if parts is None:
        return UNKNOWN_SORT_KEY
    section, number = parts
    rank = 0
    for letter in section:
        rank = rank * 27 + (ord(letter) - ord("A") + 1)
    return rank * 1000 + number


def is_front(label):
    """Whether the label names the paper's front page: 1, A1 (not B1)."""
    return split_label(label) in (("", 1), ("A", 1))


def display_label(label):
    """Return the label as readers see it: "第A2版", "第3版"."""
    if split_label(label) is None:
        return label
    return f"第{label}版"

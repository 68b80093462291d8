"""Character-level differences between two texts, for Chinese copy.

Chinese has no spaces between words, so a word or line diff marks whole
sentences changed for one wrong character. Texts are compared paragraph by
paragraph first (bounding the work on long bodies), then the changed
paragraphs character by character. Pure Python, no Django.
"""

from difflib import SequenceMatcher

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


def char_diff(old, new):
    """Return [(kind, text)] turning old into new, kind EQUAL, INSERT or DELETE."""
    old, new = old or "", new or ""
    if old == new:
        return [(EQUAL, old)] if old else []
    old_lines, new_lines = old.splitlines(True), new.splitlines(True)
    pieces = []
    lines = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            pieces.append((EQUAL, before))
        elif tag == "replace":
            pieces += _chars(before, after)
        elif tag == "delete":
            pieces.append((DELETE, before))
        else:
            pieces.append((INSERT, after))
    return _merged(pieces)


def _chars(old, new):
    pieces = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((EQUAL, old[i1:i2]))
            continue
        if tag in ("replace", "delete"):
            pieces.append((DELETE, old[i1:i2]))
        if tag in ("replace", "insert"):
            pieces.append((INSERT, new[j1:j2]))
    return pieces


def _merged(pieces):
    """Join neighbouring pieces of the same kind; drop empty ones."""
    merged = []
    for kind, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged

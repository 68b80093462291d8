"""Editor's notes (编者按, 编者的话): kept with an article, apart from its body."""

from __future__ import annotations

import re

_EDITOR_NOTE_RE = re.compile(
    r"[【\[［(（]?\s*(?:编者按语|编者按|编者的话|编前语|编前话|编者注|编后语|编后)\s*[】\]］)）]?"
    r"\s*[:：]?"
)


def is_editor_note(text: str) -> bool:
    """Tell a line that opens an editor's note: `编者按:…`, `【编者的话】…`."""
    if "编" not in text[:4]:
        return False
    match = _EDITOR_NOTE_RE.match(text)
    return match is not None and len(text) > match.end()


def is_editor_note_label(text: str) -> bool:
    """Tell a line that is only the label of a note: `编者按:`, `【编者的话】`.

    Its text is printed on the lines below.
    """
    if "编" not in text[:4]:
        return False
    match = _EDITOR_NOTE_RE.match(text)
    return match is not None and match.end() == len(text)

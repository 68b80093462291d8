"""Photo captions: they belong to an article, but not to its body.

A caption is a line that opens with a caption mark (`图为…`, `▲`, `▶`, a
circled number `①`, `上图:`), a picture's credit standing alone (`(图片由
城东镇提供)`, `(资料图片)`), or a short line of caption text that ends in
a photo credit (`图为大会会场。 (本报记者 孙洪涛摄)`, `…堆积。(邱韵 摄)`).
The credit names a photographer, not a reporter. A credit standing alone
(`记者 姜一峰 通讯员 戴汉卫 摄`) or glued to a long paragraph is a byline
instead, and is read as one elsewhere.
"""

from __future__ import annotations

import re

from .chars import _compact_len
from .furniture import _CREDIT_HEAD_RE

_CAPTION_MARK_RE = re.compile(
    r"图为|图片为|[▲△▶►▷◀]"
    r"|(?:上|下|左|右|中|本版|组|题)?图[①-⑳\d一二三四五六七八九十]?\s*[:：]"
    r"|图片说明\s*[:：]?"
)
_CIRCLED_RE = re.compile(r"[①-⑳]")
_MARK_STARTS = frozenset("图上下左右中本组题▲△▶►▷◀") | {
    chr(c) for c in range(0x2460, 0x2474)
}
# …会场。 (本报记者 孙洪涛摄), …堆积。(邱韵 摄), …现场。 张三/摄, …摄影报道
_PHOTO_CREDIT_RE = re.compile(
    r"(?:[(（]\s*[^()（）]{1,24}?\s*/?\s*摄(?:影)?(?:报道)?\s*[)）]"
    r"|\s[^\s。()（）]{2,20}?\s*/?\s*摄(?:影)?(?:报道)?)$"
)
_MAX_CREDITED_CAPTION = 40  # compact characters of text before the credit


# A photo's credit standing alone: (图片由城东镇提供), (资料图片), （本报资料图）
_PICTURE_CREDIT_RE = re.compile(
    r"[(（]\s*[^()（）]{0,16}(?:图片|照片|资料图|供图|配图)[^()（）]{0,16}\s*[)）]"
)


def is_caption(text: str) -> bool:
    """Tell whether a line is a photo caption (see the module's docstring)."""
    if text[:1] in "(（" and _PICTURE_CREDIT_RE.fullmatch(text):
        return True
    if text[:1] not in _MARK_STARTS and "摄" not in text[-30:]:
        return False  # most lines: no mark, no credit
    if _CAPTION_MARK_RE.match(text):
        return True
    if _CIRCLED_RE.match(text):
        # ①加强领导。 is a list item in the body; a caption is one phrase.
        return text[-1] not in "。；;"
    if "摄" not in text[-30:]:
        return False
    credit = _PHOTO_CREDIT_RE.search(text, max(0, len(text) - 40))
    if credit is None:
        return False
    before = text[: credit.start()].strip()
    if not before or _CREDIT_HEAD_RE.fullmatch(before):  # 新华社发（记者 X 摄）
        return False
    return _compact_len(before) <= _MAX_CREDITED_CAPTION

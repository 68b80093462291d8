"""Decode a page's bytes and normalise its text and people's names."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from .model import ParseError, _quoted

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Line ends other than LF, each made one LF: CRLF, CR, vertical tab, form
# feed, NEL, the Unicode line and paragraph separators.
_NEWLINES_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Control characters (but tab and newline), byte-order marks, zero-width
# spaces and lone surrogates, which no output encoding accepts.
_JUNK_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\u200b\ud800-\udfff]")
# What counts against a text file: control characters but the line ends and
# tabs (NULs included).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f]")


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return the page's text and the name of the encoding it was read with.

    Without an encoding, try a byte-order mark, then UTF-8, then GB18030
    (which covers GBK and GB2312).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("版面内容必须以字节形式传入。")
    data = bytes(data)
    if not data:
        raise ParseError("文件是空的。")
    text, name = _decode_as(data, encoding) if encoding else _detect(data)
    _reject_binary(text)
    # Stray NULs are debris of PDF text extraction; PostgreSQL refuses them.
    return text.lstrip("\ufeff").replace("\x00", ""), name


def _decode_as(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
        return data.decode(name), name
    except (LookupError, TypeError, ValueError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            raise ParseError(
                f"文件不是有效的 {encoding} 文本：偏移 {exc.start} 处的字节无法解码。"
            ) from exc
        raise ParseError(f"未知编码或非文本编码：{_quoted(str(encoding))}。") from exc


def _detect(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name
            except UnicodeDecodeError:
                continue
    if b"\x00" in data:
        # A few NULs in UTF-8 text are dropped; NULs in anything else mean a
        # binary or BOM-less UTF-16 file, which GB18030 would turn to garbage.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise ParseError("文件像是二进制文件：含有空字节（NUL）。") from None
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise ParseError("文件既不是 UTF-8 文本，也不是 GB18030 文本。")


@lru_cache(maxsize=1)
def _is_plain(text: str) -> bool:
    """Tell whether text holds only printable characters, spaces and line ends.

    Such text has nothing for the regexes below to count or drop, and
    str.isprintable() tells it much faster than they can. The last answer is
    kept: `decode_page` asks about a page and `parse_page` about the same text
    just after, and the string's hash and identity are cheaper to check than
    its characters.
    """
    text = text.replace("\r", "").replace("\t", "").replace("\u3000", "")
    return all(map(str.isprintable, text.split("\n")))


def _reject_binary(text: str) -> None:
    if _is_plain(text):
        return
    # NULs count as control characters: many of them mean a binary file.
    controls = len(_CONTROL_RE.findall(text))
    if controls >= 2 and controls * 20 > len(text):
        raise ParseError("文件像是二进制文件：含有大量控制字符。")


def normalize_text(text: str) -> str:
    """Return text with LF line ends and without control or zero-width chars."""
    if "\r" in text:  # most pages have LF line ends already
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _is_plain(text):
        return text
    return _JUNK_RE.sub("", _NEWLINES_RE.sub("\n", text))


_DOTS = str.maketrans("•・‧∙", "····")
# Compatibility characters common in Chinese text: general punctuation (…),
# enclosed numbers (①), the ideographic space, CJK compatibility and small
# forms, and half- and full-width forms (，：（）Ａ１).
_COMPATIBILITY_BLOCKS = (
    (0x2000, 0x2070),
    (0x2460, 0x2500),
    (0x3000, 0x3001),
    (0xFE30, 0xFE70),
    (0xFF00, 0xFFF0),
)
_DECOMPOSED = {
    ch: unicodedata.normalize("NFKD", ch)
    for start, end in _COMPATIBILITY_BLOCKS
    for ch in map(chr, range(start, end))
    if unicodedata.normalize("NFKD", ch) != ch
}
_COMPATIBILITY_RE = re.compile(f"[{''.join(map(re.escape, _DECOMPOSED))}]")


def normalize_name(name: str) -> str:
    """Return a person's name in the form used to match people."""
    name = unicodedata.normalize("NFKC", name)
    return "".join(name.split()).translate(_DOTS)


def decompose_compatibility(text: str) -> str:
    """Return text with common compatibility characters decomposed (NFKD).

    The NFKC form of the result is that of text: NFKC composes the full
    compatibility decomposition, which replacing a character by its own does
    not change. But Chinese text with full-width punctuation is seldom NFKC
    already, and unicodedata.normalize() then works through it character by
    character; once these few characters are decomposed it usually finds the
    text normalised at a glance, several times faster.
    """
    return _COMPATIBILITY_RE.sub(lambda match: _DECOMPOSED[match.group()], text)

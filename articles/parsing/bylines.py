"""Read reporters' and correspondents' names out of a byline."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .chars import _HAN
from .names import COMPOUND_SURNAMES, SURNAMES, is_name_shaped

_ROLE_MODIFIERS = (
    "本报|本台|本刊|本网|新华社|中新社|人民日报|总台|央视|央广|特派|特约|首席|资深"
    "|见习|实习|全媒体|融媒体|融媒|摄影|摄像|驻[" + _HAN + "]{1,4}?"
    "|[" + _HAN + "]{1,10}?(?:报|台|网|社|刊)·?"  # a paper's own: 大河报记者
)
_ROLES = "(?:记者|記者|通讯员|通訊員)"  # traditional forms too
_CORRESPONDENT = ("通讯员", "通訊員")
_ROLE_PREFIX_RE = re.compile(f"(?:(?:{_ROLE_MODIFIERS})*{_ROLES}|实习生|實習生)")
_ROLE_WORD_RE = re.compile(f"[{_HAN}·]{{0,8}}{_ROLES}|实习生|實習生")
# Credit words: 文, 图, 摄, 文/图, 摄影报道, 采访整理...
_CREDIT_WORD_RE = re.compile("[文图摄攝影像报報道采写访整理撰供制视频·]{1,6}")
# Every alternative starts with a plain character, so that a search skips
# ahead to the next possible first character.
_BYLINE_HINT_RE = re.compile(
    "记者|記者|通讯员|通訊員|实习生|文|图|摄|攝|报道|采写|整理|视频"
)
_NAME_RE = re.compile(f"[{_HAN}]{{2,4}}")
_GLUED_NAMES_RE = re.compile(f"[{_HAN}]{{5,9}}")
_ETHNIC_NAME_RE = re.compile(f"[{_HAN}]{{1,8}}(?:[·•・‧][{_HAN}]{{1,8}}){{1,3}}")
_ALL_SEPARATORS = re.compile(r"[\s、，,/／:：;；|]+")
_DECORATIONS = "□■◇◆○●◎★☆▲△▼▽※—"
# Marks printed before a byline, never part of a name: □记者 X, ■X Y, and a
# stray letter OCR made of a glyph (N本报记者 X).
_BYLINE_MARKS_RE = re.compile(
    f"[{_DECORATIONS}\\s]*(?:[A-Za-zＡ-Ｚａ-ｚ](?=本报|本台|记者|通讯员|实习生|见习|特约|首席))?"
)
# Credits for a group, not a person: 成都日报报业集团特别报道组, 本报评论员.
_GROUP_CREDIT_RE = re.compile(
    f"[{_HAN}]{{0,16}}(?:报道组|采访组|报道团|采访团|调研组|课题组|专题组|策划组|记者组"
    "|评论员|编辑部|工作室)"
)
# Another organisation's reporter in a labelled byline: 满洲里电台王金玲.
_ORGANISATION_NAME_RE = re.compile(
    f"[{_HAN}]{{1,10}}?(?:广播电视台|电视台|广播电台|电台|日报社|日报|晚报|都市报|商报"
    f"|报社|新华社|通讯社|新闻网|融媒体中心)(?P<name>[{_HAN}]{{2,4}})"
)


@dataclass(frozen=True)
class Byline:
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


def _is_person_name(name: str, glued: bool) -> bool:
    """A name glued to its label (记者王军) must start with a surname."""
    return is_name_shaped(name, bare=glued)


def _split_names(text: str) -> list[str]:
    """Split names printed without a space (曾坤颜世贵), when only one split fits.

    Each name has two or three characters and starts with a surname.
    """
    if not _GLUED_NAMES_RE.fullmatch(text):
        return []
    found, todo = [], [(0, ())]
    while todo:
        at, parts = todo.pop()
        if at == len(text):
            found.append(list(parts))
        for size in (2, 3):
            part = text[at : at + size]
            if len(part) == size and part[0] in SURNAMES:
                todo.append((at + size, (*parts, part)))
    return found[0] if len(found) == 1 else []


def _tokens(text: str, separators: re.Pattern = _ALL_SEPARATORS) -> list[str]:
    """Split a byline; a two-character name padded with a space is one name.

    `李 明` → `李明`: two single Han characters in a row make one name.
    """
    tokens = [t for t in separators.split(text) if t]
    merged: list[str] = []
    for token in tokens:
        if (
            len(token) == 1
            and merged
            and len(merged[-1]) == 1
            and _NAME_RE.fullmatch(merged[-1] + token)
        ):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def _signature(text: str, bracketed: bool = False) -> Byline | None:
    """Read `(任工)`, `揭英栋 苏剑文`: bare names signing a brief.

    Without a label, each name must start with a known surname and have at
    most three characters (four with a compound surname); in brackets, a
    name with `·` (`(阿依古丽·买买提)`) signs too.
    """
    parts = _tokens(text.strip())
    if parts and all(
        (bracketed and "·" in p and is_name_shaped(p))
        or (
            is_name_shaped(p, bare=True)
            and "·" not in p
            and (len(p) <= 3 or p[:2] in COMPOUND_SURNAMES)
        )
        for p in parts
    ):
        return Byline(tuple(parts))
    return None


def _signature_line(text: str) -> Byline | None:
    """Read a line that only signs: `(任工)`, `□陈曦`, `■徐坚波 陈卫东`."""
    if len(text) > 24:
        return None
    if text[:1] in "(（" and text[-1:] in ")）":
        return _signature(text[1:-1], bracketed=True)
    return _signature(text[1:]) if text[:1] in _DECORATIONS else None


def _strip_name_suffix(name: str) -> str:
    for suffix in ("摄影报道", "报道", "摄"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


_LABEL_ONLY_RE = re.compile(
    f"[{_DECORATIONS}\\s]*(?:[A-Za-z])?(?:(?:文|图|摄|文/图|文/摄|图/文)\\s*)?"
    f"(?:{_ROLE_PREFIX_RE.pattern})\\s*[:：]?"
)


def is_byline_label(text: str) -> bool:
    """Tell a line that is only a byline's label (`本报记者`, `□通讯员`).

    Its names are printed on the next line: a byline broken over two lines.
    """
    return len(text) <= 16 and _LABEL_ONLY_RE.fullmatch(text) is not None


def parse_byline(text: str, separators: re.Pattern = _ALL_SEPARATORS) -> Byline | None:
    """Return the names in a text that is nothing but a byline, else None.

    `记者 王译博 董茜 通讯员 张昕嫣`, `本报记者刘明培`, `(记者 杨文静)`,
    `文/摄 记者 张晨`, `记者 X 文 Y 图`: names follow their label, split on
    spaces, 、 and commas; names before any label (`X 摄`) are reporters.
    """
    text = text.strip()
    if text[:1] in _DECORATIONS or text[:1].isascii():
        text = text[_BYLINE_MARKS_RE.match(text).end() :]
    if len(text) > 80 or not _BYLINE_HINT_RE.search(text):
        return None
    return _read_byline(text, separators)


# The same few bylines recur on every page: remember the latest ones read.
@functools.lru_cache(maxsize=4096)
def _read_byline(text: str, separators: re.Pattern) -> Byline | None:
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    names: dict[str, list[str]] = {"r": [], "c": []}
    role, labelled = "r", False
    for token in _tokens(text, separators):
        if (
            _CREDIT_WORD_RE.fullmatch(token)
            or token.startswith("发自")
            or _GROUP_CREDIT_RE.fullmatch(token)
        ):
            labelled = True
            continue
        label = _ROLE_WORD_RE.fullmatch(token) or _ROLE_PREFIX_RE.match(token)
        if label:
            role = "c" if label.group().endswith(_CORRESPONDENT) else "r"
            labelled = True
            token = token[label.end() :]
            if not token:
                continue
        name = _strip_name_suffix(token)
        if name != token and not label and not _is_person_name(name, glued=True):
            continue  # 北京报道: where it was reported from
        found = [name] if _is_person_name(name, bool(label)) else _split_names(name)
        if not found and labelled and (org := _ORGANISATION_NAME_RE.fullmatch(name)):
            found = (
                [org.group("name")] if _is_person_name(org.group("name"), True) else []
            )
        if not found:
            return None
        names[role].extend(found)
    if not labelled or not (names["r"] or names["c"]):
        return None
    return Byline(tuple(names["r"]), tuple(names["c"]))

"""Turn the raw text of a Chinese newspaper page into articles.

The rules are those a copy editor applies to a page pulled out of a PDF: a
title run (kicker, headline, subheadline) above the body, a lead that opens
with its 电头 (本报讯, 新华社北京3月28日电 ...), paragraphs separated by blank
lines and rejoined where a column break split a sentence, bylines above, inside
or below the body, and page furniture (page numbers, edition and 责编 lines,
column labels, source credits) that belongs to no article.

Standard library only: the importer command and the tests import this module
without loading Django.
"""

from __future__ import annotations

import codecs
import datetime
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass


class ParseError(ValueError):
    """Input that is not a newspaper page: binary, undecodable or empty."""


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    subheadline: str = ""
    kicker: str = ""
    source_label: str = ""
    dateline_date: datetime.date | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    position: int = 0
    line_number: int = 0
    warnings: tuple[str, ...] = ()
    ambiguous_title: bool = False


@dataclass(frozen=True)
class ParsedPage:
    articles: tuple[ParsedArticle, ...]
    warnings: tuple[str, ...] = ()


# --- Decoding and normalising -------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINES = {0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"}
# Control characters (but tab and newline), byte-order marks, zero-width
# spaces and lone surrogates, which no output encoding accepts.
_JUNK_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\u200b\ud800-\udfff]")


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return the page's text and the name of the encoding it was read with.

    Without an encoding, try a byte-order mark, then UTF-8, then GB18030
    (which covers GBK and GB2312).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("The page must be given as bytes.")
    data = bytes(data)
    if not data:
        raise ParseError("The file is empty.")
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
                f"The file is not valid {encoding}: undecodable bytes at "
                f"offset {exc.start}."
            ) from exc
        raise ParseError(f"Unknown or non-text encoding {encoding!r}.") from exc


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
            raise ParseError("The file looks binary: it contains NUL bytes.") from None
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise ParseError("The file is neither UTF-8 nor GB18030 text.")


def _reject_binary(text: str) -> None:
    # NULs count as control characters: many of them mean a binary file.
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f\v")
    if controls >= 2 and controls * 20 > len(text):
        raise ParseError("The file looks binary: it is full of control characters.")


def normalize_text(text: str) -> str:
    """Return text with LF line ends and without control or zero-width chars."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NEWLINES)
    return _JUNK_RE.sub("", text)


_DOTS = str.maketrans("•・‧∙", "····")


def normalize_name(name: str) -> str:
    """Return a person's name in the form used to match people."""
    name = unicodedata.normalize("NFKC", name)
    return "".join(name.split()).translate(_DOTS)


# --- Dates --------------------------------------------------------------------

_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_DATE_AT_START_RE = re.compile(_DATE)


def resolve_month_day(
    month: int, day: int, issue_date: datetime.date, year: int | None = None
) -> datetime.date | None:
    """Return the date a printed month and day stand for, or None if invalid.

    A printed year wins; otherwise take the latest such day on or before the
    issue date (12月31日 in a 2 January issue is last year's).
    """
    if year is not None:
        return _safe_date(year, month, day)
    for candidate_year in range(issue_date.year, issue_date.year - 9, -1):
        found = _safe_date(candidate_year, month, day)
        if found is not None and found <= issue_date:
            return found
        if found is None and (month, day) != (2, 29):
            return None
    return None


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, TypeError, OverflowError):
        return None


# --- Character classes and small predicates ------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACES = " \t\u3000\u00a0"
_TERMINALS = "。！？!?…；;：:"
_QUOTE_CLOSERS = "”’」』\"'"
_OPENERS = "“‘《(（「『【〈"
_CLOSERS = "”’》)）」』】〉"
_SENTENCE_MARKS = ",，;；"
_MID_MARKS = "，,、。；;：:！？!?）)”’》"  # no paragraph starts with these
_SENTENCE_MARKS_RE = re.compile("[,，;；]")
_BRACKETS_RE = re.compile("[“‘《(（「『【〈”’》)）」』】〉]")
# Words a Chinese sentence cannot stop on: a line ending on one was cut short.
_DANGLING_ENDS = "的和与及或并而把被对向从将要其之、,，"
# Numbered subheadings and photo captions, which open no new article.
_SUBHEADING_RE = re.compile(
    r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]"
    r"|图为|图[:：]|[▲△]"
)


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 or ch in "“”‘’—…·"


def _compact_len(text: str) -> int:
    return len("".join(text.split()))


def _is_closed(text: str) -> bool:
    """Tell whether a line ends a sentence (so no column break split it)."""
    if not text:
        return True
    last = text[-1]
    if last in _TERMINALS:
        return True
    if last in _QUOTE_CLOSERS:
        return len(text) > 1 and text[-2] in _TERMINALS + _QUOTE_CLOSERS
    if last in ")）":
        start = max(text.rfind("("), text.rfind("（"))
        return start == 0 or (
            start > 0 and len(text) - start <= 20 and text[start - 1] in _TERMINALS
        )
    return False


def _outside_brackets(text: str) -> Iterator[tuple[int, str]]:
    depth = 0
    for index, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        elif not depth:
            yield index, ch


def _reads_as_sentence(text: str) -> bool:
    return _has_sentence_marks(text) or text[-1] in _DANGLING_ENDS


def _balanced(text: str) -> bool:
    """Tell whether every quote or bracket opened in a line is closed there."""
    if not _BRACKETS_RE.search(text):
        return True
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
    return depth == 0


def _has_sentence_marks(text: str) -> bool:
    if not _SENTENCE_MARKS_RE.search(text):
        return False
    return any(ch in _SENTENCE_MARKS for _, ch in _outside_brackets(text))


def _title_space(text: str) -> int:
    """Return where a space sets a subtitle apart in a title line, or -1."""
    for index, ch in _outside_brackets(text):
        if ch.isspace() and 0 < index < len(text) - 1:
            after = text[index:].lstrip()
            if after and _is_wide(text[index - 1]) and _is_wide(after[0]):
                return index
    return -1


def _is_heading(text: str) -> bool:
    """Tell a subheading: a short title-like line no column break has cut."""
    size = _compact_len(text)
    if _SUBHEADING_RE.match(text):
        return size <= 24
    return (
        size <= 12
        and text[-1] not in _DANGLING_ENDS + ":："
        and not _has_sentence_marks(text)
        and not any(mark in text for mark in "、!?！？")
    )


def _can_be_title(text: str) -> bool:
    size = _compact_len(text)
    if not size or size > 60 or "。" in text or not _balanced(text):
        return False
    last = text[-1]
    if last in "!?！？":
        return size <= 30
    return not _is_closed(text) or last in ":："


# --- Bylines ------------------------------------------------------------------

# Common surnames, to tell a name glued to its label (记者王军) from a phrase
# that merely starts with a label word (记者走基层, 记者来到). Characters that
# mostly start verbs or adverbs (从, 向, 和, 来, 连...) are left out.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱"
    "江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳"
    "穆农司卓古吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞"
    "姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储栗燕楚鄢劳谌奚皮粟冼蔺楼雒谯钮酆诸葛户伏戈卿狄宣晋晁扈芮阙浦邰亓"
    "裘赫杭逯茹危嵇湛宾戎勾茅冶斯檀衣昝幸奉植衡富尧闭束智云容丰巴漆祖井禹朴豆屠"
    "权仝伊厉阿乌羊辜雍薄鹿况宿鲜隆银玉亢哈於尉"
)
_ROLE_MODIFIERS = (
    "本报|本台|本刊|本网|新华社|中新社|人民日报|总台|央视|央广|特派|特约|首席|资深"
    "|见习|实习|全媒体|融媒体|融媒|摄影|摄像|驻[" + _HAN + "]{1,4}?"
    "|[" + _HAN + "]{1,6}?(?:报|台|网|社|刊)·?"  # a paper's own: 大河报记者
)
_ROLES = "(?:记者|記者|通讯员|通訊員)"  # traditional forms too
_CORRESPONDENT = ("通讯员", "通訊員")
_ROLE_PREFIX_RE = re.compile(f"(?:(?:{_ROLE_MODIFIERS})*{_ROLES}|实习生|實習生)")
_ROLE_WORD_RE = re.compile(f"[{_HAN}·]{{0,8}}{_ROLES}|实习生|實習生")
# Credit words: 文, 图, 摄, 文/图, 摄影报道, 采访整理...
_CREDIT_WORD_RE = re.compile("[文图摄攝影像报報道采写访整理撰供制视频·]{1,6}")
_BYLINE_HINT_RE = re.compile(
    "记者|記者|通讯员|通訊員|实习生|[文图摄攝]|报道|采写|整理|视频"
)
_NAME_RE = re.compile(f"[{_HAN}]{{2,4}}")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_GLUED_NAMES_RE = re.compile(f"[{_HAN}]{{5,9}}")
_ETHNIC_NAME_RE = re.compile(f"[{_HAN}]{{1,8}}(?:[·•・‧][{_HAN}]{{1,8}}){{1,3}}")
_ALL_SEPARATORS = re.compile(r"[\s、，,/／:：;；|]+")
_LEAD_SEPARATORS = re.compile(r"[\s、/／]+")
_DECORATIONS = "□■◇◆○●◎★☆▲△▼▽※—"


@dataclass(frozen=True)
class Byline:
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


def _is_person_name(name: str, glued: bool) -> bool:
    if _ETHNIC_NAME_RE.fullmatch(name):
        return True
    if not _NAME_RE.fullmatch(name):
        return False
    return not glued or name[0] in _SURNAMES


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
            if len(part) == size and part[0] in _SURNAMES:
                todo.append((at + size, (*parts, part)))
    return found[0] if len(found) == 1 else []


def _signature(text: str) -> Byline | None:
    """Read `(任工)`: names alone in brackets, signing a brief."""
    parts = [p for p in _ALL_SEPARATORS.split(text.strip()) if p]
    if parts and all(_NAME_RE.fullmatch(p) and p[0] in _SURNAMES for p in parts):
        if all(len(p) <= 3 for p in parts):
            return Byline(tuple(parts))
    return None


def _signature_line(text: str) -> Byline | None:
    """Read a line that only signs: `(任工)`, `□陈曦`."""
    if len(text) > 24:
        return None
    if text[:1] in "(（" and text[-1:] in ")）":
        return _signature(text[1:-1])
    return _signature(text[1:]) if text[:1] in "□■" else None


def _strip_name_suffix(name: str) -> str:
    for suffix in ("摄影报道", "报道", "摄"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def parse_byline(text: str, separators: re.Pattern = _ALL_SEPARATORS) -> Byline | None:
    """Return the names in a text that is nothing but a byline, else None.

    `记者 王译博 董茜 通讯员 张昕嫣`, `本报记者刘明培`, `(记者 杨文静)`,
    `文/摄 记者 张晨`, `记者 X 文 Y 图`: names follow their label, split on
    spaces, 、 and commas; names before any label (`X 摄`) are reporters.
    """
    text = text.strip().lstrip(_DECORATIONS).strip()
    if len(text) > 80 or not _BYLINE_HINT_RE.search(text):
        return None
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    names: dict[str, list[str]] = {"r": [], "c": []}
    role, labelled = "r", False
    for token in separators.split(text):
        if not token:
            continue
        if _CREDIT_WORD_RE.fullmatch(token) or token.startswith("发自"):
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
        if not found:
            return None
        names[role].extend(found)
    if not labelled or not (names["r"] or names["c"]):
        return None
    return Byline(tuple(names["r"]), tuple(names["c"]))


# --- Page furniture and source credits ------------------------------------------

_PAGE_NUMBER_RE = re.compile(
    r"[A-Za-z]{1,2}\s?\d{1,3}(?:\s*版)?"
    r"|第?\s*[\d一二三四五六七八九十百零〇]{1,4}\s*版(?:\s*[(（:：][^。]{0,40})?"
    r"|[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}"
)
_FULL_DATE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_EDITION_WORD_RE = re.compile(
    r"星期|礼拜|周[一二三四五六日天]|农历|第\s*\S{1,4}\s*版|[A-Z]\d{1,2}|\d{1,2}\s*版"
)
_EDITOR_LABEL_RE = re.compile(
    "(?:本版|本期)?(?:责任编辑|责编|美术编辑|美编|值班编辑|图片编辑|编辑|校对|审校|审读|组版|版式"
    "|排版|照排|签发|版面设计|视觉设计|设计|制图)"
)
_EDITION_BITS_RE = re.compile(
    _FULL_DATE_RE.pattern
    + "|"
    + _EDITION_WORD_RE.pattern
    + r"|[\d一二三四五六七八九十]+版"
)
_COLUMN_LABEL_RE = re.compile(r"(?:专栏|栏目|专题|专版|本版专题|导读)\s*[:：]")
_JUMP_RE = re.compile(
    r"[(（]\s*(?:上接|下转|紧接|接|转|续)\s*(?:第\s*)?[\dA-Za-z一二三四五六七八九十]{1,4}"
    r"\s*版[^()（）]{0,8}[)）]"
)
_CREDIT_HEAD_RE = re.compile(f"[{_HAN}]{{1,6}}(?:社|报|网|台)发?")
_CREDIT_INNER_RE = re.compile(
    f"(?:据|来源[:：]?|摘自|转自|稿件来源[:：]?)?\\s*[{_HAN}《》·]{{1,14}}?"
    "(?:社|网|报|台|刊|电|综合|消息|客户端|》)"
)


def _is_furniture(text: str) -> bool:
    """Tell page numbers, edition headers, 责编 lines and jump lines."""
    if len(text) > 60:
        return False
    if _PAGE_NUMBER_RE.fullmatch(text) or _JUMP_RE.fullmatch(text):
        return True
    if _is_edition_header(text):
        return True
    return _is_editor_line(text)


def _is_edition_header(text: str) -> bool:
    date = _FULL_DATE_RE.search(text)
    if not date or _has_sentence_marks(text) or "。" in text:
        return False
    rest = (text[: date.start()] + text[date.end() :]).strip()
    return not rest or bool(_EDITION_WORD_RE.search(rest))


def _is_editor_line(text: str) -> bool:
    if not _EDITOR_LABEL_RE.search(text) or "。" in text:
        return False
    saw_label = False
    for token in _ALL_SEPARATORS.split(_EDITION_BITS_RE.sub(" ", text)):
        label = _EDITOR_LABEL_RE.match(token)
        if label:
            saw_label = True
            token = token[label.end() :]
        if token and not _is_person_name(token, glued=bool(label)):
            return False
    return saw_label


def _is_column_label(text: str) -> bool:
    return len(text) <= 30 and bool(_COLUMN_LABEL_RE.match(text))


def _page_heading_kind(text: str) -> str:
    """Tell `第2版(要闻)` (furniture) from `第1版(要闻)专栏:…` (a column label)."""
    return "column" if _COLUMN_LABEL_RE.search(text) else "furniture"


def _is_credit(inner: str) -> bool:
    """Tell a source credit such as 新华社 or 据《人民日报》 inside brackets."""
    return bool(_CREDIT_INNER_RE.fullmatch(inner.strip())) and not parse_byline(inner)


def _is_credit_line(text: str) -> bool:
    return (
        len(text) <= 24
        and text[:1] in "(（"
        and text[-1:] in ")）"
        and _is_credit(text[1:-1])
    )


# --- Leads (电头) ----------------------------------------------------------------

_SOURCE = f"(?:本报|本刊|本台|本网|[{_HAN}]{{1,8}}?(?:社|网|报|台|刊|都|闻|端))"
_LEAD_RE = re.compile(f"(据)?({_SOURCE})[{_HAN}·]{{0,10}}?(?:{_DATE})?(讯|电)")
# A 电头 cut by a column break: 新华社北京12月31 | 日电 …
_LEAD_START_RE = re.compile(
    f"据?(?:本报|新华社|中新社)[{_HAN}]{{0,8}}(?:\\d{{4}}年)?\\d{{1,2}}(?:月\\d{{0,2}}日?)?"
)
# After a 电 with no date, these make a word (电话, 电视...), not a dateline.
_NOT_AFTER_DIAN = frozenset("话视影脑力网商站厂动器池梯子线缆信量费价压流气源表机报台")


@dataclass(frozen=True)
class _Lead:
    text: str
    source_label: str
    date: tuple[int | None, int, int] | None
    names: Byline | None


def _match_lead(text: str) -> re.Match | None:
    """Match the 电头 that opens a lead: 本报讯, 海都讯, 新华社北京3月28日电."""
    match = _LEAD_RE.match(text[:48])
    if not match:
        return None
    has_date = match.group(4) is not None
    if match.group(6) == "电" and not has_date:
        following = text[match.end() : match.end() + 1]
        if not match.group(2).endswith(("社", "网", "台")) or (
            following in _NOT_AFTER_DIAN
        ):
            return None
    if match.group(6) == "讯" and not has_date and match.end() > 8:
        return None
    return match


def _date_groups(match: re.Match, first: int) -> tuple[int | None, int, int]:
    year = match.group(first)
    return (
        int(year) if year else None,
        int(match.group(first + 1)),
        int(match.group(first + 2)),
    )


def _parse_lead(text: str) -> _Lead:
    """Cut the byline out of a lead, keeping its 电头, and read its date."""
    match = _match_lead(text)
    head, rest, label, date = "", text, "", None
    if match:
        head, rest = text[: match.end()], text[match.end() :]
        label = (match.group(1) or "") + match.group(2)
        if head == label + "讯":
            label = head
        if match.group(4):
            date = _date_groups(match, 3)
    names, after = _cut_lead_byline(rest)
    if names:
        after = after.lstrip(_SPACES)
        text = f"{head} {after}" if head else after
    if date is None:
        found = _DATE_AT_START_RE.match(after.lstrip(_SPACES + ":：,，"))
        date = _date_groups(found, 1) if found else None
    return _Lead(text, label, date, names)


def _cut_lead_byline(rest: str) -> tuple[Byline | None, str]:
    """Return the byline opening the rest of a lead and the text after it."""
    stripped = rest.lstrip(_SPACES)
    if stripped[:1] in "(（":
        close = min(
            (i for i in (stripped.find(")"), stripped.find("）")) if i > 0), default=-1
        )
        if 0 < close <= 80:
            names = parse_byline(stripped[1:close])
            if names:
                return names, stripped[close + 1 :]
        return None, rest
    reported = stripped.find("报道", 0, 48)
    if reported > 0:
        names = parse_byline(stripped[:reported])
        if names:
            return names, stripped[reported + 2 :].lstrip(_SPACES + ":：,，")
    return _cut_spaced_byline(stripped, rest)


def _cut_spaced_byline(stripped: str, rest: str) -> tuple[Byline | None, str]:
    """Cut `记者 王军 通讯员 李四` (no brackets, no 报道) from a lead's start."""
    best, end = None, 0
    tokens = list(re.finditer(r"\S+", stripped[:120]))[:10]
    for count in range(1, len(tokens)):
        names = parse_byline(
            stripped[: tokens[count - 1].end()], separators=_LEAD_SEPARATORS
        )
        if names:
            best, end = names, tokens[count - 1].end()
    if best is None:
        return None, rest
    return best, stripped[end:]


# --- Lines --------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One non-blank line, classified."""

    kind: str  # furniture, column, credit, byline, lead or text
    text: str
    line_number: int
    indent: int = 0
    names: Byline | None = None
    ends_article: bool = False  # a byline or credit was glued to its end
    closed: bool = True
    title_like: bool = False
    heading: bool = False  # unpunctuated, but short enough to be complete


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        elif ch.isspace():
            width += 1
        else:
            break
    return width


def _classify(line: str, line_number: int) -> _Item | None:
    text = line.strip().replace("\t", " ")
    if not text:
        return None
    kind = "text"
    if _is_furniture(text):
        kind = _page_heading_kind(text)
    elif _is_column_label(text):
        kind = "column"
    elif _is_credit_line(text):
        kind = "credit"
    elif names := parse_byline(text) or _signature_line(text):
        return _Item("byline", text, line_number, names=names)
    elif _match_lead(text) or _LEAD_START_RE.fullmatch(text):
        kind = "lead"
    if kind != "text" and kind != "lead":
        return _Item(kind, text, line_number)
    return _text_item(kind, text, line_number, _indent_width(line))


def _text_item(kind: str, text: str, line_number: int, indent: int) -> _Item:
    text = _cut_jumps(text)
    body, names, ends = _cut_trailing_credit(text, lead=kind == "lead")
    if not body or (ends and _CREDIT_HEAD_RE.fullmatch(body)):  # 新华社发（记者 X 摄）
        return _Item("byline" if names else "credit", text, line_number, names=names)
    title_like = kind == "text" and not ends and _can_be_title(body)
    closed = ends or _is_closed(body)
    heading = title_like and not closed and _is_heading(body)
    return _Item(
        kind,
        body,
        line_number,
        indent,
        names=names,
        ends_article=ends,
        closed=closed or heading,
        title_like=title_like,
        heading=heading,
    )


def _cut_jumps(text: str) -> str:
    """Drop `(上接第1版)` / `(下转第3版)` notes at either end of a line."""
    if "版" not in text:
        return text
    match = _JUMP_RE.match(text)
    if match:
        text = text[match.end() :].lstrip()
    match = _JUMP_RE.search(text, max(0, len(text) - 16))
    if match and match.end() == len(text):
        text = text[: match.start()].rstrip()
    return text


def _cut_trailing_credit(text: str, lead: bool) -> tuple[str, Byline | None, bool]:
    """Split off a byline or source credit glued to the end of a paragraph.

    `…整治成果。文/摄 记者 张晨`, `…积雪。     (记者 杨文静)`, `…查处。(新华社)`.
    """
    window = max(0, len(text) - 40)
    if not _BYLINE_HINT_RE.search(text, window) and text[-1:] not in ")）":
        return text, None, False
    if text[-1:] in ")）":
        start = max(text.rfind("(", window), text.rfind("（", window))
        head = text[:start].rstrip() if start >= 0 else ""
        lead_match = _match_lead(head) if lead else None
        if head and not (lead_match and lead_match.end() == len(head)):
            inner = text[start + 1 : -1]
            names = parse_byline(inner) or _signature(inner)
            if names or _is_credit(inner):
                return head, names, True
    end = max(text.rfind(mark, window) for mark in "。！？!?”…")
    if end >= 0:
        names = parse_byline(text[end + 1 :])
        if names:
            return text[: end + 1], names, True
    return text, None, False


# --- Articles -----------------------------------------------------------------


_COHESION_SPAN = 300  # characters of a paragraph compared for shared words
_COHESION_READ = 3000  # characters of an article remembered for it


def _bigrams(text: str) -> set[str]:
    """Return the pairs of adjacent Han characters: a cheap stand-in for words."""
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if _HAN_CHAR_RE.match(text, i) and _HAN_CHAR_RE.match(text, i + 1)
    }


def _split_title(line: str) -> tuple[str, str, bool]:
    """Split a one-line title at its first space; tell whether that's a guess.

    The split is sure when a long headline is followed by several short
    phrases (`…会议 认清形势 迅速行动 筑牢严密防线`).
    """
    at = _title_space(line)
    if at < 0:
        return line, "", False
    headline, subheadline = line[:at], line[at:].strip()
    phrases = subheadline.split()
    sure = len(phrases) >= 2 and len(headline) > max(len(p) for p in phrases)
    return headline, subheadline, not sure


def _assemble_title(lines: list[str]) -> tuple[str, str, str, bool]:
    """Return kicker, headline, subheadline and whether the split is a guess."""
    lines = [" ".join(line.split()) for line in lines]
    if not lines:
        return "", "", "", False
    if len(lines) == 1:
        return ("", *_split_title(lines[0]))
    if len(lines) == 2:
        return "", lines[0], lines[1], False
    return lines[0], lines[1], " ".join(lines[2:]), False


class _ArticleBuilder:
    def __init__(self, titles: list[str], line_number: int) -> None:
        self.titles = titles
        self.line_number = line_number
        self.reporters: list[str] = []
        self.correspondents: list[str] = []
        self.paragraphs: list[str] = []
        self.parts: list[str] = []  # lines of the paragraph being read
        self.is_open = False  # that paragraph still waits for its sentence end
        self.is_heading = False  # it is one short heading-like line
        self.indent: int | None = None
        self.lead: _Lead | None = None
        self.warnings: list[str] = []
        self.words: set[str] = set()  # character pairs read so far, for cohesion
        self.read = 0
        for title in titles:
            self.remember(title)

    def remember(self, text: str) -> None:
        if self.read < _COHESION_READ:
            self.read += min(len(text), _COHESION_SPAN)
            self.words |= _bigrams(text[:_COHESION_SPAN])

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs or self.parts)

    def start_paragraph(self, item: _Item) -> None:
        self.finish_paragraph()
        self.remember(item.text)
        self.parts = [item.text]
        self.is_open = not item.closed
        self.is_heading = item.heading
        self.indent = item.indent

    def goes_on(self, item: _Item) -> bool:
        """Tell whether a line continues the paragraph being read.

        A short heading-like line is taken as complete, unless the next line
        starts mid-sentence (`导。及时…`): then a column break cut it.
        """
        if self.is_open:
            return True
        return self.is_heading and any(ch in _MID_MARKS for ch in item.text[:2])

    def continue_paragraph(self, item: _Item) -> None:
        self.remember(item.text)
        self.parts.append(item.text)
        self.is_open = not item.closed
        self.is_heading = False

    def finish_paragraph(self) -> None:
        if not self.parts:
            return
        text = "".join(self.parts)
        self.parts, self.is_open, self.is_heading = [], False, False
        if self.lead is None:
            self.lead = _parse_lead(text)
            text = self.lead.text
            self.add_names(self.lead.names)
        if text:
            self.paragraphs.append(text)

    def add_names(self, names: Byline | None) -> None:
        if names is None:
            return
        for name in names.reporters:
            if name not in self.reporters:
                self.reporters.append(name)
        for name in names.correspondents:
            if name not in self.correspondents:
                self.correspondents.append(name)

    def build(self, issue_date: datetime.date, position: int) -> ParsedArticle:
        self.finish_paragraph()
        kicker, headline, subheadline, ambiguous = _assemble_title(self.titles)
        lead = self.lead or _Lead("", "", None, None)
        date = None
        if lead.date:
            year, month, day = lead.date
            date = resolve_month_day(month, day, issue_date, year)
        warnings = self.warnings + [
            message
            for message, applies in (
                ("no headline", not headline),
                ("title split is a guess", ambiguous),
                ("no byline", not (self.reporters or self.correspondents)),
                ("no dateline", date is None),
            )
            if applies
        ]
        return ParsedArticle(
            headline=headline,
            subheadline=subheadline,
            kicker=kicker,
            source_label=lead.source_label,
            dateline_date=date,
            reporters=tuple(self.reporters),
            correspondents=tuple(self.correspondents),
            paragraphs=tuple(self.paragraphs),
            position=position,
            line_number=self.line_number,
            warnings=tuple(warnings),
            ambiguous_title=ambiguous,
        )


class _Peekable:
    def __init__(self, items: Iterable[_Item]) -> None:
        self._items = iter(items)
        self._ahead: deque[_Item] = deque()

    def peek(self, index: int) -> _Item | None:
        while len(self._ahead) <= index:
            item = next(self._items, None)
            if item is None:
                return None
            self._ahead.append(item)
        return self._ahead[index]

    def pop(self) -> _Item | None:
        return self._ahead.popleft() if self._ahead else next(self._items, None)


_LOOKAHEAD = 64  # furniture lines skipped when looking for what follows a title
_MAX_WARNINGS = 100


class _Segmenter:
    """Cut a stream of classified lines into articles.

    States: `start` (no article yet), `title` (title read, body not begun),
    `body`, and `after` (a byline or credit closed the body; more byline
    lines may follow).
    """

    def __init__(self, issue_date: datetime.date, warn: Callable[[str], None]):
        self.issue_date = issue_date
        self.warn_callback = warn
        self.warned = self.suppressed = 0
        self.state = "start"
        self.current: _ArticleBuilder | None = None
        self.position = 0
        self.done: deque[ParsedArticle] = deque()
        self.orphans: tuple[int, int] | None = None  # first and last line
        self.items = _Peekable(())

    def run(self, items: Iterable[_Item]) -> Iterator[ParsedArticle]:
        self.items = _Peekable(items)
        handlers = {
            "furniture": self._on_furniture,
            "column": self._on_column,
            "credit": self._on_credit,
            "byline": self._on_byline,
            "lead": self._on_lead,
            "text": self._on_text,
        }
        while (item := self.items.pop()) is not None:
            handlers[item.kind](item)
            yield from self._drain()
        self._close_article()
        self._flush_orphans()
        if self.suppressed:
            self.warn_callback(f"{self.suppressed} more warnings not shown.")
        yield from self._drain()

    def _drain(self) -> Iterator[ParsedArticle]:
        while self.done:
            yield self.done.popleft()

    def _warn(self, message: str) -> None:
        if self.warned < _MAX_WARNINGS:
            self.warned += 1
            self.warn_callback(message)
        else:
            self.suppressed += 1

    # Handlers, one per kind of line.

    def _on_furniture(self, item: _Item) -> None:
        self._warn(f"Line {item.line_number}: dropped page furniture {item.text!r}.")

    def _on_column(self, item: _Item) -> None:
        self._on_furniture(item)
        self._end_body()

    def _on_credit(self, item: _Item) -> None:
        if self.state in ("body", "after"):
            self._end_body()
        else:
            self._orphan(item)

    def _on_byline(self, item: _Item) -> None:
        if self.state == "start":
            self._orphan(item)
            return
        self._end_body()
        self.current.add_names(item.names)

    def _on_lead(self, item: _Item) -> None:
        if self.state != "title":
            self._new_article([], item)
        self._add_paragraph(item)

    def _on_text(self, item: _Item) -> None:
        if self.state == "title":
            self._add_paragraph(item)
        elif self.state == "body" and self.current.goes_on(item):
            if item.title_like and self._title_after_broken(item):
                self._take_title(item)
            else:
                self.current.continue_paragraph(item)
                self._after_text(item)
        elif item.title_like and self._title_run(item):
            self._take_title(item)
        elif self.state == "start":
            self._orphan(item)
        else:
            if self.state == "after":
                self.current.warnings.append("text after the byline kept in the body")
            self._add_paragraph(item)

    # Building articles.

    def _add_paragraph(self, item: _Item) -> None:
        self.current.start_paragraph(item)
        self.state = "body"
        self._after_text(item)

    def _after_text(self, item: _Item) -> None:
        if item.ends_article:
            self.current.finish_paragraph()
            self.current.add_names(item.names)
            self.state = "after"

    def _end_body(self) -> None:
        if self.state == "body":
            self.current.finish_paragraph()
            self.state = "after"

    def _new_article(self, titles: list[_Item], first: _Item) -> None:
        self._close_article()
        self._flush_orphans()
        self.current = _ArticleBuilder([t.text for t in titles], first.line_number)
        self.state = "title"

    def _close_article(self) -> None:
        article, self.current = self.current, None
        if article is None:
            return
        if article.has_body:
            self.position += 1
            self.done.append(article.build(self.issue_date, self.position))
        else:
            self._warn(
                f"Line {article.line_number}: title {' '.join(article.titles)!r} "
                "has no body; dropped."
            )

    def _orphan(self, item: _Item) -> None:
        first = self.orphans[0] if self.orphans else item.line_number
        self.orphans = (first, item.line_number)

    def _flush_orphans(self) -> None:
        if self.orphans:
            first, last = self.orphans
            where = f"Line {first}" if first == last else f"Lines {first}-{last}"
            self._warn(f"{where}: text outside any article dropped.")
            self.orphans = None

    # Telling titles from paragraphs.

    def _peek_run(self, first: _Item) -> tuple[list[_Item], _Item | None, int]:
        """Return the title-like lines from `first` on and the line after."""
        run, index = [first], 0
        while index < _LOOKAHEAD:
            item = self.items.peek(index)
            if item is not None and item.kind == "furniture":
                index += 1
            elif item is not None and item.title_like and len(run) <= 3:
                run.append(item)
                index += 1
            else:
                break
        else:
            item = None
        # A body's first line, cut by a column break, can look like a title
        # line; its commas or its dangling end give it away.
        while item is not None and item.kind == "text" and len(run) > 1:
            if not _reads_as_sentence(run[-1].text):
                break
            item = run.pop()
        return run, item, index

    def _after_bylines(self, index: int) -> _Item | None:
        for offset in range(index, index + _LOOKAHEAD):
            item = self.items.peek(offset)
            if item is None or item.kind not in ("byline", "furniture"):
                return item
        return None

    def _title_run(self, first: _Item) -> bool:
        """Tell whether `first` opens the title of a new article."""
        run, after, index = self._peek_run(first)
        if len(run) > 3:
            return False
        if after is None or after.kind in ("column", "credit"):
            # A title with no body is dropped later, with a warning.
            return self.state != "body"
        if after.kind == "lead":
            return True
        if after.kind == "byline":
            body = self._after_bylines(index + 1)
            if body is None or body.kind not in ("lead", "text"):
                return False
            if body.kind == "lead" or self.state != "body":
                return True
            return self._score(first, body) >= 0
        if self.state != "body":
            return True
        scores = [self._score(item, after) for item in run]
        return min(scores) >= (1 if len(run) == 1 else 0)

    def _title_after_broken(self, first: _Item) -> bool:
        """After a paragraph cut mid-sentence, only a lead proves a title."""
        run, after, index = self._peek_run(first)
        if len(run) > 3 or after is None:
            return False
        if after.kind == "byline":
            body = self._after_bylines(index + 1)
            if body is None or body.kind not in ("lead", "text"):
                return False
            return body.kind == "lead" or self._score(first, body) >= 1
        return after.kind == "lead"

    def _score(self, item: _Item, after: _Item | None) -> int:
        """Weigh how much a short line inside a body looks like a new title."""
        text = item.text
        score = 1 + self._cohesion(text, after)
        if _compact_len(text) > 30:
            score -= 2
        if _title_space(text) >= 0:
            score += 2
        indent = self.current.indent if self.current else None
        if indent is not None and item.indent != indent:
            score += 2
        if _has_sentence_marks(text):
            score -= 2
        elif "、" in text:
            score -= 1
        if text[-1] in _DANGLING_ENDS + ":：!?！？":
            score -= 2
        if _SUBHEADING_RE.match(text):
            score -= 3
        return score

    def _cohesion(self, text: str, after: _Item | None) -> int:
        """Compare a line's words with the paragraph below and the article above.

        A headline sums up the lead below it; a line cut short by a column
        break goes on with the article above.
        """
        if after is None or self.current is None:
            return 0
        if any(ch in _MID_MARKS for ch in after.text[:2]):
            return -3  # the line below starts mid-sentence: no lead does
        words = _bigrams(text)
        below = len(words & _bigrams(self._text_from(after)))
        above = len(words & self.current.words)
        if above > below:
            return -2
        return 2 if below and not above else 0

    def _text_from(self, start: _Item) -> str:
        """Return the paragraph that begins at a looked-ahead line."""
        texts, seen = [], False
        for index in range(_LOOKAHEAD):
            item = self.items.peek(index)
            if item is None:
                break
            seen = seen or item is start
            if seen and item.kind in ("text", "lead"):
                texts.append(item.text[:_COHESION_SPAN])
                if item.closed or len(texts) > 3:
                    break
        return "".join(texts) or start.text[:_COHESION_SPAN]

    def _take_title(self, first: _Item) -> None:
        run, _, _ = self._peek_run(first)
        while len(run) > 1:
            item = self.items.pop()
            if item is run[-1]:
                break
            if item.kind == "furniture":
                self._on_furniture(item)
        self._new_article(run, first)


def _items(lines: Iterable[str], normalized: bool = False) -> Iterator[_Item]:
    line_number = 0
    for raw in lines:
        text = raw if normalized else normalize_text(str(raw)).removesuffix("\n")
        for line in text.split("\n"):
            line_number += 1
            item = _classify(line, line_number)
            if item is not None:
                yield item


def iter_articles(
    lines: Iterable[str],
    issue_date: datetime.date,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[ParsedArticle]:
    """Yield the articles of a page, one at a time, in page order.

    Page-level warnings (dropped furniture, text outside any article) go to
    `on_warning`. Only the current article and a few lines ahead are held.
    """
    yield from _run_segmenter(_items(lines), issue_date, on_warning)


def _run_segmenter(
    items: Iterable[_Item],
    issue_date: datetime.date | None,
    on_warning: Callable[[str], None] | None,
) -> Iterator[ParsedArticle]:
    if issue_date is None:
        issue_date = datetime.date.today()
    segmenter = _Segmenter(issue_date, on_warning or (lambda message: None))
    try:
        yield from segmenter.run(items)
    except ParseError:
        raise
    except Exception as exc:
        # A bug must not crash the import of a whole batch with a traceback.
        raise ParseError(
            f"Could not parse the page ({type(exc).__name__}: {exc})."
        ) from exc


def parse_page(text: str, issue_date: datetime.date) -> ParsedPage:
    """Return the articles of a page and the warnings about dropped lines."""
    if not isinstance(text, str):
        raise ParseError("The page must be given as text.")
    text = normalize_text(text)
    if not text.strip():
        raise ParseError("The page is empty: it holds no text.")
    warnings: list[str] = []
    items = _items(text.split("\n"), normalized=True)
    articles = tuple(_run_segmenter(items, issue_date, warnings.append))
    return ParsedPage(articles, tuple(warnings))

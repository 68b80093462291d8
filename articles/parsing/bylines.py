"""Read reporters' and correspondents' names out of a byline."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .chars import _HAN

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
    return _read_byline(text, separators)


# The same few bylines recur on every page: remember the latest ones read.
@functools.lru_cache(maxsize=4096)
def _read_byline(text: str, separators: re.Pattern) -> Byline | None:
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

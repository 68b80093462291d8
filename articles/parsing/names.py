"""The person-name rule: what may become a new Reporter or Correspondent.

A name is plausibly a person's when it is
- two to four Han characters starting with a known surname, single (`王军`,
  `王译博`, `范徐丽泰`) or compound (`欧阳晓明`, `司马光`, `诸葛` ...); or
- Han or Latin parts joined by `·` (minority and foreign names:
  `阿依古丽·买买提`, `约翰·史密斯`).

Only such a name becomes a new Reporter or Correspondent (`is_person_name`).
A byline is read by its shape, so a labelled word without a known surname
(`记者 收盘价`, a table's header under a label) is still read as a name
there, but it creates no one and its article carries a warning. Words that
fill a byline's place but name no one (`待续`, `综合`, `供图`) never pass.
"""

from __future__ import annotations

import functools
import re

from .blocks import TABLE_HEADERS
from .chars import _HAN

# Common single-character surnames, to tell a name glued to its label
# (记者王军) or standing bare (李勤) from a phrase. Characters that mostly
# start verbs or adverbs (从, 向, 和, 来, 连...) are left out.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱"
    "江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳"
    "穆农司卓古吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞"
    "姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储栗燕楚鄢劳谌奚皮粟冼蔺楼雒谯钮酆诸葛户伏戈卿狄宣晋晁扈芮阙浦邰亓"
    "裘赫杭逯茹危嵇湛宾戎勾茅冶斯檀衣昝幸奉植衡富尧闭束智云容丰巴漆祖井禹朴豆屠"
    "权仝伊厉阿乌羊辜雍薄鹿况宿鲜隆银玉亢哈於尉揭阚禄郜竺邸桓淦仉敬虎鄂糜蓬"
    "甯詹双练降侍郇郦蔺凤泮秘訾闻逄寿蹇酒那达计母逮滑印"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕"
    " 端木 独孤 南宫 西门 申屠 万俟 闻人 澹台 百里 呼延 钟离 宗政 濮阳 太史 仲孙"
    " 单于 赫连 拓跋 司空 第五 东郭 鲜于 公冶 羊舌 微生 梁丘 左丘 东门 段干".split()
)
# Words that stand where a name would and name no one.
NOT_NAMES = frozenset(
    "待续 未完 续完 未完待续 完 综合 本报综合 供图 资料图 资料 图文 摄影 摄像 视频"
    " 编辑 责编 记者 通讯员 本报 本台 本网 新华社 中新社 图片 来源 网络 据报道 报道"
    " 本报记者 特约 评论员 本报评论员 编者 编者按 整理 组稿 策划 统筹 制图".split()
)
# A table's column headers, some of which start like a surname (成交量, 单位).
NOT_NAMES |= TABLE_HEADERS
_HAN_NAME_RE = re.compile(f"[{_HAN}]{{2,4}}")
_DOTTED_NAME_RE = re.compile(
    f"(?:[{_HAN}]{{1,8}}|[A-Za-z]{{1,12}})(?:·(?:[{_HAN}]{{1,8}}|[A-Za-z]{{1,12}})){{1,3}}"
)
_DOTS = str.maketrans("•・‧∙.．", "······")


def has_surname(name: str) -> bool:
    return name[:2] in COMPOUND_SURNAMES or name[:1] in SURNAMES


@functools.lru_cache(maxsize=4096)  # the same few names recur on every page
def is_person_name(name: str) -> bool:
    """Tell whether a name may become a person (see the module's docstring)."""
    return is_name_shaped(name) and ("·" in name.translate(_DOTS) or has_surname(name))


@functools.lru_cache(maxsize=4096)
def is_name_shaped(name: str, *, bare: bool = False) -> bool:
    """Tell whether a word in a byline reads as a name.

    A labelled word (记者 X) may be any two to four Han characters, four only
    after a known surname; `bare`, without a label, it must start with one.
    """
    if name in NOT_NAMES:
        return False
    if _DOTTED_NAME_RE.fullmatch(name.translate(_DOTS)):
        return True
    if not _HAN_NAME_RE.fullmatch(name):
        return False
    if len(name) == 4 and not has_surname(name):
        return False
    return not bare or has_surname(name)

"""Lines of non-article blocks: weather boxes, advertisements, TV listings,
stock and price tables, navigation lists.

Such lines carry no sentence (no `。`) and show what they are by their
vocabulary or their shape: temperatures and air quality, phone numbers and
prices, programme times, rows of figures or of column headers, lists of
links. A block produces no article and no person; the parser drops it with a
warning on the page.
"""

from __future__ import annotations

import re

from .chars import _HAN

# A forecast's temperature range or wind, or the words of an air report; a
# headline such as 气温升至38℃ has neither.
_WEATHER_RE = re.compile(
    r"-?\d+\s*(?:℃|°C|°)?\s*[-~～至/]\s*-?\d+\s*(?:℃|°C|°)"
    r"|空气质量|首要污染物|紫外线指数|相对湿度|降水概率|穿衣指数"
    r"|[东南西北]{1,2}风\s*\d|风力\s*\d"
)
_PHONE_RE = re.compile(
    r"(?<!\d)(?:0\d{2,3}[-－—]?)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)"
)
_CONTACT_RE = re.compile(
    r"热线|电话|传真|咨询|订购|订阅|地址|联系人|微信|QQ|网址|www\.|https?://"
)
# 地址:市中心商场三楼, 联系电话:…: an advertisement's contact lines.
_CONTACT_LINE_RE = re.compile(
    r"(?:地址|电话|联系电话|热线|联系人|微信|网址|传真|营业时间)\s*[:：]"
)
_CURRENCY_RE = re.compile(r"[$￥¥€£]\s*\d")
_UNIT_PRICE_RE = re.compile(
    r"\d+(?:\.\d+)?\s*元\s*/\s*(?:斤|公斤|千克|kg|吨|升|个|只|件|袋|盒|瓶|平方米|㎡)"
)
_PROGRAMME_TIME_RE = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:：][0-5]\d(?!\d)")
_CHANNEL_RE = re.compile(r"CCTV|卫视|频道|央视[一二三四五六七八九十\d]+套")
_NUMBER_TOKEN_RE = re.compile(r"[+\-−]?\d[\d.,，]*%?|[+\-−]?\d*\.\d+%?|--|—")
TABLE_HEADERS = frozenset(
    "代码 名称 简称 股票 收盘 收盘价 开盘 开盘价 最高 最低 最高价 最低价 涨跌 涨跌幅 涨幅 跌幅"
    " 成交量 成交额 换手率 市盈率 市值 品种 规格 产地 单位 价格 均价 今日价 昨日价 批发价"
    " 零售价 涨跌额 指数 点位 时间 节目 频道 序号 排名 得分 场次 成交价 单价 金额"
    " 数量 合计 备注 买入价 卖出价 净值 利率 汇率".split()
)
_NAVIGATION_RE = re.compile(
    r"首页|上一版|下一版|上一篇|下一篇|返回目录|版面导航|本版导航|版面目录|返回首页|打印本页"
    r"|关闭窗口|往期回顾|更多>>|标题导航"
)
_CLAUSE_MARK_RE = re.compile("[，,；;]")
_SEPARATORS_RE = re.compile(r"\s*[|｜]\s*")
_LATIN_RE = re.compile(r"[A-Za-z]")
_HAN_RE = re.compile(f"[{_HAN}]")
_SEVEN_DIGITS_RE = re.compile(r"\d{7}")
# What every rule below needs: a word of a weather box, an advertisement, a
# table or a menu, or figures, Latin letters and symbols making up a fifth of
# the line. A headline such as 航空港实验区（1） 法治化营商环境 has neither.
_SIGNAL_WORDS_RE = re.compile(
    r"空气质量|首要污染物|紫外线|相对湿度|降水概率|穿衣指数|风力"
    r"|首页|上一|下一|返回|导航|目录|打印本页|关闭窗口|往期|代码|名称|品种|价格|频道|节目|卫视"
    r"|地址|电话|热线|联系人|微信|网址|传真|营业时间|央视|简称|规格|产地|单位|序号|排名|场次"
    r"|时间|指数|收盘|开盘|涨|跌|成交"
)
_FIGURES_RE = re.compile(r"[\dA-Za-z$￥¥€£|｜%℃°:：.-]")


def non_article_kind(text: str) -> str:
    """Return what non-article block a line belongs to, or "" for none.

    The kind is said in the page's warning: 天气, 广告, 节目表, 行情表, 导航.
    """
    if "。" in text or len(text) > 200:
        return ""
    figures = len(_FIGURES_RE.findall(text))
    if figures * 5 < len(text) and not _SIGNAL_WORDS_RE.search(text):
        return ""
    if len(text) <= 40 and _WEATHER_RE.search(text):
        return "天气"
    if _is_advertisement(text, figures):
        return "广告"
    if _is_listing(text):
        return "节目表"
    if _is_table_row(text, figures):
        return "行情表"
    if _is_navigation(text):
        return "导航"
    return ""


def _is_advertisement(text: str, figures: int) -> bool:
    phones = len(_PHONE_RE.findall(text)) if _SEVEN_DIGITS_RE.search(text) else 0
    if phones >= 2 or (phones and _CONTACT_RE.search(text)):
        return True
    if _CURRENCY_RE.search(text) or _CONTACT_LINE_RE.match(text):
        return True
    # A line in Latin letters with hardly a Han character (PB Gaming ::Intel
    # Core i7): a headline with a few Latin words has many.
    if figures < 8:
        return False  # Latin letters count as figures
    latin = len(_LATIN_RE.findall(text))
    return latin >= 8 and len(_HAN_RE.findall(text)) <= 2


def _is_listing(text: str) -> bool:
    times = _PROGRAMME_TIME_RE.findall(text) if ":" in text or "：" in text else ()
    if len(times) >= 2:
        return True
    if times and _PROGRAMME_TIME_RE.match(text) and len(text) <= 30:
        return not any(mark in text for mark in "，,；;")
    return bool(_CHANNEL_RE.match(text)) and len(text) <= 20


def _is_table_row(text: str, figures: int) -> bool:
    if "元" in text and len(text) <= 60 and _UNIT_PRICE_RE.search(text):
        return True
    tokens = text.split()
    if len(tokens) < 3 or _CLAUSE_MARK_RE.search(text):
        return False
    headers = sum(map(TABLE_HEADERS.__contains__, tokens))
    if not figures and "—" not in text:
        return headers >= 2  # no cell holds a figure
    numbers = sum(1 for token in tokens if _NUMBER_TOKEN_RE.fullmatch(token))
    # A row of short cells ending in a figure: 猪肉 斤 13.8
    row = (
        numbers
        and _NUMBER_TOKEN_RE.fullmatch(tokens[-1])
        and all(len(token) <= 8 for token in tokens)
    )
    return numbers * 2 >= len(tokens) or headers >= 2 or bool(row)


def _is_navigation(text: str) -> bool:
    if len(_NAVIGATION_RE.findall(text)) >= 2:
        return True
    if "|" not in text and "｜" not in text:
        return False
    items = [item for item in _SEPARATORS_RE.split(text) if item]
    return len(items) >= 3 and all(
        len(item) <= 8 and re.fullmatch(f"[{_HAN}A-Za-z0-9·]+", item) for item in items
    )

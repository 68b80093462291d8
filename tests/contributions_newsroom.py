"""A small newsroom whose statistics are known by hand (稿件统计 tests).

Two outside units, two desks, shared bylines within a unit and across units,
a correspondent without a unit, a withdrawn and a draft article, and articles
a second either side of midnight Beijing time at the ends of November 2021.

November 2021, by hand (字数 = body characters but white space):

    A1  11-05 要闻部    陈记者; 张通讯 + 李通讯 (both 东区街道)     12 字
    A2  11-10 社会新闻部 刘记者; 张通讯 (东区街道) + 王通讯 (西区医院)  9 字
    A4  11-30 23:59:59  要闻部; 陈记者 + 刘记者; 赵通讯 (no unit)   30 字
    A5  11-01 00:00:00  社会新闻部; 李通讯                            7 字
    not counted: A3 12-01 00:00:30 (December), A6 withdrawn, A7 draft,
    A9 10-31 23:59:59 (October)
"""

import datetime
from zoneinfo import ZoneInfo

from articles.models import Article
from people.models import Department
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)

BEIJING = ZoneInfo("Asia/Shanghai")

A1_BODY = "一二三四五 六七八九十\n\n甲乙"  # 12
A2_BODY = "ABC 123，好。"  # 9
A4_BODY = (
    "一二三四五六七八九十\u3000一二三四五六七八九十\r\n\r\n一二三四五六七八九十"  # 30
)
A5_BODY = "七个字的正文。"  # 7


def beijing(*args):
    return datetime.datetime(*args, tzinfo=BEIJING)


def build_newsroom(test_class):
    """Create the newsroom and keep its pieces on test_class."""
    c = test_class
    c.east = make_department(name="东区街道", kind=Department.Kind.UNIT)
    c.west = make_department(name="西区医院", kind=Department.Kind.UNIT)
    c.news_desk = make_department(name="要闻部")
    c.city_desk = make_department(name="社会新闻部")
    c.zhang = make_correspondent(name="张通讯", department=c.east)
    c.li = make_correspondent(name="李通讯", department=c.east)
    c.wang = make_correspondent(name="王通讯", department=c.west)
    c.zhao = make_correspondent(name="赵通讯")
    c.chen = make_reporter(name="陈记者", department=c.news_desk)
    c.liu = make_reporter(name="刘记者", department=c.city_desk)
    c.a1 = make_article(
        headline="东区街道办实事",
        body=A1_BODY,
        published_at=beijing(2021, 11, 5, 10),
        department=c.news_desk,
        reporters=[c.chen],
        correspondents=[c.zhang, c.li],
    )
    c.a2 = make_article(
        headline="两家单位联合义诊",
        body=A2_BODY,
        published_at=beijing(2021, 11, 10, 9),
        department=c.city_desk,
        reporters=[c.liu],
        correspondents=[c.zhang, c.wang],
    )
    c.a3 = make_article(
        headline="十二月的第一篇",
        body="十二月稿件",
        published_at=beijing(2021, 12, 1, 0, 0, 30),
        department=c.news_desk,
        correspondents=[c.wang],
    )
    c.a4 = make_article(
        headline="十一月最后一秒",
        body=A4_BODY,
        published_at=beijing(2021, 11, 30, 23, 59, 59),
        department=c.news_desk,
        reporters=[c.chen, c.liu],
        correspondents=[c.zhao],
    )
    c.a5 = make_article(
        headline="十一月第一秒",
        body=A5_BODY,
        published_at=beijing(2021, 11, 1, 0, 0, 0),
        department=c.city_desk,
        correspondents=[c.li],
    )
    c.a6 = make_article(
        headline="已撤回的稿件",
        body="撤稿不计入统计" * 10,
        status=Article.Status.WITHDRAWN,
        published_at=beijing(2021, 11, 15, 8),
        department=c.news_desk,
        reporters=[c.chen],
        correspondents=[c.zhang],
    )
    c.a7 = make_article(
        headline="草稿",
        body="草稿不计入统计" * 10,
        status=Article.Status.DRAFT,
        published_at=beijing(2021, 11, 16, 8),
        department=c.news_desk,
        reporters=[c.chen],
        correspondents=[c.li],
    )
    c.a9 = make_article(
        headline="十月最后一秒",
        body="十月稿件",
        published_at=beijing(2021, 10, 31, 23, 59, 59),
        department=c.news_desk,
        correspondents=[c.zhang],
    )


# The November figures: (name, group, articles, 字数, rank) in ranking order,
# then the columns added up and the articles counted once.
NOVEMBER = {
    "correspondent": (
        [
            ("张通讯", "东区街道", 2, 21, 1),
            ("李通讯", "东区街道", 2, 19, 2),
            ("赵通讯", "", 1, 30, 3),
            ("王通讯", "西区医院", 1, 9, 4),
        ],
        (6, 79),
        (4, 58),
    ),
    "unit": (
        [
            ("东区街道", "", 3, 28, 1),
            ("（未填所在单位的通讯员）", "", 1, 30, 2),
            ("西区医院", "", 1, 9, 3),
        ],
        (5, 67),
        (4, 58),
    ),
    "reporter": (
        [
            ("陈记者", "要闻部", 2, 42, 1),
            ("刘记者", "社会新闻部", 2, 39, 2),
        ],
        (4, 81),
        (3, 51),
    ),
    "desk": (
        [
            ("要闻部", "", 2, 42, 1),
            ("社会新闻部", "", 2, 16, 2),
        ],
        (4, 58),
        (4, 58),
    ),
}

"""One table-driven test per page convention the parser recognises.

Each table holds several wordings of the same convention, beyond those of the
annotated corpus, so that a rule written for one file fails here.
"""

import datetime
import unittest

from articles.parsing import parse_page
from articles.parsing.markers import (
    arabic_label,
    cut_markers,
    marker_line,
    page_heading,
)

ISSUE = datetime.date(2021, 11, 6)


def page(text, issue_date=ISSUE):
    return parse_page(text, issue_date)


class PageLabelTests(unittest.TestCase):
    def test_labels_are_read_with_arabic_digits(self):
        for printed, label in [
            ("四", "4"),
            ("03", "3"),
            ("A03", "A3"),
            ("十二", "12"),
            ("二十", "20"),
            ("b2", "B2"),
            ("A 10", "A10"),
            ("一〇", "10"),
        ]:
            with self.subTest(printed):
                self.assertEqual(arabic_label(printed), label)

    def test_page_headers_give_label_and_name(self):
        for line, expected in [
            ("第 A2 版:综合新闻", ("A2", "综合新闻")),
            ("第 A10 版:城事", ("A10", "城事")),
            ("第03版:民生", ("3", "民生")),
            ("第2版(要闻)", ("2", "要闻")),
            ("第四版", ("4", "")),
            ("第7版", ("7", "")),
            ("A4 要闻", ("A4", "要闻")),
            ("A3", ("A3", "")),
            ("B12版 文体", ("B12", "文体")),
            ("第十二版：国际新闻", ("12", "国际新闻")),
            ("第5版 要闻", ("5", "要闻")),
            ("A12·体育", ("A12", "体育")),
            ("要闻·A3", ("A3", "要闻")),
            ("体育 | B2", ("B2", "体育")),
            ("国际·第7版", ("7", "国际")),
        ]:
            with self.subTest(line):
                self.assertEqual(page_heading(line), expected)

    def test_lines_that_are_not_page_headers(self):
        for line in [
            "会议召开",
            "第3版的报道引起关注。",
            "G20峰会在杭州开幕 各国领导人出席",
        ]:
            with self.subTest(line):
                self.assertIsNone(page_heading(line))

    def test_the_page_keeps_its_own_header(self):
        for header, label, name in [
            ("第 A2 版:综合新闻", "A2", "综合新闻"),
            ("A4 要闻", "A4", "要闻"),
            ("第03版:民生", "3", "民生"),
            ("A3\n第03版:民生", "3", "民生"),  # the named header wins
            ("第7版", "7", ""),
        ]:
            with self.subTest(header):
                parsed = page(f"{header}\n会议召开\n本报讯 今天会议召开。\n")
                self.assertEqual((parsed.page_label, parsed.page_name), (label, name))
                self.assertEqual([a.headline for a in parsed.articles], ["会议召开"])

    def test_a_page_without_header_has_no_label(self):
        parsed = page("会议召开\n本报讯 今天会议召开。\n")
        self.assertEqual((parsed.page_label, parsed.page_name), ("", ""))


class ContinuationMarkerTests(unittest.TestCase):
    def test_marker_lines(self):
        for line, expected in [
            ("(下转第四版)", ("to", "4")),
            ("（下转第4版）", ("to", "4")),
            ("(下转A3版)", ("to", "A3")),
            ("转第2版", ("to", "2")),
            ("下转第3版", ("to", "3")),
            ("（转A03版）", ("to", "A3")),
            ("(上接第1版)", ("from", "1")),
            ("（上接第一版）", ("from", "1")),
            ("接第十二版", ("from", "12")),
            ("(紧接A1版)", ("from", "A1")),
            ("更多报道见A6版", ("see", "A6")),
            (">>>详见第7版", ("see", "7")),
            ("(相关报道见第十二版)", ("see", "12")),
            ("相关新闻请看今日第5版", ("see", "5")),
        ]:
            with self.subTest(line):
                self.assertEqual(marker_line(line), expected)

    def test_prose_is_not_a_marker(self):
        for line in ["他把稿件转第2版编辑处理后刊发了。", "第3版", "会议召开"]:
            with self.subTest(line):
                self.assertIsNone(marker_line(line))

    def test_markers_glued_to_a_paragraph_are_cut(self):
        for line, expected in [
            ("会议召开。(下转第四版)", ("会议召开。", "", "4")),
            ("他表示,将继续(下转A3版)", ("他表示,将继续", "", "A3")),
            ("(上接第1版)本报讯 会议召开。", ("本报讯 会议召开。", "1", "")),
            ("（上接第二版）各地积极响应。", ("各地积极响应。", "2", "")),
            ("会议转第2版讨论。", ("会议转第2版讨论。", "", "")),
        ]:
            with self.subTest(line):
                self.assertEqual(cut_markers(line), expected)

    def test_articles_carry_their_continuations_and_no_marker_text(self):
        for text, to, from_ in [
            ("会议召开\n本报讯 今天会议召开,他说将\n(下转第四版)\n", "4", ""),
            ("会议召开\n本报讯 今天会议召开,他说将(下转第4版)\n", "4", ""),
            ("会议召开\n(上接第1版)\n本报讯 今天会议召开。\n", "", "1"),
            ("会议召开\n(上接A1版)本报讯 今天会议召开。\n", "", "A1"),
            ("(上接第一版)\n会议召开\n本报讯 今天会议召开。\n", "", "1"),
        ]:
            with self.subTest(text):
                (article,) = page(text).articles
                self.assertEqual(
                    (article.continued_to, article.continued_from), (to, from_)
                )
                self.assertNotIn("版", "".join(article.paragraphs))

    def test_a_continued_story_ends_at_its_marker(self):
        parsed = page(
            "会议召开\n本报讯 今天会议召开,他说将\n(下转第四版)\n"
            "春耕开始\n本报讯 今天春耕开始。\n"
        )
        self.assertEqual(
            [a.headline for a in parsed.articles], ["会议召开", "春耕开始"]
        )
        self.assertEqual(parsed.articles[0].paragraphs, ("本报讯 今天会议召开,他说将",))

    def test_a_cross_reference_is_neither_title_nor_body(self):
        for marker in ["更多报道见A6版", ">>>详见第7版", "(相关报道见第3版)"]:
            with self.subTest(marker):
                parsed = page(
                    f"会议召开\n本报讯 今天会议召开。\n{marker}\n"
                    "春耕开始\n本报讯 今天春耕开始。\n"
                )
                self.assertEqual(
                    [(a.headline, a.subheadline) for a in parsed.articles],
                    [("会议召开", ""), ("春耕开始", "")],
                )


def only(text, issue_date=ISSUE):
    articles = page(text, issue_date).articles
    assert len(articles) == 1, [a.headline for a in articles]
    return articles[0]


BODY = "本报讯 昨日上午,全市春耕生产现场会在城东召开。\n\n与会人员参观了育秧基地。\n"


class FurnitureTests(unittest.TestCase):
    def test_page_furniture_is_never_a_title(self):
        for furniture in [
            "A4 要闻",
            "A3",
            "B2 文体新闻",
            "第 A10 版:城事",
            "第03版:民生",
            "第 A2 版:综合新闻",
            "第7版",
            "2019年2月12日 星期二 编辑 张三 校对 李四",
            "2025年3月13日 星期四 责编 李四 美编 王五",
            "县域·柳林",
            "聚焦·两会",
            "第5版 要闻",
            "A12·体育",
            "要闻·A3",
            "- 3 -",
            "2021年11月5日 星期五",
            "编辑:王五 校对:赵六",
            "本版责编:王五 版式:赵六",
            "相关新闻",
            "■相关链接",
            "延伸阅读",
        ]:
            with self.subTest(furniture):
                article = only(f"{furniture}\n\n春耕生产现场会召开\n\n{BODY}")
                self.assertEqual(
                    (article.headline, article.subheadline), ("春耕生产现场会召开", "")
                )


class NonArticleBlockTests(unittest.TestCase):
    BLOCKS = {
        "weather": "市区天气\n今天 多云转晴 12℃-21℃\n明天 晴 东南风3级 14℃-23℃\n空气质量:良\n",
        "weather box without heading": "今日 阴有小雨 5～9℃\n相对湿度:85%\n",
        "advertisement": "金秋特惠 全场八折\n订购热线:0371-65551234 13800138000\n地址:市中心商场三楼\n",
        "latin advertisement": "PB Gaming PC ::Intel Core i5 ::16GB RAM\n$799 (GST inc)\n",
        "tv listing": "电视节目\nCCTV-1\n08:00 朝闻天下\n09:30 新闻直播间\n19:00 新闻联播 19:30 焦点访谈\n",
        "stock table": "今日股市\n代码 名称 收盘价 涨跌幅\n600519 贵州茅台 1800.00 +2.35%\n000001 平安银行 12.10 -0.41%\n",
        "price table": "菜篮子\n白菜 1.20元/斤\n猪肉 13.50元/斤\n鸡蛋 4.80元/斤\n",
        "price table in cells": "本地农贸市场菜价\n品种 单位 价格\n大白菜 斤 1.2\n猪肉 斤 13.8\n",
        "stock table with a byline-shaped row": (
            "沪深股市行情\n股票简称 收盘 涨跌\n浦发银行 8.12 -0.25%\n记者 收盘价\n"
        ),
        "weather box with a heading": "今日天气\n晴转多云\n气温:12-21℃\n东南风3-4级\n",
        "navigation": "首页 | 要闻 | 社会 | 体育 | 娱乐\n上一篇 下一篇 返回目录\n",
    }

    def test_a_block_between_articles_is_neither_glued_nor_a_title(self):
        for kind, block in self.BLOCKS.items():
            with self.subTest(kind):
                parsed = page(
                    f"春耕生产现场会召开\n\n{BODY}\n{block}\n"
                    "城东新建三所学校\n\n本报讯 今年秋季,城东新建的三所学校将投入使用。\n"
                )
                self.assertEqual(
                    [(a.headline, a.subheadline) for a in parsed.articles],
                    [("春耕生产现场会召开", ""), ("城东新建三所学校", "")],
                )
                first = parsed.articles[0]
                self.assertEqual(first.paragraphs[-1], "与会人员参观了育秧基地。")
                # The block, not a guess, ends the story above: nothing to check.
                self.assertEqual([a.warnings for a in parsed.articles], [(), ()])
                self.assertTrue(any("非新闻内容" in w for w in parsed.warnings))
                names = [
                    n for a in parsed.articles for n in a.reporters + a.correspondents
                ]
                self.assertEqual(names, [])

    def test_a_page_of_blocks_only_has_no_article(self):
        for kind, block in self.BLOCKS.items():
            with self.subTest(kind):
                self.assertEqual(page(block).articles, ())


class PersonNameRuleTests(unittest.TestCase):
    def test_names(self):
        from articles.parsing.names import is_person_name

        for name, expected in [
            ("王军", True),
            ("王译博", True),
            ("欧阳晓明", True),
            ("司马光", True),
            ("范徐丽泰", True),
            ("阿依古丽·买买提", True),
            ("约翰·史密斯", True),
            ("收盘价", False),  # a column header: no surname
            ("涨跌幅度", False),
            ("成交量", False),
            ("待续", False),
            ("综合", False),
            ("王", False),
            ("王军军军军", False),
            ("特别报道组成员", False),
            ("Smith", False),
        ]:
            with self.subTest(name):
                self.assertEqual(is_person_name(name), expected)

    def test_a_byline_naming_no_person_creates_no_one_and_warns(self):
        for text in [
            f"春耕生产现场会召开\n\n{BODY}\n记者 收盘价\n",
            "春耕生产现场会召开\n\n本报讯（记者 收盘价）昨日上午,现场会召开。\n",
            f"春耕生产现场会召开\n\n{BODY}\n通讯员 成交量\n",
            f"春耕生产现场会召开\n\n{BODY}\n本报记者\n",
        ]:
            with self.subTest(text):
                article = only(text)
                self.assertEqual(article.reporters + article.correspondents, ())
                self.assertNotEqual(article.warnings, ())


class BylineTests(unittest.TestCase):
    def check(self, text, reporters, correspondents=(), first=None):
        article = only(text)
        self.assertEqual(article.reporters, tuple(reporters))
        self.assertEqual(article.correspondents, tuple(correspondents))
        if first is not None:
            self.assertEqual(article.paragraphs[0], first)
        return article

    def test_bylines_in_the_lead(self):
        for lead, reporters, correspondents, first in [
            (
                "据新华社南宁5月12日电 (记者黄立新)全区",
                ["黄立新"],
                [],
                "据新华社南宁5月12日电 全区",
            ),
            ("本报讯（ 记者 张华 ）全区", ["张华"], [], "本报讯 全区"),
            ("本报讯(记者王军 通讯员李四)全区", ["王军"], ["李四"], "本报讯 全区"),
            (
                "长江日报讯(通讯员童颖 实习生关心仪 记者马辉)全区",
                ["关心仪", "马辉"],
                ["童颖"],
                "长江日报讯 全区",
            ),
            (
                "本报兰州6月5日电记者陈宗立报道:全区",
                ["陈宗立"],
                [],
                "本报兰州6月5日电 全区",
            ),
            (
                "本报讯 记者董斌、见习记者白萌报道:全区",
                ["董斌", "白萌"],
                [],
                "本报讯 全区",
            ),
            ("本报讯(边浩)全区", ["边浩"], [], "本报讯 全区"),
            ("本报讯（李 明）全区", ["李明"], [], "本报讯 全区"),
            ("本报讯 【记者 王军】 全区", ["王军"], [], "本报讯 全区"),
            ("本报讯〔通讯员 李四 记者 王军〕全区", ["王军"], ["李四"], "本报讯 全区"),
            ("本报讯(阿依古丽·买买提)全区", ["阿依古丽·买买提"], [], "本报讯 全区"),
            (
                "中广网呼和浩特7月14日消息(记者阿都钦 满洲里电台王金玲)全区",
                ["阿都钦", "王金玲"],
                [],
                "中广网呼和浩特7月14日消息 全区",
            ),
            (
                "本报北京3月1日电(中央人民广播电台记者王丽、新华社记者张强)全区",
                ["王丽", "张强"],
                [],
                "本报北京3月1日电 全区",
            ),
            (
                "四川新闻网-成都日报讯(成都日报报业集团特别报道组 记者 陈文勇 钟蓓)全区",
                ["陈文勇", "钟蓓"],
                [],
                "四川新闻网-成都日报讯 全区",
            ),
        ]:
            with self.subTest(lead):
                self.check(
                    f"春耕生产现场会召开\n\n{lead}春耕生产全面展开。\n",
                    reporters,
                    correspondents,
                    first + "春耕生产全面展开。",
                )

    def test_bylines_on_their_own_lines(self):
        for byline, reporters, correspondents in [
            ("见习记者 钟雷", ["钟雷"], []),
            ("□记者 吴永功\n实习生 陈曦", ["吴永功", "陈曦"], []),
            ("■记者 吴永功", ["吴永功"], []),
            (
                "N本报记者 吴臻 涂明 通讯员 张宁 张海珍",
                ["吴臻", "涂明"],
                ["张宁", "张海珍"],
            ),
            (
                "东南商报记者 张贻富 通讯员 陆明光 张金星",
                ["张贻富"],
                ["陆明光", "张金星"],
            ),
            ("晚报记者 李 明", ["李明"], []),
            ("融媒记者 王小红 通讯员 赵 刚", ["王小红"], ["赵刚"]),
            ("本报记者\n王军 李明", ["王军", "李明"], []),
            ("□通讯员:\n张宁", [], ["张宁"]),
        ]:
            with self.subTest(byline):
                self.check(
                    f"春耕生产现场会召开\n\n{byline}\n\n{BODY}",
                    reporters,
                    correspondents,
                )

    def test_bylines_after_the_body(self):
        for ending, reporters in [
            ("与会人员参观了育秧基地。(李勤)", ["李勤"]),
            ("与会人员参观了育秧基地。 (揭英栋 苏剑文)", ["揭英栋", "苏剑文"]),
            ("与会人员参观了育秧基地。刘雪平", ["刘雪平"]),
            ("与会人员参观了育秧基地。■徐坚波 陈卫东", ["徐坚波", "陈卫东"]),
            ("与会人员参观了育秧基地。记者陈斌", ["陈斌"]),
            ("与会人员参观了育秧基地。\n\n记者 姜一峰 摄", ["姜一峰"]),
            ("与会人员参观了育秧基地。【记者 王军】", ["王军"]),
            ("与会人员参观了育秧基地。(阿依古丽·买买提)", ["阿依古丽·买买提"]),
            ("与会人员参观了育秧基地。\n\n本报记者\n王军", ["王军"]),
            ("与会人员参观了育秧基地。\n" + " " * 30 + "王军", ["王军"]),
            ("与会人员参观了育秧基地。\n\n撰文 王军 摄影 李明", ["王军", "李明"]),
            ("与会人员参观了育秧基地。 文/本报记者 王军", ["王军"]),
            ("与会人员参观了育秧基地。(记者 王军)(编辑 张三)", ["王军"]),
        ]:
            with self.subTest(ending):
                article = self.check(
                    f"春耕生产现场会召开\n\n本报讯 昨日上午,全市春耕生产现场会在城东召开。\n\n{ending}\n",
                    reporters,
                )
                self.assertEqual(article.paragraphs[-1], "与会人员参观了育秧基地。")

    def test_credits_and_editor_lines_under_a_story_are_not_its_text(self):
        for ending in [
            "与会人员参观了育秧基地。(据《人民日报》)",
            "与会人员参观了育秧基地。(来源:央视新闻)",
            "与会人员参观了育秧基地。\n\n(编辑 张三)",
            "与会人员参观了育秧基地。\n\n责任编辑:张三",
            "与会人员参观了育秧基地。(编辑 张三)",
        ]:
            with self.subTest(ending):
                article = self.check(
                    f"春耕生产现场会召开\n\n本报讯 全市春耕生产现场会召开。\n\n{ending}\n",
                    [],
                )
                self.assertEqual(article.paragraphs[-1], "与会人员参观了育秧基地。")

    def test_a_bracketed_aside_at_the_end_stays_text(self):
        ending = "与会人员参观了育秧基地,全市共有育秧工厂30座(据不完全统计)"
        article = only(
            f"春耕生产现场会召开\n\n本报讯 全市春耕生产现场会召开。\n\n{ending}\n"
        )
        self.assertEqual(article.paragraphs[-1], ending)

    def test_a_name_glued_before_a_column_break_stays_in_the_text(self):
        article = only(
            "春耕生产现场会召开\n\n本报讯 昨日上午,全市春耕生产现场会召开。王伟\n\n"
            "指出,要抓好春耕生产。\n"
        )
        self.assertEqual(article.reporters, ())
        self.assertEqual(
            article.paragraphs,
            ("本报讯 昨日上午,全市春耕生产现场会召开。王伟指出,要抓好春耕生产。",),
        )

    def test_a_quoted_title_is_not_a_glued_name(self):
        parsed = page(f"旧闻\n\n{BODY}\n“扫雪队”成主力\n\n{BODY}")
        self.assertEqual(
            [a.headline for a in parsed.articles], ["旧闻", "“扫雪队”成主力"]
        )


class DatelineTests(unittest.TestCase):
    def test_web_station_and_chinese_numeral_datelines(self):
        for lead, label, date in [
            (
                "四川新闻网-成都日报讯 3月3日,",
                "四川新闻网-成都日报讯",
                datetime.date(2021, 3, 3),
            ),
            ("中广网呼和浩特7月14日消息 昨天,", "中广网", datetime.date(2021, 7, 14)),
            ("廉江讯 10月20日,", "廉江讯", datetime.date(2021, 10, 20)),
            ("生活日报2月6日讯 昨天,", "生活日报", datetime.date(2021, 2, 6)),
            ("宣城新闻网讯 近日,", "宣城新闻网讯", None),
            ("本报上海三月五日讯 昨天,", "本报", datetime.date(2021, 3, 5)),
            ("本报讯 十二月三十一日,", "本报讯", datetime.date(2020, 12, 31)),
            (
                "新华社北京一九九七年十二月三十一日电 昨天,",
                "新华社",
                datetime.date(1997, 12, 31),
            ),
        ]:
            with self.subTest(lead):
                article = only(f"春耕生产现场会召开\n\n{lead}全市春耕生产全面展开。\n")
                self.assertEqual(article.dateline_date, date)
                self.assertEqual(article.source_label, label)
                self.assertTrue(article.paragraphs[0].startswith(lead))


class CaptionTests(unittest.TestCase):
    def test_captions_stay_with_the_article_out_of_its_body(self):
        for caption in [
            "图为大会会场。 (本报记者 孙洪涛摄)",
            "▲现场正在焚烧树枝。",
            "▶空地上垃圾堆积。(邱韵 摄)",
            "①不少居民趁周末到公园内游玩",
            "上图:育秧基地一角。",
            "春耕现场。 张三 摄",
            "农民在田间劳作。(新华社记者 李四 摄)",
            "(图片由城东镇提供)",
            "（资料图片）",
            "图①:与会人员参观育秧基地。",
            "▲与会人员参观育秧基地。 本报记者 赵五 摄",
        ]:
            for where in ("before", "inside", "after"):
                with self.subTest(caption=caption, where=where):
                    lines = [
                        "本报讯 昨日上午,全市春耕生产现场会在城东召开。",
                        "与会人员参观了育秧基地。",
                    ]
                    lines.insert({"before": 0, "inside": 1, "after": 2}[where], caption)
                    article = only(
                        "春耕生产现场会召开\n\n"
                        + "\n\n".join(lines)
                        + "\n\n记者 王军\n"
                    )
                    self.assertEqual(article.captions, (caption,))
                    self.assertEqual(
                        article.paragraphs,
                        tuple(lines[i] for i in range(3) if lines[i] != caption),
                    )
                    self.assertEqual(article.reporters, ("王军",))

    def test_a_credit_line_under_a_caption_is_the_caption_s(self):
        article = only(
            f"春耕生产现场会召开\n\n图为育秧基地。\n(本报记者 孙洪涛 摄)\n\n{BODY}\n记者 王军\n"
        )
        self.assertEqual(article.captions, ("图为育秧基地。 (本报记者 孙洪涛 摄)",))
        self.assertEqual(article.reporters, ("王军",))

    def test_photo_news_credit_is_its_byline(self):
        article = only(
            "清理抛撒石块\n\n昨天,环卫处接到电话,称路口有石块抛撒,经过清理,路面恢复了畅通。\n\n记者 姜一峰 通讯员 戴汉卫 摄\n"
        )
        self.assertEqual(
            (article.reporters, article.correspondents), (("姜一峰",), ("戴汉卫",))
        )
        self.assertEqual(article.captions, ())


class SubheadingTests(unittest.TestCase):
    def test_subheadings_are_their_own_marked_paragraphs(self):
        for subheading, after in [
            ("一、民情账记在心上", "春耕期间,城东育秧基地培育秧苗两万亩。"),
            ("做好育秧 保障春耕", "春耕期间,城东育秧基地培育秧苗两万亩。"),
            ("育秧基地加速建设", "春耕期间,城东育秧基地培育秧苗两万亩。"),
            (
                "老父亲摆下“鸿门宴”,县委书记“三顾茅庐”;他思量再三,终于认定:新农村的宏图美景更精彩",
                "2006年开春,他回到了家乡。",
            ),
        ]:
            with self.subTest(subheading):
                article = only(
                    f"春耕生产现场会召开\n\n{BODY}\n{subheading}\n\n{after}\n"
                )
                self.assertEqual(article.paragraphs[-2:], (subheading, after))
                self.assertEqual(article.subheadings, (subheading,))

    def test_marked_and_follow_on_subheadings_stay_in_the_story(self):
        for subheading, after in [
            ("【产业兴旺】", "今年,全市粮食播种面积稳定在100万亩。"),
            ("◆产业兴旺 农民增收", "今年,全市粮食播种面积稳定在100万亩。"),
            ("■种粮大户有了底气", "今年,全市粮食播种面积稳定在100万亩。"),
            ("种粮大户有了底气", "据了解,今年全市粮食播种面积稳定在100万亩。"),
            ("科技助力春耕", "此外,全市新建育秧工厂三座。"),
        ]:
            with self.subTest(subheading):
                article = only(
                    f"春耕生产现场会召开\n\n{BODY}\n{subheading}\n\n{after}\n\n记者 王军\n"
                )
                self.assertEqual(article.paragraphs[-2:], (subheading, after))
                self.assertEqual(article.subheadings, (subheading,))
                self.assertEqual(article.reporters, ("王军",))

    def test_a_title_told_by_its_words_alone_warns_where_a_half_is_unsigned(self):
        # A quoted line may be a subheading or the title of the next story:
        # whichever the parser takes it for, an editor is told to check.
        for lead_byline, end_byline in [("", "\n\n记者 王军"), ("（记者 王军）", "")]:
            with self.subTest(lead_byline or end_byline):
                parsed = page(
                    f"春耕生产现场会召开\n\n本报讯{lead_byline} 昨日上午,现场会召开。"
                    f"\n\n“以前种地靠天吃饭”\n\n今年,全市粮食播种面积稳定。{end_byline}\n"
                )
                for article in parsed.articles:
                    if len(parsed.articles) > 1:
                        self.assertNotEqual(article.warnings, (), article.headline)

    def test_a_column_break_is_not_a_subheading(self):
        article = only(
            "春耕生产现场会召开\n\n本报讯 会议要求各单位要\n\n提高站位,抓好落实。\n"
        )
        self.assertEqual(
            article.paragraphs, ("本报讯 会议要求各单位要提高站位,抓好落实。",)
        )
        self.assertEqual(article.subheadings, ())


class EditorNoteTests(unittest.TestCase):
    def test_an_editor_s_note_is_kept_apart(self):
        for note in [
            "编者按:春耕时节,本报记者深入田间地头,记录农民的忙碌身影。",
            "【编者按】春耕时节,本报记者深入田间地头。",
            "编者的话 春耕时节,本报推出系列报道,敬请关注。",
            "编者按:\n春耕时节,本报记者深入田间地头。",
            "【编者按】\n\n春耕时节,本报记者深入田间地头。",
        ]:
            for where in ("after the title", "before the title"):
                with self.subTest(note=note, where=where):
                    text = (
                        f"春耕生产现场会召开\n\n{note}\n\n{BODY}"
                        if where == "after the title"
                        else f"{note}\n\n春耕生产现场会召开\n\n{BODY}"
                    )
                    article = only(text)
                    self.assertEqual(article.editor_note, note.replace("\n", ""))
                    self.assertEqual(
                        article.paragraphs[0],
                        "本报讯 昨日上午,全市春耕生产现场会在城东召开。",
                    )

    def test_a_standalone_note_with_its_own_title_is_an_article(self):
        article = only(
            "开栏的话\n\n为进一步推动创建工作,本报自今日起开设专栏,敬请关注。\n"
        )
        self.assertEqual(article.headline, "开栏的话")
        self.assertEqual(article.editor_note, "")

"""Property tests: no input makes the parser fail other than with ParseError."""

import datetime
import unicodedata
import unittest

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError as exc:  # Django's runner has no importorskip.
    raise unittest.SkipTest("hypothesis is not installed") from exc

from articles import parsing
from articles.parsing import ParseError, decode_page, iter_articles, parse_page
from articles.parsing.lines import _items
from articles.parsing.names import is_person_name
from articles.parsing.segmenter import _Segmenter
from articles.parsing.text import _JUNK_RE as JUNK_RE
from articles.parsing.text import _NEWLINES_RE as NEWLINES_RE

# Pieces a page is made of, so that generated text reaches every rule.
PIECES = [
    "本报讯",
    "本报北京2001年12月31日讯",
    "新华社北京3月28日电",
    "据新华社电",
    "海都讯",
    "(记者 王军方)",
    "（记者 刘华、王卓伦 通讯员 李四）",
    "记者林艳芳报道:",
    "记者 王军方",
    "通讯员 孙文韬 吴彦庆",
    "文/摄 记者 张晨",
    "(新华社)",
    "A2",
    "第2版(要闻)",
    "2021年11月6日 星期六",
    "责编 李四 美编 王五",
    "专栏:新闻简报",
    "（下转第2版）",
    "11月3日",
    "7月18日至20日",
    "2月30日",
    "近日",
    "航空港实验区召开会议 认清形势 迅速行动",
    "“扫雪队”成主力",
    "一、民情账记在心上",
    "张俊峰要求,各有关单位、办事处要",
    "会议召开。",
    "他说：“好！”",
    "阿依古丽·买买提",
    "\u3000\u3000",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\x00",
    "\x07",
    "\ufeff",
    "\ud800",
    "(",
    "）",
    "“",
    "。",
    ",",
    "、",
    "·",
]
page_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40
).map("".join)
issue_dates = st.dates(min_value=datetime.date(1, 1, 1))


def is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def control_characters(text):
    return [ch for ch in text if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0]


class ParsePageProperties(unittest.TestCase):
    @settings(max_examples=500, deadline=None)
    @given(page_text, issue_dates)
    def test_only_parse_error_escapes(self, text, issue_date):
        try:
            page = parse_page(text, issue_date)
        except ParseError:
            return
        for article in page.articles:
            for paragraph in article.paragraphs:
                self.assertEqual(control_characters(paragraph), [])
                self.assertNotIn("\x00", paragraph)

    @settings(max_examples=300, deadline=None)
    @given(page_text, issue_dates)
    def test_segmenter_has_no_bugs_behind_the_safety_net(self, text, issue_date):
        lines = parsing.normalize_text(text).split("\n")
        segmenter = _Segmenter(issue_date, lambda message: None)
        for article in segmenter.run(_items(lines, normalized=True)):
            self.assertTrue(article.paragraphs)
            self.assertGreater(article.position, 0)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(page_text, max_size=8), issue_dates)
    def test_iter_articles_takes_any_lines(self, lines, issue_date):
        try:
            list(iter_articles(lines, issue_date))
        except ParseError:
            pass


class NormalizationProperties(unittest.TestCase):
    @settings(max_examples=400, deadline=None)
    @given(st.one_of(page_text, st.text()))
    def test_decomposing_compatibility_characters_keeps_the_nfkc_form(self, text):
        self.assertEqual(
            unicodedata.normalize("NFKC", parsing.decompose_compatibility(text)),
            unicodedata.normalize("NFKC", text),
        )

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(page_text, st.text()))
    def test_normalized_text_is_what_the_regexes_alone_make_of_it(self, text):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        expected = JUNK_RE.sub("", NEWLINES_RE.sub("\n", text))
        self.assertEqual(parsing.normalize_text(text), expected)


class DecodePageProperties(unittest.TestCase):
    @settings(max_examples=400, deadline=None)
    @given(st.binary(max_size=200), st.sampled_from([None, "utf-8", "gbk", "bogus"]))
    def test_only_parse_error_escapes(self, data, encoding):
        try:
            text, name = decode_page(data, encoding)
        except ParseError:
            return
        self.assertIsInstance(text, str)
        self.assertNotIn("\x00", text)

    @settings(max_examples=200, deadline=None)
    @given(page_text, st.sampled_from(["utf-8", "utf-16", "gb18030"]))
    def test_encoded_text_round_trips(self, text, encoding):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            return
        if encoding == "gb18030" and is_utf8(data):
            return  # Short GB text can be valid UTF-8 too: then UTF-8 wins.
        try:
            decoded, _ = decode_page(data)
        except ParseError:
            return
        self.assertEqual(
            parsing.normalize_text(decoded).lstrip("\ufeff"),
            parsing.normalize_text(text.lstrip("\ufeff")),
        )


if __name__ == "__main__":
    unittest.main()


# Pages assembled from conventions, for the invariants of what the parser keeps.
TITLES = [
    "春耕生产现场会召开",
    "城东新建三所学校",
    "“扫雪队”成主力",
    "交警5天查处187起酒驾",
]
BYLINES = [
    "记者 王军方",
    "□记者 吴永功\n实习生 陈曦",
    "N本报记者 吴臻 通讯员 张宁",
    "(李勤)",
]
LEADS = [
    "本报讯 ",
    "本报讯(记者 刘华)",
    "新华社北京3月28日电 ",
    "廉江讯 ",
    "本报讯(边浩)",
    "",
]
BETWEEN = [
    "A4 要闻",
    "第 A2 版:综合新闻",
    "2019年2月12日 星期二 编辑 张三 校对 李四",
    "(下转第四版)",
    "更多报道见A6版",
    "市区天气\n今天 多云 12℃-21℃\n空气质量:良",
    "代码 名称 收盘价 涨跌幅\n600519 贵州茅台 1800.00 +2.35%",
    "广告热线:0371-65551234 13800138000",
    "县域·柳林",
]
FURNITURE_WORDS = (
    "要闻",
    "综合新闻",
    "校对",
    "转第",
    "报道见",
    "℃",
    "收盘",
    "热线",
    "县域",
)
articles_strategy = st.lists(
    st.tuples(
        st.sampled_from(TITLES),
        st.sampled_from(BYLINES + [""]),
        st.sampled_from(LEADS),
        st.lists(st.integers(1, 3), min_size=1, max_size=4),
        st.sampled_from(BETWEEN + [""]),
    ),
    min_size=1,
    max_size=5,
)


def assemble(articles):
    """Return a page's text and the sentences of its bodies, each unique."""
    lines, sentences, number = [], [], 0
    for title, byline, lead, paragraphs, between in articles:
        lines.append(title)
        if byline:
            lines.append(byline)
        for index, size in enumerate(paragraphs):
            text = []
            for _ in range(size):
                number += 1
                sentence = f"城东第{number}号项目已经顺利完工。"
                sentences.append(sentence)
                text.append(sentence)
            lines.append((lead if index == 0 else "") + "".join(text))
        if between:
            lines.append(between)
    return "\n\n".join(lines) + "\n", sentences


class AssembledPageProperties(unittest.TestCase):
    @settings(max_examples=300, deadline=None)
    @given(articles_strategy)
    def test_no_body_text_is_lost_or_duplicated(self, articles):
        text, sentences = assemble(articles)
        parsed = parse_page(text, datetime.date(2021, 11, 6))
        kept = "\n".join(p for a in parsed.articles for p in a.paragraphs)
        for sentence in sentences:
            self.assertEqual(kept.count(sentence), 1, (sentence, text))

    @settings(max_examples=300, deadline=None)
    @given(articles_strategy)
    def test_furniture_markers_and_blocks_never_reach_a_body_or_title(self, articles):
        text, _ = assemble(articles)
        parsed = parse_page(text, datetime.date(2021, 11, 6))
        for article in parsed.articles:
            printed = " ".join(
                (article.headline, article.subheadline, *article.paragraphs)
            )
            for word in FURNITURE_WORDS:
                self.assertNotIn(word, printed, text)

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(page_text, articles_strategy.map(lambda a: assemble(a)[0])))
    def test_every_name_passes_the_person_name_rule(self, text):
        try:
            parsed = parse_page(text, datetime.date(2021, 11, 6))
        except ParseError:
            return
        for article in parsed.articles:
            for name in article.reporters + article.correspondents:
                self.assertTrue(is_person_name(name), name)


# Any word at all where a byline's names stand: in the lead's brackets, on a
# line of its own, glued to the last paragraph, or after a label alone.
HAN_WORDS = st.text(
    alphabet=st.sampled_from(
        "王李收盘价成交量涨跌幅单位欧阳晓明禚洪涛·阿依古丽买提综合待续"
    ),
    min_size=1,
    max_size=6,
)
BYLINE_PLACES = [
    "春耕生产现场会召开\n\n本报讯(记者 {name})昨日上午,现场会召开。\n",
    "春耕生产现场会召开\n\n本报讯 昨日上午,现场会召开。\n\n记者 {name}\n",
    "春耕生产现场会召开\n\n本报讯 昨日上午,现场会召开。\n\n本报记者\n{name}\n",
    "春耕生产现场会召开\n\n本报讯 昨日上午,现场会召开。(通讯员 {name})\n",
    "春耕生产现场会召开\n\n本报讯 昨日上午,现场会召开。({name})\n",
    "春耕生产现场会召开\n\n本报讯 昨日上午,现场会召开。{name}\n",
]


class PersonNameRuleProperties(unittest.TestCase):
    @settings(max_examples=400, deadline=None)
    @given(HAN_WORDS, st.sampled_from(BYLINE_PLACES))
    def test_a_name_becomes_a_person_only_by_the_rule(self, name, place):
        for article in parse_page(place.format(name=name), ISSUE).articles:
            for found in article.reporters + article.correspondents:
                self.assertTrue(is_person_name(found), found)

    @settings(max_examples=400, deadline=None)
    @given(HAN_WORDS)
    def test_a_byline_that_names_no_person_warns(self, name):
        text = BYLINE_PLACES[1].format(name=name)
        (article,) = parse_page(text, ISSUE).articles
        if not article.reporters:
            self.assertNotEqual(article.warnings, (), text)


ISSUE = datetime.date(2021, 11, 6)


# A short line between two paragraphs of one story: a subheading, or the
# title of a story starting there. Whichever the parser takes it for, a split
# neither a lead nor a byline on both sides proves is never silent.
SHORT_LINES = st.builds(
    lambda mark, words, close: mark + words + close,
    st.sampled_from(["", "“", "◆", "【", "一、", "1."]),
    st.text(
        alphabet=st.sampled_from("春耕生产现场会召开城东育秧基地 种粮大户有了底气"),
        min_size=2,
        max_size=14,
    ),
    st.sampled_from(["", "”", "】", "!"]),
)
FOLLOWING = [
    "今年,全市粮食播种面积稳定在100万亩。",
    "据了解,全市新建育秧工厂三座。",
    "2006年开春,他回到了家乡。",
    "城东育秧基地培育秧苗两万亩。",
]


class GuessedSplitProperties(unittest.TestCase):
    @settings(max_examples=300, deadline=None)
    @given(
        SHORT_LINES,
        st.sampled_from(FOLLOWING),
        st.sampled_from(["", "（记者 王军）"]),
        st.sampled_from(["", "\n\n记者 李明"]),
    )
    def test_a_split_no_lead_or_byline_proves_is_warned(
        self, line, following, lead_byline, end_byline
    ):
        text = (
            f"春耕生产现场会召开\n\n本报讯{lead_byline} 昨日上午,现场会在城东召开。"
            f"\n\n{line}\n\n{following}{end_byline}\n"
        )
        articles = parse_page(text, ISSUE).articles
        signed = [bool(a.reporters or a.correspondents) for a in articles]
        if len(articles) > 1 and not all(signed):
            for article in articles:
                self.assertNotEqual(article.warnings, (), text)

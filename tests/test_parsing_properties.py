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

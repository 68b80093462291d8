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

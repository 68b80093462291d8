"""Tests for articles.parsing, the standard-library page parser."""

import datetime
import subprocess
import sys
import unicodedata
import unittest
from pathlib import Path

from articles.parsing import (
    ParseError,
    decode_page,
    decompose_compatibility,
    iter_articles,
    normalize_name,
    normalize_text,
    parse_byline,
    parse_page,
    resolve_month_day,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parsing"
ISSUE = datetime.date(2021, 11, 6)


def parse(text, issue_date=ISSUE):
    return parse_page(text, issue_date).articles


def only(text, issue_date=ISSUE):
    articles = parse(text, issue_date)
    assert len(articles) == 1, [a.headline for a in articles]
    return articles[0]


class ImportIsolationTests(unittest.TestCase):
    def test_importing_the_parser_does_not_load_django(self):
        code = "import sys, articles.parsing; print('django' in sys.modules)"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        self.assertEqual(result.stdout.strip(), "False")


class DecodeTests(unittest.TestCase):
    def test_plain_utf8(self):
        self.assertEqual(decode_page("本报讯".encode()), ("本报讯", "utf-8"))

    def test_utf8_with_bom_drops_the_bom(self):
        text, encoding = decode_page(b"\xef\xbb\xbf" + "标题".encode())
        self.assertEqual((text, encoding), ("标题", "utf-8-sig"))

    def test_utf16_little_endian_with_bom(self):
        self.assertEqual(decode_page("\ufeff标题".encode("utf-16-le"))[0], "标题")

    def test_utf16_big_endian_with_bom(self):
        text, encoding = decode_page("\ufeff标题".encode("utf-16-be"))
        self.assertEqual((text, encoding), ("标题", "utf-16-be"))

    def test_gbk_falls_back_to_gb18030(self):
        data = "本报讯 记者王军方".encode("gbk")
        self.assertEqual(decode_page(data), ("本报讯 记者王军方", "gb18030"))

    def test_explicit_encoding_is_used(self):
        data = "标题".encode("utf-16-le")
        self.assertEqual(decode_page(data, "UTF-16LE"), ("标题", "utf-16-le"))

    def test_unknown_encoding_is_a_parse_error(self):
        with self.assertRaisesRegex(ParseError, "编码"):
            decode_page(b"abc", "no-such-codec")

    def test_bytes_wrong_for_the_given_encoding_are_a_parse_error(self):
        with self.assertRaisesRegex(ParseError, "偏移 0"):
            decode_page(b"\xff\xfe\xfd", "utf-8")

    def test_nul_bytes_look_binary(self):
        with self.assertRaisesRegex(ParseError, "二进制"):
            decode_page(b"PK\x03\x04\x00\x00\x08\x00")

    def test_many_control_characters_look_binary(self):
        with self.assertRaisesRegex(ParseError, "二进制"):
            decode_page(bytes(range(1, 32)) * 4)

    def test_empty_file_is_a_parse_error(self):
        with self.assertRaisesRegex(ParseError, "文件是空的"):
            decode_page(b"")

    def test_gbk_fixture_page_parses(self):
        text, encoding = decode_page((FIXTURES / "gbk_page.txt").read_bytes())
        self.assertEqual(encoding, "gb18030")
        article = only(text)
        self.assertEqual(article.headline, "市民公园秋景宜人")
        self.assertEqual(article.reporters, ("赵一鸣",))


class NormalizeTests(unittest.TestCase):
    def test_line_ends_become_lf(self):
        self.assertEqual(normalize_text("a\r\nb\rc\n"), "a\nb\nc\n")

    def test_control_characters_are_dropped_but_tab_and_newline_kept(self):
        self.assertEqual(normalize_text("a\x00b\x07c\td\n\ufeff"), "abc\td\n")

    def test_other_line_ends_become_lf(self):
        self.assertEqual(
            normalize_text("a\x0bb\x0cc\x85d\u2028e\u2029f"), "a\nb\nc\nd\ne\nf"
        )

    def test_zero_width_and_c1_characters_are_dropped_with_spaces_kept(self):
        self.assertEqual(
            normalize_text("一\u200b二\x9b三\u3000四\xa0五"), "一二三\u3000四\xa0五"
        )

    def test_compatibility_characters_are_decomposed(self):
        self.assertEqual(
            decompose_compatibility("你好，世界（１）…①\u3000！"), "你好,世界(1)...1 !"
        )

    def test_decomposed_chinese_text_is_nfkc_already(self):
        text = decompose_compatibility("“扫雪队”成主力：１２月３日，记者走访……")
        self.assertIs(unicodedata.is_normalized("NFKC", text), True)

    def test_name_loses_all_whitespace(self):
        self.assertEqual(normalize_name(" 王\u3000军 方 "), "王军方")

    def test_name_is_nfkc_with_one_middle_dot(self):
        self.assertEqual(normalize_name("阿依古丽•买买提"), "阿依古丽·买买提")


class ResolveDateTests(unittest.TestCase):
    def test_day_earlier_in_the_issue_year(self):
        self.assertEqual(resolve_month_day(11, 3, ISSUE), datetime.date(2021, 11, 3))

    def test_issue_day_itself(self):
        self.assertEqual(resolve_month_day(11, 6, ISSUE), ISSUE)

    def test_late_december_in_a_january_issue_is_last_year(self):
        issue = datetime.date(2002, 1, 2)
        self.assertEqual(resolve_month_day(12, 31, issue), datetime.date(2001, 12, 31))

    def test_printed_year_wins(self):
        issue = datetime.date(2002, 1, 1)
        found = resolve_month_day(12, 31, issue, year=2001)
        self.assertEqual(found, datetime.date(2001, 12, 31))

    def test_impossible_day_is_none(self):
        self.assertIsNone(resolve_month_day(2, 30, ISSUE))

    def test_month_thirteen_is_none(self):
        self.assertIsNone(resolve_month_day(13, 1, ISSUE))

    def test_leap_day_goes_back_to_a_leap_year(self):
        issue = datetime.date(2021, 3, 1)
        self.assertEqual(resolve_month_day(2, 29, issue), datetime.date(2020, 2, 29))


class TitleTests(unittest.TestCase):
    def test_one_line_title_splits_at_the_first_space(self):
        article = only(
            "航空港实验区召开疫情防控工作会议 认清形势 迅速行动 筑牢严密防线\n\n"
            "本报讯 11月3日,会议召开。\n"
        )
        self.assertEqual(article.headline, "航空港实验区召开疫情防控工作会议")
        self.assertEqual(article.subheadline, "认清形势 迅速行动 筑牢严密防线")
        self.assertIs(article.ambiguous_title, False)

    def test_two_phrase_title_split_is_marked_a_guess(self):
        article = only("春回大地万物生 植树添绿正当时\n\n本报讯 3月12日植树节。\n")
        self.assertEqual(article.headline, "春回大地万物生")
        self.assertIs(article.ambiguous_title, True)
        self.assertIn("标题拆分为推测，请核对", article.warnings)

    def test_full_width_space_also_splits(self):
        article = only("新时代\u3000新征程\n\n本报讯 会议召开。\n")
        self.assertEqual((article.headline, article.subheadline), ("新时代", "新征程"))

    def test_space_inside_quotes_does_not_split(self):
        article = only("“春风润康桥 植绿少年行”活动举行\n\n本报讯 活动举行。\n")
        self.assertEqual(article.headline, "“春风润康桥 植绿少年行”活动举行")
        self.assertEqual(article.subheadline, "")

    def test_two_lines_are_headline_and_subheadline(self):
        article = only("市民公园秋景宜人\n游客周末纷至沓来\n\n本报讯 公园开放。\n")
        self.assertEqual(article.headline, "市民公园秋景宜人")
        self.assertEqual(article.subheadline, "游客周末纷至沓来")
        self.assertEqual(article.kicker, "")

    def test_three_lines_are_kicker_headline_subheadline(self):
        article = only(
            "吴邦国在会议上要求\n坚持不懈地抓好安全生产工作\n为两节两会营造良好氛围\n\n"
            "新华社北京12月31日电 (记者贺劲松)会议强调安全。\n",
            datetime.date(2002, 1, 1),
        )
        self.assertEqual(article.kicker, "吴邦国在会议上要求")
        self.assertEqual(article.headline, "坚持不懈地抓好安全生产工作")
        self.assertEqual(article.subheadline, "为两节两会营造良好氛围")

    def test_title_after_a_closed_paragraph_without_byline(self):
        articles = parse(
            "第一篇\n\n本报讯 第一篇的正文。\n\n"
            "被告人摔伤无法到庭听审“巡回审判”进家中当庭宣判\n\n"
            "被告人腿脚摔伤,无法到庭听审。\n"
        )
        self.assertEqual(len(articles), 2)
        self.assertEqual(articles[1].paragraphs, ("被告人腿脚摔伤,无法到庭听审。",))

    def test_title_with_a_comma_at_the_top_of_the_page(self):
        article = only(
            "有一种年味,叫奋斗和坚守\n\n全媒体记者 王小宁\n\n按照传统,过年了。\n"
        )
        self.assertEqual(article.headline, "有一种年味,叫奋斗和坚守")

    def test_title_indented_unlike_the_body(self):
        articles = parse(
            "第一篇\n\n　　正文第一段。\n\n车棚清出“私人仓库”\n\n　　“这回利索了!”居民说。\n"
        )
        self.assertEqual(
            [a.headline for a in articles], ["第一篇", "车棚清出“私人仓库”"]
        )

    def test_title_indented_like_the_body(self):
        articles = parse(
            "\u3000\u3000第一篇\n\n\u3000\u3000本报讯 正文。\n\n"
            "\u3000\u3000被告人摔伤无法到庭听审\n\n\u3000\u3000被告人腿脚摔伤。\n"
        )
        self.assertEqual(
            [a.headline for a in articles], ["第一篇", "被告人摔伤无法到庭听审"]
        )

    def test_title_sharing_words_with_the_paragraph_below(self):
        articles = parse(
            "秋粮收购\n\n本报讯 全市累计收购秋粮15万吨。\n\n"
            "有一种年味,叫奋斗和坚守\n\n按照传统,过完元宵节,奋斗与坚守始终如一。\n"
        )
        self.assertEqual(articles[1].headline, "有一种年味,叫奋斗和坚守")

    def test_cut_line_sharing_words_with_the_article_above_is_joined(self):
        article = only(
            "航空港实验区法治化营商环境全市第一\n\n本报讯 航空港实验区排名第一。\n\n"
            "航空港实验区对涉企涉法涉诉信访案件进\n\n行排查、评查、督导。\n"
        )
        self.assertEqual(
            article.paragraphs[-1],
            "航空港实验区对涉企涉法涉诉信访案件进行排查、评查、督导。",
        )

    def test_first_body_line_cut_short_is_not_a_subheadline(self):
        article = only(
            "“扫雪队”成主力\n\n昨日7时许,东关社区的“扫雪队”开始\n\n集合。大家各带工具。\n"
        )
        self.assertEqual(article.subheadline, "")
        self.assertEqual(
            article.paragraphs,
            ("昨日7时许,东关社区的“扫雪队”开始集合。大家各带工具。",),
        )

    def test_title_before_a_byline_and_a_lead(self):
        articles = parse(
            "第一篇\n\n本报讯 正文。\n\n垃圾分类，你做对了吗？\n\n记者 吴桐\n\n本报讯 居民参与。\n"
        )
        self.assertEqual(
            [a.headline for a in articles], ["第一篇", "垃圾分类，你做对了吗？"]
        )
        self.assertEqual(articles[1].reporters, ("吴桐",))

    def test_long_title_before_a_lead(self):
        title = "湛江市举行国庆69周年招待会暨第七批湛江市荣誉市民授荣仪式 为湛江繁荣发展献计出力"
        articles = parse(
            f"上一篇\n\n本报讯 正文。\n\n{title}\n\n本报讯 昨晚,仪式举行。\n"
        )
        self.assertEqual(articles[1].subheadline, "为湛江繁荣发展献计出力")

    def test_title_ending_with_a_question_mark_before_a_lead(self):
        article = only("垃圾分类，你做对了吗？\n本报讯 居民踊跃参与。\n")
        self.assertEqual(article.headline, "垃圾分类，你做对了吗？")

    def test_line_numbers_and_positions(self):
        articles = parse("A2\n\n标题一\n\n本报讯 正文。\n\n标题二\n\n本报讯 正文。\n")
        self.assertEqual([a.line_number for a in articles], [3, 7])
        self.assertEqual([a.position for a in articles], [1, 2])

    def test_title_without_body_is_dropped_with_a_warning(self):
        page = parse_page(
            "标题一\n\n本报讯 正文。\n\n记者 王军\n\n孤零零的标题\n", ISSUE
        )
        self.assertEqual(len(page.articles), 1)
        self.assertIn("第 7 行：标题“孤零零的标题”下没有正文，已略去。", page.warnings)


class BylineTests(unittest.TestCase):
    def test_reporter_and_correspondent_lines_after_the_body(self):
        article = only("标题\n\n本报讯 正文。\n\n记者 王军方\n\n通讯员 孙文韬 吴彦庆\n")
        self.assertEqual(article.reporters, ("王军方",))
        self.assertEqual(article.correspondents, ("孙文韬", "吴彦庆"))
        self.assertEqual(article.paragraphs, ("本报讯 正文。",))

    def test_byline_glued_to_the_last_paragraph(self):
        article = only("标题\n\n本报讯 正文。\n\n最后一段,当好“服务员”。记者 王军方\n")
        self.assertEqual(article.paragraphs[-1], "最后一段,当好“服务员”。")
        self.assertEqual(article.reporters, ("王军方",))

    def test_bracketed_byline_glued_after_spaces(self):
        article = only("标题\n\n没有了积雪。     (记者 杨文静)\n")
        self.assertEqual(article.paragraphs, ("没有了积雪。",))
        self.assertEqual(article.reporters, ("杨文静",))

    def test_full_width_bracketed_byline_at_the_end(self):
        article = only("标题\n\n本报讯 正文。（本报记者 吴桐）\n")
        self.assertEqual(article.reporters, ("吴桐",))

    def test_text_and_photo_label_before_the_reporter(self):
        article = only("标题\n\n共同守护整治成果。文/摄 记者 张晨\n")
        self.assertEqual(article.paragraphs, ("共同守护整治成果。",))
        self.assertEqual(article.reporters, ("张晨",))

    def test_writer_and_photographer_are_both_reporters(self):
        article = only("标题\n\n本报讯 正文。\n\n记者 陈思远 文 刘一鸣 图\n")
        self.assertEqual(article.reporters, ("陈思远", "刘一鸣"))

    def test_photographer_line(self):
        article = only("标题\n\n本报讯 正文。\n\n摄影 郑好\n")
        self.assertEqual(article.reporters, ("郑好",))

    def test_byline_line_above_the_body(self):
        article = only("标题\n\n本报记者 孙立新\n\n　　日前,消息发布。\n")
        self.assertEqual(article.reporters, ("孙立新",))
        self.assertEqual(article.paragraphs, ("日前,消息发布。",))

    def test_glued_labels_and_names(self):
        article = only("标题\n\n正文。\n\n本报记者刘明培\n\n通讯员彭林\n")
        self.assertEqual(
            (article.reporters, article.correspondents), (("刘明培",), ("彭林",))
        )

    def test_bracketed_byline_in_the_lead_is_cut_out(self):
        article = only(
            "标题\n\n本报讯(记者 王译博 董茜 通讯员 张昕嫣)3月12日植树节,活动开展。\n",
            datetime.date(2025, 3, 13),
        )
        self.assertEqual(article.paragraphs, ("本报讯 3月12日植树节,活动开展。",))
        self.assertEqual(article.reporters, ("王译博", "董茜"))
        self.assertEqual(article.correspondents, ("张昕嫣",))

    def test_reported_by_byline_in_the_lead_is_cut_out(self):
        article = only("标题\n\n本报讯记者林艳芳报道:昨晚,仪式举行。\n")
        self.assertEqual(article.paragraphs, ("本报讯 昨晚,仪式举行。",))
        self.assertEqual(article.reporters, ("林艳芳",))

    def test_spaced_byline_in_the_lead_is_cut_out(self):
        article = only("标题\n\n本报讯 记者 王军 通讯员 李四 近日,会议召开。\n")
        self.assertEqual(article.paragraphs, ("本报讯 近日,会议召开。",))
        self.assertEqual(
            (article.reporters, article.correspondents), (("王军",), ("李四",))
        )

    def test_byline_in_the_lead_with_spaces_around_brackets(self):
        article = only(
            "标题\n\n本报讯 (见习记者 陈兵 实习生 袁荃) “三条九陌花时节”。\n"
        )
        self.assertEqual(article.paragraphs, ("本报讯 “三条九陌花时节”。",))
        self.assertEqual(article.reporters, ("陈兵", "袁荃"))

    def test_agency_dateline_reporters(self):
        article = only("标题\n\n新华社北京11月3日电（记者 刘华、王卓伦）会见客人。\n")
        self.assertEqual(article.paragraphs, ("新华社北京11月3日电 会见客人。",))
        self.assertEqual(article.reporters, ("刘华", "王卓伦"))

    def test_lead_without_byline_is_left_as_printed(self):
        article = only("标题\n\n新华社北京3月28日电国务院副总理回到北京。\n")
        self.assertEqual(
            article.paragraphs, ("新华社北京3月28日电国务院副总理回到北京。",)
        )
        self.assertEqual(article.reporters, ())
        # An agency's report often has no byline: nothing to check.
        self.assertEqual(article.warnings, ())

    def test_a_brief_without_byline_is_not_flagged(self):
        article = only("标题\n\n本报讯 昨日,会议召开。\n")
        self.assertEqual(article.warnings, ())

    def test_an_aside_in_brackets_is_no_unread_byline_or_date(self):
        article = only("标题\n\n昨日(11月3日)上午,全市春耕生产现场会召开。\n")
        self.assertIsNone(article.dateline_date)
        self.assertEqual(article.warnings, ())

    def test_a_missing_byline_is_flagged_where_a_mistake_could_hide_it(self):
        for text in [
            # An unread signature after the last sentence, or in the lead.
            "标题\n\n本报讯 昨日,会议召开。禚洪涛\n",
            "标题\n\n本报讯(记者 禚 洪 涛)昨日,会议召开。\n",
            # A title told from its words alone inside a body: the byline
            # may be the other half's.
            "标题\n\n本报讯 昨日,会议召开。\n\n“以前种地靠天吃饭”\n\n"
            "今年,全市粮食播种面积稳定。\n\n记者 王军\n",
        ]:
            with self.subTest(text):
                article = parse(text)[0]
                self.assertIn("未找到署名，请核对", article.warnings)

    def test_names_split_on_commas_and_full_width_spaces(self):
        byline = parse_byline(
            "见习记者\u3000王晓晓\u3000通讯员\u3000李明、赵刚，钱多多"
        )
        self.assertEqual(byline.reporters, ("王晓晓",))
        self.assertEqual(byline.correspondents, ("李明", "赵刚", "钱多多"))

    def test_ethnic_name_with_middle_dot(self):
        article = only("标题\n\n本报讯（记者 阿依古丽·买买提）7月18日,节日举行。\n")
        self.assertEqual(article.reporters, ("阿依古丽·买买提",))

    def test_source_credit_is_not_a_person(self):
        article = only("标题\n\n广东省政府批准实行最低限价。\n\n      (新华社)\n")
        self.assertEqual(article.reporters, ())
        self.assertEqual(article.paragraphs, ("广东省政府批准实行最低限价。",))

    def test_paper_label_glued_to_the_name(self):
        byline = parse_byline("大河报记者王军 通讯员 李四")
        self.assertEqual(
            (byline.reporters, byline.correspondents), (("王军",), ("李四",))
        )

    def test_place_after_the_name_is_not_a_name(self):
        for line in ("本报记者 王军 北京报道", "本报记者 王军 发自北京"):
            with self.subTest(line=line):
                self.assertEqual(parse_byline(line).reporters, ("王军",))

    def test_names_printed_without_a_space_are_split(self):
        self.assertEqual(
            parse_byline("本报记者曾坤颜世贵").reporters, ("曾坤", "颜世贵")
        )

    def test_bracketed_signature_closes_a_brief(self):
        article = only("标题\n\n本报讯 据统计,订数上升。\n\n(任工)\n")
        self.assertEqual(article.reporters, ("任工",))
        self.assertEqual(article.paragraphs, ("本报讯 据统计,订数上升。",))

    def test_credit_words_after_the_name(self):
        self.assertEqual(parse_byline("(记者 孟国庆 采访整理)").reporters, ("孟国庆",))

    def test_traditional_labels(self):
        byline = parse_byline("記者 李衛超 通訊員 郭紅勝 攝")
        self.assertEqual(
            (byline.reporters, byline.correspondents), (("李衛超",), ("郭紅勝",))
        )

    def test_boxed_signature_line(self):
        article = only("标题\n\n□陈曦\n\n  谣言猛于虎。\n")
        self.assertEqual(
            (article.reporters, article.paragraphs), (("陈曦",), ("谣言猛于虎。",))
        )

    def test_photo_credit_line_is_a_byline(self):
        article = only("标题\n\n本报讯 正文。\n\n新华社发（记者 陈斌 摄）\n")
        self.assertEqual(article.paragraphs, ("本报讯 正文。",))
        self.assertEqual(article.reporters, ("陈斌",))

    def test_verb_after_a_label_word_is_not_a_glued_name(self):
        article = only("标题\n\n本报讯 会议召开。记者来到\n\n现场看到,秩序井然。\n")
        self.assertEqual(
            article.paragraphs, ("本报讯 会议召开。记者来到现场看到,秩序井然。",)
        )

    def test_phrase_after_a_label_word_is_not_a_byline(self):
        self.assertIsNone(parse_byline("记者走基层"))

    def test_name_without_label_is_not_a_byline(self):
        self.assertIsNone(parse_byline("王军方"))


class DatelineTests(unittest.TestCase):
    def lead(self, lead, issue_date=ISSUE):
        return only(f"标题\n\n{lead}\n", issue_date)

    def test_date_after_the_source(self):
        article = self.lead("本报讯 11月3日,会议召开。")
        self.assertEqual(article.dateline_date, datetime.date(2021, 11, 3))
        self.assertEqual(article.source_label, "本报讯")

    def test_date_with_time_of_day(self):
        article = self.lead("本报讯 11月5日上午,督导开展。")
        self.assertEqual(article.dateline_date, datetime.date(2021, 11, 5))

    def test_date_range_gives_its_first_day(self):
        article = self.lead("本报讯 7月18日至20日,节日举行。")
        self.assertEqual(article.dateline_date, datetime.date(2021, 7, 18))

    def test_vague_openings_give_no_date(self):
        for opening in ("近日", "日前", "昨日", "昨晚"):
            with self.subTest(opening=opening):
                article = self.lead(f"本报讯 {opening},会议召开。")
                self.assertIsNone(article.dateline_date)
                # No date was printed: nothing for the editor to check.
                self.assertFalse(any("日期" in w for w in article.warnings))

    def test_quotation_opening_gives_no_date(self):
        self.assertIsNone(self.lead("本报讯 “11月3日是个好日子。”").dateline_date)

    def test_date_later_in_the_sentence_gives_no_date(self):
        self.assertIsNone(
            self.lead("被告人摔伤。4月25日一大早,法官出发。").dateline_date
        )

    def test_day_without_month_gives_no_date(self):
        self.assertIsNone(self.lead("4日、5日,公园接待游客。").dateline_date)

    def test_printed_year_in_the_source_wins(self):
        article = self.lead(
            "本报北京2001年12月31日讯 记者朱剑红报道:国家计委发出通知。",
            datetime.date(2002, 1, 1),
        )
        self.assertEqual(article.dateline_date, datetime.date(2001, 12, 31))
        self.assertEqual(
            article.paragraphs, ("本报北京2001年12月31日讯 国家计委发出通知。",)
        )
        self.assertEqual(article.source_label, "本报")

    def test_agency_date_in_a_new_year_issue_is_last_year(self):
        article = self.lead(
            "新华社北京12月31日电 会议召开。", datetime.date(2002, 1, 1)
        )
        self.assertEqual(article.dateline_date, datetime.date(2001, 12, 31))
        self.assertEqual(article.source_label, "新华社")

    def test_reported_from_agency(self):
        article = self.lead("据新华社北京3月28日电(记者陈斌华)会见客人。")
        self.assertEqual(article.source_label, "据新华社")
        self.assertEqual(article.dateline_date, datetime.date(2021, 3, 28))

    def test_agency_without_place_or_date(self):
        article = self.lead("据新华社电 日前,侨胞欢度中秋。")
        self.assertEqual(article.paragraphs, ("据新华社电 日前,侨胞欢度中秋。",))
        self.assertIsNone(article.dateline_date)

    def test_other_paper_source(self):
        article = self.lead("海都讯（记者 林小溪）昨晚,暴雨突袭。")
        self.assertEqual(article.paragraphs, ("海都讯 昨晚,暴雨突袭。",))
        self.assertEqual(article.source_label, "海都讯")

    def test_date_opening_a_lead_without_source(self):
        article = self.lead("11月3日,会议召开。")
        self.assertEqual(article.dateline_date, datetime.date(2021, 11, 3))
        self.assertEqual(article.source_label, "")

    def test_impossible_date_gives_no_date(self):
        self.assertIsNone(self.lead("本报讯 2月30日,会议召开。").dateline_date)

    def test_date_in_a_later_paragraph_gives_no_date(self):
        article = only("标题\n\n按照传统,过年了。\n\n2月11日,大年三十。\n")
        self.assertIsNone(article.dateline_date)


class ParagraphTests(unittest.TestCase):
    def test_blank_lines_separate_paragraphs(self):
        article = only("标题\n\n本报讯 第一段。\n\n第二段。\n\n\n第三段!\n")
        self.assertEqual(article.paragraphs, ("本报讯 第一段。", "第二段。", "第三段!"))

    def test_column_break_is_joined_with_nothing_inserted(self):
        article = only("标题\n\n本报讯 要落实健康\n\n监测、核酸检测等措施。\n")
        self.assertEqual(
            article.paragraphs, ("本报讯 要落实健康监测、核酸检测等措施。",)
        )

    def test_short_broken_line_with_commas_is_joined(self):
        article = only(
            "标题\n\n本报讯 正文。\n\n张俊峰要求,各有关单位、办事处要\n\n提高政治站位,落实责任。\n"
        )
        self.assertEqual(
            article.paragraphs[-1],
            "张俊峰要求,各有关单位、办事处要提高政治站位,落实责任。",
        )

    def test_short_heading_line_is_not_a_broken_paragraph(self):
        article = only(
            "标题\n\n本报讯 正文。\n\n一、民情账记在心上\n\n他都一清二楚。\n"
        )
        self.assertEqual(
            article.paragraphs,
            ("本报讯 正文。", "一、民情账记在心上", "他都一清二楚。"),
        )

    def test_photo_caption_does_not_open_an_article(self):
        article = only("标题\n\n本报讯 正文。\n\n图为活动现场\n\n活动持续两天。\n")
        self.assertEqual(article.paragraphs, ("本报讯 正文。", "活动持续两天。"))
        self.assertEqual(article.captions, ("图为活动现场",))

    def test_dateline_cut_by_a_column_break_is_joined(self):
        article = parse(
            "上一篇\n\n本报讯 正文。\n\n标题\n\n新华社北京12月31\n\n日电 会议召开。\n",
            datetime.date(2002, 1, 1),
        )[1]
        self.assertEqual(article.paragraphs, ("新华社北京12月31日电 会议召开。",))
        self.assertEqual(article.dateline_date, datetime.date(2001, 12, 31))

    def test_short_line_followed_by_a_sentence_fragment_is_joined(self):
        article = only(
            "标题\n\n本报讯 正文。\n\n四是要做好宣传引\n\n导。及时发布信息。\n"
        )
        self.assertEqual(article.paragraphs[-1], "四是要做好宣传引导。及时发布信息。")

    def test_unbalanced_quote_is_not_a_heading(self):
        article = only(
            "标题\n\n“这回车棚可算利索了!夏天再也不用\n\n怕蚊子了。”居民说。\n"
        )
        self.assertEqual(
            article.paragraphs, ("“这回车棚可算利索了!夏天再也不用怕蚊子了。”居民说。",)
        )

    def test_column_break_across_a_page_number(self):
        article = only("标题\n\n本报讯 他们把雪弄碎移到\n\nA3\n\n绿化带里。\n")
        self.assertEqual(article.paragraphs, ("本报讯 他们把雪弄碎移到绿化带里。",))

    def test_broken_paragraph_before_the_next_title_stays_broken(self):
        articles = parse("标题一\n\n本报讯 正文没有结束\n\n标题二\n\n本报讯 另一篇。\n")
        self.assertEqual(articles[0].paragraphs, ("本报讯 正文没有结束",))
        self.assertEqual(articles[1].headline, "标题二")

    def test_indentation_is_dropped_and_inner_text_untouched(self):
        article = only("标题\n\n\u3000\u3000本报讯 他说:“好 ,很好”(笑)。\n")
        self.assertEqual(article.paragraphs, ("本报讯 他说:“好 ,很好”(笑)。",))

    def test_paragraphs_on_consecutive_lines(self):
        article = only(
            "标题\n本报讯 第一段。\n第二段说到这里，还没有\n结束。\n第三段。\n"
        )
        self.assertEqual(
            article.paragraphs,
            ("本报讯 第一段。", "第二段说到这里，还没有结束。", "第三段。"),
        )

    def test_text_before_the_first_title_is_dropped_with_a_warning(self):
        page = parse_page(
            "（上接第1版）确保群众得实惠。\n记者 老张\n\n标题\n\n本报讯 正文。\n", ISSUE
        )
        self.assertEqual([a.headline for a in page.articles], ["标题"])
        self.assertIn("第 1 至 2 行：不属于任何稿件的文字已略去。", page.warnings)

    def test_control_characters_never_reach_paragraphs(self):
        article = only("标题\n\n本报讯 正\x00文\x07内\t容。\n")
        self.assertEqual(article.paragraphs, ("本报讯 正文内 容。",))


class FurnitureTests(unittest.TestCase):
    def test_page_numbers_are_dropped(self):
        for line in ("A2", "B12", "第3版", "第2版(要闻)", "第06版:综合新闻", "- 5 -"):
            with self.subTest(line=line):
                page = parse_page(f"{line}\n\n标题\n\n本报讯 正文。\n", ISSUE)
                self.assertEqual([a.headline for a in page.articles], ["标题"])
                self.assertIn(f"已略去版面信息“{line}”", page.warnings[0])

    def test_edition_headers_are_dropped(self):
        for line in (
            "2021年11月6日 星期六",
            "2002年1月1日人民日报 第2版",
            "2025年3月13日 星期四 责编 李四 美编 王五",
        ):
            with self.subTest(line=line):
                self.assertEqual(
                    only(f"{line}\n标题\n\n本报讯 正文。\n").headline, "标题"
                )

    def test_editor_line_is_not_a_byline(self):
        article = only("标题\n\n本报讯 正文。\n\n记者 王军\n\n责编 李四 美编 王五\n")
        self.assertEqual(article.reporters, ("王军",))

    def test_page_heading_with_a_column_label_is_not_a_title(self):
        article = only(
            "第1版(要闻)专栏:庆祝建国45周年\n\n  长虹巨龙起京城\n\n古都北京。\n"
        )
        self.assertEqual(article.headline, "长虹巨龙起京城")

    def test_column_label_is_not_a_title(self):
        articles = parse(
            "标题一\n\n本报讯 正文。\n\n专栏:新闻简报\n\n  穗涉外宾馆定最低限价\n\n正文。\n"
        )
        self.assertEqual(
            [a.headline for a in articles], ["标题一", "穗涉外宾馆定最低限价"]
        )

    def test_source_credit_ends_a_brief(self):
        articles = parse(
            "简讯一\n\n第一条简讯。\n\n      (新华社)\n\n  简讯二\n\n第二条简讯。\n\n(新华社)\n"
        )
        self.assertEqual(
            [a.paragraphs for a in articles], [("第一条简讯。",), ("第二条简讯。",)]
        )

    def test_jump_notes_are_dropped(self):
        article = only("标题\n\n本报讯 正文。\n\n最后一段。（下转第2版）\n")
        self.assertEqual(article.paragraphs[-1], "最后一段。")

    def test_page_of_furniture_only_has_no_articles(self):
        self.assertEqual(parse("A2\n第3版\n2021年11月6日 星期六\n"), ())


class RobustnessTests(unittest.TestCase):
    def test_empty_page_is_a_parse_error(self):
        for text in ("", " \n\u3000\n\t", "\x00\x00"):
            with (
                self.subTest(text=text),
                self.assertRaisesRegex(ParseError, "版面是空的"),
            ):
                parse_page(text, ISSUE)

    def test_text_without_article_gives_no_articles(self):
        self.assertEqual(parse("一段没有标题的文字。\n"), ())

    def test_one_megabyte_line(self):
        articles = parse("标题\n\n本报讯 " + "很长的句子" * 200_000)
        self.assertEqual(len(articles[0].paragraphs[0]), 1_000_004)

    def test_hundred_thousand_blank_lines(self):
        self.assertEqual(
            parse("\n" * 100_000 + "标题\n\n本报讯 正文。")[0].headline, "标题"
        )

    def test_hundred_thousand_headline_like_lines(self):
        page = parse_page("\n".join(["航空港实验区召开会议 认清形势"] * 100_000), ISSUE)
        self.assertEqual(page.articles, ())
        self.assertLessEqual(len(page.warnings), 101)

    def test_iter_articles_streams(self):
        read = []

        def lines():
            for number in range(100_000):
                read.append(number)
                yield f"标题{number}\n"
                yield "\n"
                yield "本报讯 正文。\n"

        first = next(iter_articles(lines(), ISSUE))
        self.assertEqual(first.headline, "标题0")
        self.assertLess(len(read), 100)

    def test_iter_articles_accepts_crlf_lines(self):
        lines = ["标题\r\n", "\r\n", "本报讯 正文。\r\n"]
        articles = list(iter_articles(lines, ISSUE))
        self.assertEqual((articles[0].headline, articles[0].line_number), ("标题", 1))

    def test_iter_articles_reports_page_warnings(self):
        warnings = []
        list(
            iter_articles(
                ["A2", "标题", "本报讯 正文。"], ISSUE, on_warning=warnings.append
            )
        )
        self.assertEqual(warnings, ["第 1 行：已略去版面信息“A2”。"])

    def test_warnings_escape_unprintable_characters(self):
        page = parse_page("标题\u202e甲\n", ISSUE)
        self.assertEqual(
            page.warnings, ("第 1 行：标题“标题\\u202e甲”下没有正文，已略去。",)
        )


if __name__ == "__main__":
    unittest.main()

"""manage.py import_articles: files, folders and stdin in; counts and JSON out."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.importing import store
from articles.models import Article, ImportBatch
from people.models import Correspondent, Department, Reporter
from tests.factories import make_department, make_user

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SAMPLE = settings.BASE_DIR / "samples" / "sample-page.txt"
SHORT = FIXTURES / "short-page-utf8.txt"
SECOND = FIXTURES / "second-page.txt"
ISSUE = ["--issue-date", "2021-11-06"]
SHORT_HEADLINES = [
    "航空港实验区",
    "组织人社局领导",
    "党工委领导调研辖区巩固脱贫成果后评估工作",
]


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    call_command("import_articles", *map(str, args), stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def run_json(*args, **kwargs):
    out, err = run(*args, "--format", "json", **kwargs)
    return json.loads(out), err


class ImportCommandTests(TestCase):
    def assertNothingWritten(self):
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(Reporter.objects.count(), 0)
        self.assertEqual(Correspondent.objects.count(), 0)

    def test_imports_the_sample_page_and_reports_the_counts(self):
        out, _ = run(SAMPLE, *ISSUE)

        self.assertEqual(Article.objects.count(), 5)
        self.assertIn("编码 utf-8", out)
        self.assertIn("电头日期按出版日期 2021-11-06 推算", out)
        self.assertIn("识别 5 篇，新建 5 篇，跳过 0 篇（已导入），新建人员 5 人", out)
        names = Reporter.objects.values_list("name", flat=True)
        self.assertIn(f"新建记者：{'、'.join(names)}", out)
        self.assertEqual(out.count("新建通讯员："), 1)

    def test_dry_run_writes_nothing_and_lists_the_articles(self):
        out, _ = run(SAMPLE, *ISSUE, "--dry-run")

        self.assertNothingWritten()
        self.assertIn("将新建 5 篇", out)
        self.assertIn("[将新建] 组织人社局领导", out)
        self.assertIn("试运行：没有写入数据库。", out)

    def test_dry_run_without_a_usable_database_still_reports_the_parse(self):
        with mock.patch.object(
            store, "preview_page", side_effect=DatabaseError("no such table")
        ):
            data, err = run_json(SHORT, *ISSUE, "--dry-run")

        self.assertIn("无法查询数据库，未检查哪些稿件已导入", err)
        self.assertEqual([a["status"] for a in data["articles"]], ["unchecked"] * 3)
        self.assertEqual([a["headline"] for a in data["articles"]], SHORT_HEADLINES)

    def test_second_run_skips_every_article_and_says_so(self):
        run(SAMPLE, *ISSUE)

        out, _ = run(SAMPLE, *ISSUE)

        self.assertIn("新建 0 篇，跳过 5 篇（已导入），新建人员 0 人", out)
        self.assertNotIn("新建记者", out)
        self.assertEqual(Article.objects.count(), 5)
        self.assertEqual(Reporter.objects.count(), 1)
        self.assertEqual(
            list(ImportBatch.objects.values_list("articles_skipped", flat=True)),
            [5, 0],
        )

    def test_dry_run_after_an_import_marks_articles_already_imported(self):
        run(SHORT, *ISSUE)

        data, _ = run_json(SECOND, *ISSUE, "--dry-run")

        self.assertEqual(
            [a["status"] for a in data["articles"]], ["would_skip", "would_create"]
        )
        self.assertEqual(data["articles"][1]["new_reporters"], ["李明华", "陈静"])

    def test_encodings_and_line_ends_give_the_same_articles(self):
        expected, _ = run_json(SHORT, *ISSUE, "--dry-run")
        variants = {
            "short-page-gb18030.txt": "gb18030",
            "short-page-utf16.txt": "utf-16",
            "short-page-utf8-bom.txt": "utf-8",
            "short-page-crlf.txt": "utf-8",
        }
        for name, encoding in variants.items():
            with self.subTest(name):
                data, _ = run_json(FIXTURES / name, *ISSUE, "--dry-run")
                self.assertTrue(data["encoding"].startswith(encoding))
                self.assertEqual(data["articles"], expected["articles"])

    def test_explicit_encoding_is_used(self):
        data, _ = run_json(
            FIXTURES / "short-page-gb18030.txt", *ISSUE, "--encoding", "gb18030"
        )

        self.assertEqual(data["encoding"], "gb18030")
        self.assertEqual([a["headline"] for a in data["articles"]], SHORT_HEADLINES)

    def test_reads_standard_input(self):
        data = (FIXTURES / "short-page-gb18030.txt").read_bytes()

        out, _ = run("-", *ISSUE, stdin=io.BytesIO(data))

        self.assertIn("标准输入：编码 gb18030", out)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.file_name, "stdin")
        self.assertEqual(batch.sha256, hashlib.sha256(data).hexdigest())
        self.assertEqual(batch.articles_created, 3)

    def test_folder_imports_every_txt_file_in_name_order(self):
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(SECOND, Path(folder) / "b.txt")
            shutil.copy(SHORT, Path(folder) / "a.txt")
            Path(folder, "notes.md").write_text("不是版面")

            data, _ = run_json(folder, *ISSUE)

        self.assertEqual(
            [Path(f["file"]).name for f in data["files"]], ["a.txt", "b.txt"]
        )
        self.assertEqual(
            list(
                ImportBatch.objects.order_by("pk").values_list("file_name", flat=True)
            ),
            ["a.txt", "b.txt"],
        )
        self.assertEqual(Article.objects.count(), 4)

    def test_json_output_of_one_file_is_one_object_in_page_order(self):
        data, err = run_json(FIXTURES / "short-page-utf8.txt", *ISSUE, "--dry-run")

        self.assertEqual(err, "")
        self.assertEqual(data["file"], str(SHORT))
        self.assertEqual(data["encoding"], "utf-8")
        self.assertEqual(data["issue_date"], "2021-11-06")
        self.assertEqual(data["articles_found"], 3)
        first, second, third = data["articles"]
        self.assertEqual([a["position"] for a in data["articles"]], [1, 2, 3])
        self.assertEqual(first["headline"], "航空港实验区")
        self.assertEqual(first["subheadline"], "法治化营商环境 全市排名第一")
        self.assertEqual(first["dateline_date"], "2021-11-04")
        self.assertEqual(second["reporters"], ["王军方"])
        self.assertEqual(second["correspondents"], ["孙文韬", "吴彦庆"])
        self.assertEqual(third["correspondents"], [])
        self.assertEqual(len(third["paragraphs"]), 3)
        self.assertTrue(third["paragraphs"][1].startswith("张俊峰要求,各有关单位"))
        for key in ("kicker", "source_label", "warnings", "status"):
            self.assertIn(key, first)

    def test_json_output_of_several_files_lists_them(self):
        data, _ = run_json(SHORT, SECOND, *ISSUE)

        first, second = data["files"]
        self.assertEqual(first["articles_created"], 3)
        self.assertEqual(
            (second["articles_created"], second["articles_skipped"]), (1, 1)
        )
        self.assertEqual(second["people_created"], 3)
        self.assertEqual(
            [a["status"] for a in second["articles"]], ["skipped", "created"]
        )
        self.assertEqual(second["batch"], ImportBatch.objects.latest("pk").pk)

    def test_people_are_matched_by_name_and_reused_across_pages(self):
        run(SHORT, *ISSUE)
        run(SECOND, *ISSUE)

        self.assertEqual(Reporter.objects.filter(name="王军方").count(), 1)
        self.assertQuerySetEqual(
            Reporter.objects.order_by("name").values_list("name", flat=True),
            sorted(["王军方", "李明华", "陈静"]),
        )
        self.assertEqual(ImportBatch.objects.latest("pk").people_created, 3)

    def test_byline_order_is_preserved(self):
        run(SECOND, *ISSUE)

        article = Article.objects.with_bylines().get(headline="实验区举办秋季运动会")
        self.assertEqual(
            [p.name for p in article.ordered_reporters], ["李明华", "陈静"]
        )
        self.assertEqual([p.name for p in article.ordered_correspondents], ["赵强"])

    def test_publish_stores_published_articles_dated_the_issue_date(self):
        # --publish-all: the page has articles the parser warns about, which
        # --publish alone leaves in review (tests/test_editorial_reviews.py).
        run(SHORT, *ISSUE, "--publish", "--publish-all")

        self.assertEqual(Article.objects.published().count(), 3)
        six = datetime(2021, 11, 6, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
        for moment in Article.objects.values_list("published_at", flat=True):
            self.assertEqual(moment.replace(second=0), six)

    def test_published_pages_are_listed_newest_first_in_print_order(self):
        run(SHORT, SECOND, *ISSUE, "--publish", "--publish-all")

        printed = [
            *(
                a["headline"]
                for a in run_json(SHORT, *ISSUE, "--dry-run")[0]["articles"]
            ),
            *(
                a["headline"]
                for a in run_json(SECOND, *ISSUE, "--dry-run")[0]["articles"]
            ),
        ]
        listed = Article.objects.published().values_list("headline", flat=True)
        # The second page repeats an article of the first, stored once.
        self.assertEqual(list(listed), list(dict.fromkeys(printed)))

    def test_articles_are_drafts_by_default(self):
        run(SHORT, *ISSUE)

        self.assertEqual(
            set(Article.objects.values_list("status", flat=True)), {"draft"}
        )

    def test_user_is_recorded_as_who_ran_the_import(self):
        editor = make_user(username="zhangbian", is_staff=True)

        run(SHORT, *ISSUE, "--user", "zhangbian")

        self.assertEqual(ImportBatch.objects.get().created_by, editor)
        self.assertEqual(
            set(Article.objects.values_list("created_by", "updated_by")),
            {(editor.pk, editor.pk)},
        )

    def test_unknown_or_non_staff_user_is_an_error_and_nothing_is_written(self):
        make_user(username="reader", is_staff=False)
        for username in ("nobody", "reader"):
            with self.subTest(username=username):
                with self.assertRaisesMessage(CommandError, username):
                    run(SHORT, *ISSUE, "--user", username)
                self.assertFalse(ImportBatch.objects.exists())

    def test_department_owns_the_imported_articles(self):
        desk = make_department(name="新闻部", slug="news")

        run(SHORT, *ISSUE, "--department", "news")

        self.assertEqual(Article.objects.filter(department=desk).count(), 3)

    def test_page_and_page_name_are_kept_with_the_order_on_the_page(self):
        run(SHORT, *ISSUE, "--page", "A2", "--page-name", "航空港新闻")

        batch = ImportBatch.objects.get()
        self.assertEqual((batch.page, batch.page_name), ("A2", "航空港新闻"))
        self.assertEqual(batch.source, ImportBatch.Source.COMMAND)
        self.assertEqual(
            list(
                Article.objects.order_by("page_position").values_list(
                    "page_position", "headline"
                )
            ),
            list(enumerate(SHORT_HEADLINES, 1)),
        )

    def test_batch_records_the_file_its_hash_and_encoding(self):
        path = FIXTURES / "short-page-gb18030.txt"

        run(path, *ISSUE)

        batch = ImportBatch.objects.get()
        self.assertEqual(batch.file_name, "short-page-gb18030.txt")
        self.assertEqual(batch.sha256, hashlib.sha256(path.read_bytes()).hexdigest())
        self.assertEqual(batch.encoding, "gb18030")
        self.assertEqual(batch.issue_date, date(2021, 11, 6))
        self.assertEqual(
            (batch.articles_found, batch.articles_created, batch.people_created),
            (3, 3, 3),
        )

    def test_without_a_date_today_in_shanghai_is_the_issue_date(self):
        out, err = run(SHORT, "--format", "json")

        today = timezone.localdate()
        self.assertIn(f"未指定出版日期，按今天（Asia/Shanghai）{today}", err)
        self.assertEqual(json.loads(out)["issue_date"], today.isoformat())

    def test_year_resolves_datelines_against_the_last_day_of_that_year(self):
        data, _ = run_json(SHORT, "--year", "2021", "--dry-run")

        self.assertEqual(data["issue_date"], "2021-12-31")
        self.assertIn("2021-12-31", data["date_resolution"])
        self.assertEqual(data["articles"][0]["dateline_date"], "2021-11-04")

    def test_dateline_after_the_issue_date_belongs_to_the_year_before(self):
        text = "新年献词\n\n本报讯 12月31日,实验区举行新年音乐会。\n\n记者 王军方\n"

        data, _ = run_json(
            "-",
            "--issue-date",
            "2022-01-02",
            "--dry-run",
            stdin=io.BytesIO(text.encode()),
        )

        self.assertEqual(data["articles"][0]["dateline_date"], "2021-12-31")

    def test_progress_goes_to_stderr_when_there_are_many_files(self):
        with tempfile.TemporaryDirectory() as folder:
            for n in range(10):
                shutil.copy(SHORT, Path(folder) / f"page{n:02}.txt")

            out, err = run(folder, *ISSUE)

        self.assertIn("[10/10] 导入", err)
        self.assertNotIn("[10/10]", out)
        self.assertIn("共 10 个文件：新建 3 篇，跳过 27 篇", out)

    def test_query_count_per_page_does_not_depend_on_its_articles(self):
        def queries(path):
            with CaptureQueriesContext(connection) as captured:
                run(path, *ISSUE)
            Article.objects.all().delete()  # so each page meets only new people
            Reporter.objects.all().delete()
            Correspondent.objects.all().delete()
            return len(captured)

        self.assertEqual(queries(SHORT), queries(SAMPLE))  # 3 and 5 articles


class ImportCommandGroupTests(TestCase):
    def article_inserts(self, *args):
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(SHORT, Path(folder) / "a.txt")
            shutil.copy(SECOND, Path(folder) / "b.txt")
            shutil.copy(SAMPLE, Path(folder) / "c.txt")
            with CaptureQueriesContext(connection) as captured:
                run(folder, *ISSUE, *args)
        self.assertEqual(ImportBatch.objects.count(), 3)
        return sum('INSERT INTO "articles_article"' in q["sql"] for q in captured)

    def test_files_are_written_together(self):
        self.assertEqual(self.article_inserts(), 1)

    def test_group_articles_one_writes_each_file_on_its_own(self):
        self.assertEqual(self.article_inserts("--group-articles", "1"), 3)


class ImportCommandErrorTests(TestCase):
    def assertRejected(self, message, *args, **kwargs):
        with self.assertRaisesMessage(CommandError, message):
            run(*args, **kwargs)
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(Reporter.objects.count(), 0)

    def test_missing_path(self):
        self.assertRejected("nowhere.txt：文件或文件夹不存在", "nowhere.txt", *ISSUE)

    def test_folder_without_txt_files(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "page.doc").write_text("x")
            self.assertRejected("文件夹里没有 .txt 文件", folder, *ISSUE)

    def test_unusable_files(self):
        reasons = {
            "binary.txt": "文件像是二进制文件",
            "empty.txt": "文件是空的",
            "blank.txt": "版面是空的",
            "no-article.txt": "没有识别出任何稿件",
        }
        for name, reason in reasons.items():
            with self.subTest(name):
                path = FIXTURES / name
                self.assertRejected(f"{path}：{reason}", path, *ISSUE)

    def test_page_without_articles_says_so(self):
        self.assertRejected("没有识别出任何稿件", FIXTURES / "no-article.txt", *ISSUE)

    def test_undecodable_bytes_for_the_given_encoding(self):
        self.assertRejected(
            "short-page-gb18030.txt：",
            FIXTURES / "short-page-gb18030.txt",
            *ISSUE,
            "--encoding",
            "utf-8",
        )

    def test_unknown_encoding(self):
        self.assertRejected("short-page-utf8.txt：", SHORT, *ISSUE, "--encoding", "x")

    def test_one_bad_file_among_several_stops_them_all_before_writing(self):
        self.assertRejected(
            "1 个文件无法导入，所有文件均未写入", SHORT, FIXTURES / "empty.txt", *ISSUE
        )

    def test_unknown_department_lists_the_known_desks(self):
        make_department(name="新闻部", slug="news")
        make_department(name="某中学", slug="school", kind=Department.Kind.UNIT)

        with self.assertRaisesMessage(CommandError, "已有：news") as caught:
            run(SHORT, *ISSUE, "--department", "sports")
        self.assertIn("“sports”", str(caught.exception))
        self.assertNotIn("school", str(caught.exception))
        self.assertEqual(Article.objects.count(), 0)

    def test_invalid_issue_date(self):
        self.assertRejected(
            "--issue-date '2021-02-30' 不是有效日期",
            SHORT,
            "--issue-date",
            "2021-02-30",
        )

    def test_invalid_year(self):
        self.assertRejected("--year '21' 不是有效年份", SHORT, "--year", "21")

    def test_issue_date_and_year_together(self):
        self.assertRejected(
            "--issue-date 和 --year 只能用一个", SHORT, *ISSUE, "--year", "2021"
        )

    def test_publish_needs_an_issue_date_not_a_year(self):
        self.assertRejected(
            "--publish 需要 --issue-date", SHORT, "--year", "2021", "--publish"
        )

    def test_page_label_too_long(self):
        self.assertRejected(
            "--page 不能超过 20 个字", SHORT, *ISSUE, "--page", "A" * 21
        )

    def test_failure_in_a_later_file_keeps_earlier_files_and_none_of_it(self):
        real = store._store_bylines

        def fail_on_the_second_page(results, *args):
            if any(r.page.file_name == "second-page.txt" for r in results):
                raise DatabaseError("disk full")
            return real(results, *args)

        with (
            mock.patch.object(store, "_store_bylines", fail_on_the_second_page),
            self.assertRaisesMessage(CommandError, "此前 1 个文件已导入") as caught,
        ):
            run(SHORT, SECOND, *ISSUE)

        self.assertIn(
            "second-page.txt：数据库错误，该文件未写入任何内容", str(caught.exception)
        )
        self.assertEqual(
            list(ImportBatch.objects.values_list("file_name", flat=True)),
            ["short-page-utf8.txt"],
        )
        self.assertEqual(Article.objects.count(), 3)
        self.assertFalse(Reporter.objects.filter(name="李明华").exists())


class ImportCommandProcessTests(SimpleTestCase):
    """How an operator's shell sees a mistake: one line, no traceback."""

    def test_error_is_one_line_on_stderr_and_a_failing_exit_status(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        result = subprocess.run(
            [sys.executable, "manage.py", "import_articles", "nowhere.txt", *ISSUE],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

        self.assertEqual(result.returncode, 1)
        self.assertNotIn("Traceback", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("CommandError: nowhere.txt：文件或文件夹不存在。", result.stderr)


class ImportCommandCorrectionsTests(TestCase):
    """--corrections: an editor's corrections, read from JSON, as the admin
    preview makes them."""

    def corrections(self, items):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = Path(folder, "corrections.json")
        text = items if isinstance(items, str) else json.dumps(items)
        path.write_text(text, encoding="utf-8")
        return path

    def test_corrected_articles_are_imported_as_corrected(self):
        path = self.corrections(
            [
                {
                    "position": 1,
                    "headline": "航空港实验区法治化营商环境全市排名第一",
                    "subheadline": "",
                },
                {"position": 2, "drop": True},
                {"position": 3, "keep_as_draft": True},
            ]
        )

        out, _ = run(SHORT, *ISSUE, "--publish", "--corrections", path)

        self.assertIn("识别 2 篇", out)
        self.assertEqual(
            list(
                Article.objects.order_by("page_position").values_list(
                    "headline", "subheadline", "status"
                )
            ),
            [
                ("航空港实验区法治化营商环境全市排名第一", "", "published"),
                (
                    "党工委领导调研辖区巩固脱贫成果后评估工作",
                    "严格对标 全面核查 及时帮扶",
                    "draft",
                ),
            ],
        )

    def test_the_samples_corrections_publish_every_article_of_the_sample(self):
        path = settings.BASE_DIR / "samples" / "sample-page.corrections.json"

        run(SAMPLE, *ISSUE, "--publish", "--corrections", path)

        self.assertEqual(Article.objects.published().count(), 5)
        self.assertTrue(
            Article.objects.published()
            .filter(headline="航空港实验区法治化营商环境全市排名第一", subheadline="")
            .exists()
        )
        self.assertFalse(Article.objects.filter(import_warnings__isnull=False).exists())

    def test_unusable_corrections_are_an_error_and_nothing_is_written(self):
        cases = [
            ("{not json", "corrections.json："),
            ('{"position": 1}', "JSON 列表"),
            ('[{"position": 9, "headline": "x"}]', "没有第 9 篇稿件"),
            ('[{"position": 1, "headline": ""}]', "主标题"),
            ('[{"position": 1, "body": "x"}]', "不认识的更正项"),
        ]
        for text, message in cases:
            with (
                self.subTest(text),
                self.assertRaisesMessage(CommandError, message),
            ):
                run(SHORT, *ISSUE, "--corrections", self.corrections(text))
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_corrections_apply_to_one_file_only(self):
        path = self.corrections([])

        with self.assertRaisesMessage(CommandError, "只能用于一个文件"):
            run(SHORT, SECOND, *ISSUE, "--corrections", path)

    def test_missing_corrections_file(self):
        with self.assertRaisesMessage(CommandError, "无法读取"):
            run(SHORT, *ISSUE, "--corrections", "nowhere.json")

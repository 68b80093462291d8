"""Import the raw text of printed pages as articles with their bylines.

The command turns its options into importing.ImportOptions and its paths into
importing.Source, calls importing.run() and prints what it hears.
"""

import dataclasses
import json
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from articles import importing
from articles.models import ImportBatch
from newsroom import dates
from people.models import Department

STDIN = "-"
PROGRESS_FROM = 10  # files; fewer finish before a progress line would help


class Command(BaseCommand):
    help = (
        "导入版面原文：PATH 可以是文件、文件夹（导入其中全部 .txt）或 -（标准输入）。"
        "每个文件在一个事务里导入；已导入过的稿件按文本指纹跳过。"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--issue-date",
            metavar="YYYY-MM-DD",
            help="出版日期；不带年份的电头日期取此日或之前最近的那一天。",
        )
        parser.add_argument(
            "--year", metavar="YYYY", help="只知道年份时使用：按该年 12 月 31 日推算。"
        )
        parser.add_argument("--department", metavar="SLUG", help="稿件所属编辑部门。")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="直接发布没有解析提示的稿件（发布时间为出版日期早上 6 点），"
            "有提示的存为待审；默认全部存为草稿。",
        )
        parser.add_argument(
            "--publish-all",
            action="store_true",
            help="连同有解析提示的稿件一起发布（须与 --publish 同用）。",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只解析并报告，不写数据库。"
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="输出格式。"
        )
        parser.add_argument("--encoding", help="文件编码；默认自动识别。")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="记为导入人和稿件创建人的员工账号。",
        )
        parser.add_argument("--page", default="", help="版次，如 A2。")
        parser.add_argument("--page-name", default="", help="版名，如 航空港新闻。")
        parser.add_argument(
            "--group-articles",
            type=int,
            default=importing.GROUP_ARTICLES,
            metavar="N",
            help=(
                f"几个文件凑满 N 篇稿件再一起写入（默认 {importing.GROUP_ARTICLES}），"
                "每个文件仍是全部写入或全部不写；1 即每个文件单独提交。"
            ),
        )
        parser.add_argument(
            "--corrections",
            metavar="FILE",
            help=(
                "编辑的更正（JSON 列表，每项带 position 即稿件序号，可改 kicker、"
                "headline、subheadline、dateline_date、reporters、correspondents，"
                "或 drop、keep_as_draft）；只用于一个文件。"
            ),
        )

    def handle(self, *args, **options):
        self.options = options
        paths = options["paths"]
        issue_date, resolution = self.issue_date(options)
        self.check_page_labels(options)
        import_options = importing.ImportOptions(
            issue_date=issue_date,
            encoding=options["encoding"],
            department=self.department(options["department"]),
            publish=options["publish"],
            publish_all=options["publish_all"],
            page_label=options["page"],
            page_name=options["page_name"],
            user=self.staff_user(options["user"]),
            dry_run=options["dry_run"],
            group_articles=options["group_articles"],
        )
        sources = self.sources(paths, options.get("stdin") or sys.stdin)
        # One file named alone gets one object; anything else, a list.
        many = len(paths) > 1 or (paths[0] != STDIN and Path(paths[0]).is_dir())
        kind = JsonReport if options["format"] == "json" else TextReport
        report = kind(self, resolution, many)
        try:
            importing.run(sources, import_options, report)
        except importing.ImportFailed as failure:
            done = failure.report.files
            suffix = f"（此前 {done} 个文件已导入）" if done else ""
            raise CommandError(f"{failure}{suffix}") from None
        finally:
            report.close()

    def issue_date(self, options):
        if options["issue_date"] and options["year"]:
            raise CommandError("--issue-date 和 --year 只能用一个。")
        if options["publish_all"] and not options["publish"]:
            raise CommandError("--publish-all 须与 --publish 同用。")
        if options["issue_date"]:
            day = parse_issue_date(options["issue_date"])
            return day, f"电头日期按出版日期 {day} 推算"
        if options["year"]:
            if options["publish"]:
                raise CommandError("--publish 需要 --issue-date：发布时间取出版日期。")
            day = parse_year(options["year"])
            return day, f"只给了年份：电头日期按 {day} 推算"
        day = timezone.localdate()
        note = f"未指定出版日期，按今天（{timezone.get_current_timezone_name()}）{day}"
        self.stderr.write(note)
        return day, note

    def department(self, slug):
        if slug is None:
            return None
        try:
            desks = {d.slug: d for d in Department.objects.filter(kind="desk")}
        except DatabaseError as error:
            raise CommandError(f"无法读取部门（数据库错误：{error}）") from None
        if slug not in desks:
            known = "、".join(sorted(desks)) or "（还没有编辑部门）"
            raise CommandError(f"没有网址名为“{slug}”的编辑部门。已有：{known}")
        return desks[slug]

    def staff_user(self, username):
        if username is None:
            return None
        User = get_user_model()
        try:
            return User.objects.get(username=username, is_active=True, is_staff=True)
        except User.DoesNotExist:
            raise CommandError(f"没有用户名为“{username}”的在职员工账号。") from None
        except DatabaseError as error:
            raise CommandError(f"无法读取用户（数据库错误：{error}）") from None

    def check_page_labels(self, options):
        for option, field in (("page", "page"), ("page_name", "page_name")):
            limit = ImportBatch._meta.get_field(field).max_length
            if len(options[option]) > limit:
                flag = "--" + option.replace("_", "-")
                raise CommandError(f"{flag} 不能超过 {limit} 个字。")

    def sources(self, paths, stdin):
        sources = []
        for raw in paths:
            if raw == STDIN:
                data = getattr(stdin, "buffer", stdin).read()
                if isinstance(data, str):
                    data = data.encode("utf-8")
                sources.append(importing.Source("标准输入", "stdin", data=data))
                continue
            path = Path(raw)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt")
                if not found:
                    raise CommandError(f"{raw}：文件夹里没有 .txt 文件。")
                sources += [
                    importing.Source(str(p), p.name, p) for p in found if p.is_file()
                ]
            elif path.is_file():
                sources.append(importing.Source(raw, path.name, path))
            else:
                raise CommandError(f"{raw}：文件或文件夹不存在。")
        return self.with_corrections(sources)

    def with_corrections(self, sources):
        if not self.options["corrections"]:
            return sources
        if len(sources) != 1:
            raise CommandError("--corrections 只能用于一个文件。")
        name = self.options["corrections"]
        try:
            with open(name, encoding="utf-8") as file:
                items = json.load(file)
            if not isinstance(items, list):
                raise importing.PageRejected("更正文件应是一个 JSON 列表")
            found = tuple(importing.Correction.from_dict(item) for item in items)
        except OSError as error:
            raise CommandError(f"{name}：无法读取（{error.strerror}）") from None
        except ValueError as error:  # json.JSONDecodeError, PageRejected
            raise CommandError(f"{name}：{error}") from None
        return [dataclasses.replace(sources[0], corrections=found)]


def parse_issue_date(value):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            f"--issue-date {value!r} 不是有效日期，应为 YYYY-MM-DD，如 2021-11-06。"
        ) from None
    if not dates.in_domain(day):
        raise CommandError(
            f"--issue-date {value} 超出范围：出版日期应在 {dates.EARLIEST_DATE} 至 "
            f"{dates.LATEST_DATE} 之间。"
        )
    return day


def parse_year(value):
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise CommandError(f"--year {value!r} 不是有效年份，应为四位数字，如 2021。")
    if not dates.year_in_domain(value):
        raise CommandError(
            f"--year {value} 超出范围：年份应在 {dates.EARLIEST_YEAR} 至 "
            f"{dates.LATEST_YEAR} 之间。"
        )
    return date(int(value), 12, 31)


class Printer(importing.Listener):
    """Progress lines (for many files) and notices, on standard error."""

    def __init__(self, command, resolution, many):
        self.out, self.resolution, self.many = command.stdout, resolution, many
        self.err = command.stderr
        self.options = command.options

    def progress(self, number, total, source, verb):
        if total >= PROGRESS_FROM and self.options["verbosity"] >= 1:
            self.err.write(f"[{number}/{total}] {verb} {source.label}")

    def notice(self, message):
        self.err.write(message)


class TextReport(Printer):
    """Per file: encoding, date rule and counts; the articles on a dry run."""

    def __init__(self, command, resolution, many):
        super().__init__(command, resolution, many)
        self.verbosity = command.options["verbosity"]
        self.dry_run = command.options["dry_run"]
        self.files, self.totals = 0, Counter()

    def page_done(self, source, outcome):
        self.files += 1
        self.totals.update(outcome.counts)
        page, counts, will = outcome.page, outcome.counts, self.dry_run and "将" or ""
        self.out.write(f"{source.label}：编码 {page.encoding}，{self.resolution}")
        self.out.write(
            f"  识别 {counts['articles_found']} 篇，{will}新建 "
            f"{counts['articles_created']} 篇，{will}跳过 {counts['articles_skipped']} "
            f"篇（已导入），{will}新建人员 {counts['people_created']} 人"
        )
        # New people are worth a look: an OCR slip in a name makes a new person.
        for role, attribute in (
            ("记者", "new_reporters"),
            ("通讯员", "new_correspondents"),
        ):
            names = unique(n for a in outcome.articles for n in getattr(a, attribute))
            if names:
                self.out.write(f"  {will}新建{role}：{'、'.join(names)}")
        for warning in page.parsed.warnings:
            self.out.write(f"  注意：{warning}")
        for article in outcome.articles:
            if self.dry_run or self.verbosity >= 2:
                self.out.write("  " + article_line(article))
            for warning in article.parsed.warnings:
                self.out.write(f"  注意：第 {article.parsed.position} 篇：{warning}")

    def close(self):
        will = self.dry_run and "将" or ""
        if self.many:
            self.out.write(
                f"共 {self.files} 个文件：{will}新建 {self.totals['articles_created']} "
                f"篇，{will}跳过 {self.totals['articles_skipped']} 篇，"
                f"{will}新建人员 {self.totals['people_created']} 人"
            )
        if self.dry_run:
            self.out.write("试运行：没有写入数据库。")


class JsonReport(Printer):
    """One JSON object per file, or {"files": [...]}, streamed file by file."""

    def __init__(self, command, resolution, many):
        super().__init__(command, resolution, many)
        self.files = 0

    def page_done(self, source, outcome):
        text = json.dumps(self.file_object(source, outcome), ensure_ascii=False)
        if self.many:
            text = ("," if self.files else '{"files": [') + text
        self.out.write(text, ending="\n" if self.many else "")
        self.files += 1

    def close(self):
        if self.many:
            self.out.write("]}" if self.files else '{"files": []}')
        elif self.files:
            self.out.write("")

    def file_object(self, source, outcome):
        page, options = outcome.page, self.options
        return {
            "file": source.label,
            "encoding": page.encoding,
            "sha256": page.sha256,
            "issue_date": page.issue_date.isoformat(),
            "date_resolution": self.resolution,
            "page": options["page"],
            "page_name": options["page_name"],
            "department": options["department"],
            "publish": options["publish"],
            "publish_all": options["publish_all"],
            "dry_run": outcome.dry_run,
            "batch": outcome.batch.pk if outcome.batch else None,
            **outcome.counts,
            "page_label": page.parsed.page_label,
            "printed_page_name": page.parsed.page_name,
            "warnings": list(page.parsed.warnings),
            "articles": [article_object(article) for article in outcome.articles],
        }


def article_object(outcome):
    parsed = outcome.parsed
    day = parsed.dateline_date
    return {
        "position": parsed.position,
        "line": parsed.line_number,
        "status": outcome.status,
        "kicker": parsed.kicker,
        "headline": parsed.headline,
        "subheadline": parsed.subheadline,
        "ambiguous_title": parsed.ambiguous_title,
        "source_label": parsed.source_label,
        "dateline_date": day.isoformat() if day else None,
        "reporters": list(parsed.reporters),
        "correspondents": list(parsed.correspondents),
        "new_reporters": list(outcome.new_reporters),
        "new_correspondents": list(outcome.new_correspondents),
        "paragraphs": list(parsed.paragraphs),
        "subheadings": list(parsed.subheadings),
        "editor_note": parsed.editor_note,
        "captions": list(parsed.captions),
        "continued_from": parsed.continued_from,
        "continued_to": parsed.continued_to,
        "warnings": list(parsed.warnings),
    }


STATUS_WORDS = {
    importing.CREATED: "新建",
    importing.SKIPPED: "跳过，已导入",
    importing.WOULD_CREATE: "将新建",
    importing.WOULD_SKIP: "将跳过，已导入",
    importing.UNCHECKED: "未查重",
}


def unique(names):
    return list(dict.fromkeys(names))


def article_line(outcome):
    parsed = outcome.parsed
    title = " / ".join(t for t in (parsed.headline, parsed.subheadline) if t)
    people = [f"记者 {' '.join(parsed.reporters)}"] if parsed.reporters else []
    if parsed.correspondents:
        people.append(f"通讯员 {' '.join(parsed.correspondents)}")
    details = "；".join([str(parsed.dateline_date or "无电头日期"), *people])
    return f"{parsed.position}. [{STATUS_WORDS[outcome.status]}] {title}（{details}）"

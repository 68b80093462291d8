"""Statistics tables as files: CSV (UTF-8 with BOM) and XLSX (openpyxl).

One table shape serves the admin page, the downloads and the
export_statistics command, so a figure is the same wherever it is read.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone

from contributions.counting import KINDS

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# How shared credit and 字数 are counted; on the page and in every XLSX.
COUNTING_NOTES = (
    "只统计已发布的稿件（不含草稿、待审、定时发布和已撤稿），按发布时间（北京时间）归入期间。",
    "字数：正文的字符数，不计空格和换行；汉字、标点、字母、数字各计一字"
    "（同 Word、WPS 的“字符数（不计空格）”）。",
    "合署稿件：一篇稿件署有两名通讯员（或记者），每人各计一篇、全文字数各计一次；"
    "两人同属一个单位时，该单位只计一篇，分属两个单位时各计一篇。",
    "合计按表中各行相加，合署稿件因此计入多次；“不重复稿件”每篇只计一次。",
    "部门筛选按稿件所属部门，不按作者所在部门。",
)
# A text cell that a spreadsheet would run as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UNSAFE_FILE_CHARACTERS = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class Table:
    title: str
    headers: list
    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)  # rows after the data rows


def ranking_table(ranking, period, desk=None):
    """The ranking as a Table: rank, name, [unit or desk], articles, 字数."""
    kind = ranking.kind
    grouped = bool(kind.group_header)
    headers = ["名次", kind.name_header]
    if grouped:
        headers.append(kind.group_header)
    headers += ["发稿篇数", "字数"]
    table = Table(title=ranking_title(kind, period, desk), headers=headers)
    for row in ranking.rows:
        cells = [row.rank, row.name]
        if grouped:
            cells.append(row.group)
        table.rows.append(cells + [row.articles, row.chars])
    padding = [""] if grouped else []
    table.totals = [
        [
            "合计",
            "各行相加",
            *padding,
            ranking.credited.articles,
            ranking.credited.chars,
        ],
        ["", "不重复稿件", *padding, ranking.distinct.articles, ranking.distinct.chars],
    ]
    return table


def article_table(kind, owner_name, articles, period, desk=None):
    """One owner's articles of the period as a Table."""
    table = Table(
        title=f"{period.label}{desk_part(desk)}{kind.label}{owner_name}发稿明细",
        headers=["发布时间", "标题", "部门", "记者", "通讯员", "字数"],
    )
    for article in articles:
        table.rows.append(
            [
                f"{timezone.localtime(article.published_at):%Y-%m-%d %H:%M}",
                article.headline,
                article.department.name if article.department else "",
                "、".join(p.name for p in article.ordered_reporters),
                "、".join(p.name for p in article.ordered_correspondents),
                article.char_count,
            ]
        )
    table.totals = [
        [
            "合计",
            f"{len(table.rows)} 篇",
            "",
            "",
            "",
            sum(row[-1] for row in table.rows),
        ]
    ]
    return table


def ranking_title(kind, period, desk=None):
    return f"{period.label}{desk_part(desk)}{kind.label}发稿统计"


def desk_part(desk):
    return f"（{desk.name}）" if desk is not None else ""


def file_name(kind_slug, period, desk=None, fmt="csv", owner_name=""):
    """稿件统计_单位_2021-11[_要闻部][_name].fmt: the period and filters in it."""
    parts = ["稿件统计", KINDS[kind_slug].label, period.file_slug]
    if desk is not None:
        parts.append(desk.name)
    if owner_name:
        parts.append(owner_name)
    name = "_".join(UNSAFE_FILE_CHARACTERS.sub("-", part) for part in parts)
    return f"{name}.{fmt}"


def render(table, fmt):
    """Return the table as bytes in fmt ("csv" or "xlsx")."""
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    raise ValueError(f"unknown format {fmt!r}")


def to_csv(table):
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (table.headers, *table.rows, *table.totals):
        writer.writerow([defused(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def defused(cell):
    """A text cell that starts like a formula, prefixed with an apostrophe so
    that a spreadsheet shows it instead of running it."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def to_xlsx(table):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "统计"
    bold = Font(bold=True)
    for row in (table.headers, *table.rows, *table.totals):
        sheet.append([None] * len(row))
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.value = value
            if isinstance(value, str):
                # Text stays text: openpyxl takes "=…" for a formula.
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=sheet.max_row - len(table.totals) + 1):
        for cell in row:
            cell.font = bold
    sheet.freeze_panes = "A2"
    for column, header in enumerate(table.headers, 1):
        widest = max(
            [display_width(header)]
            + [display_width(row[column - 1]) for row in table.rows[:500]]
        )
        sheet.column_dimensions[get_column_letter(column)].width = min(60, widest + 2)
    notes = workbook.create_sheet("说明")
    notes.append([table.title])
    notes["A1"].font = bold
    for note in COUNTING_NOTES:
        notes.append([note])
    notes.column_dimensions["A"].width = 100
    workbook.properties.title = table.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def display_width(value):
    """Columns a value takes in a spreadsheet: a Chinese character takes two."""
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

"""Statistics periods: a month, a quarter, a year or any span of days.

Written as in the URL, the command line and file names: ``2021-11``,
``2021-Q4``, ``2021``, or ``2021-11-01..2021-11-30``. Days are calendar days
in the site's time zone (Asia/Shanghai): an article published at 00:00:30 on
1 December Beijing time belongs to December, although it is still November
in UTC.
"""

import datetime
import re
from dataclasses import dataclass

from articles.filters import day_range
from newsroom.dates import EARLIEST_DATE, LATEST_DATE

# A span longer than this is refused: its month-by-month chart would be
# unreadable, and ten years covers any review a newsroom makes.
LONGEST_SPAN_MONTHS = 120

QUARTER_NAMES = ("", "第一季度", "第二季度", "第三季度", "第四季度")

YEAR = re.compile(r"^(\d{4})$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
SPAN = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{1,2}-\d{1,2})$"
)

EXAMPLES = "2021-11（月）、2021-Q4（季度）、2021（年）或 2021-11-01..2021-11-30"


class PeriodError(ValueError):
    """A period that cannot be read; its message is for the user, in Chinese."""


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    kind: str  # "month", "quarter", "year" or "span"

    @classmethod
    def month(cls, year, month):
        check_year(year)
        if not 1 <= month <= 12:
            raise PeriodError(f"月份应为 1 至 12，收到 {month}。")
        return cls(datetime.date(year, month, 1), month_end(year, month), "month")

    @classmethod
    def quarter(cls, year, quarter):
        check_year(year)
        first_month = 3 * (quarter - 1) + 1
        return cls(
            datetime.date(year, first_month, 1),
            month_end(year, first_month + 2),
            "quarter",
        )

    @classmethod
    def year(cls, year):
        check_year(year)
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def span(cls, first, last):
        for day in (first, last):
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                raise PeriodError(
                    f"日期应在 {EARLIEST_DATE.year} 年至 {LATEST_DATE.year} 年之间，"
                    f"收到 {day:%Y-%m-%d}。"
                )
        if first > last:
            raise PeriodError(
                f"起始日期 {first:%Y-%m-%d} 晚于结束日期 {last:%Y-%m-%d}。"
            )
        period = cls(first, last, "span")
        if len(period.months()) > LONGEST_SPAN_MONTHS:
            raise PeriodError(
                f"统计期间最长 {LONGEST_SPAN_MONTHS // 12} 年，"
                f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d} 超过了。"
            )
        return period

    @classmethod
    def containing(cls, day):
        """The month of day."""
        return cls.month(day.year, day.month)

    @property
    def slug(self):
        """The period as written in URLs, commands and file names."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.first.year}"
        return f"{self.first:%Y-%m-%d}..{self.last:%Y-%m-%d}"

    @property
    def file_slug(self):
        return self.slug.replace("..", "_")

    @property
    def label(self):
        """The period in Chinese, as a report's title says it."""
        if self.kind == "month":
            return f"{self.first.year}年{self.first.month}月"
        if self.kind == "quarter":
            return (
                f"{self.first.year}年{QUARTER_NAMES[(self.first.month - 1) // 3 + 1]}"
            )
        if self.kind == "year":
            return f"{self.first.year}年"
        return f"{chinese_date(self.first)}至{chinese_date(self.last)}"

    def bounds(self):
        """Aware [start, end) datetimes: local midnight to local midnight."""
        return day_range(self.first, self.last)

    def months(self):
        """The first day of every month the period touches, in order."""
        months = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(datetime.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def chart_months(self):
        """The months a chart of this period shows: its own, or the twelve up
        to and including a single month (one bar says nothing)."""
        if self.kind != "month":
            return self.months()
        months = [self.first]
        while len(months) < 12 and months[0] > EARLIEST_DATE:
            previous = months[0] - datetime.timedelta(days=1)
            months.insert(0, previous.replace(day=1))
        return months

    def previous(self):
        return self.shifted(-1)

    def next(self):
        return self.shifted(1)

    def shifted(self, steps):
        """The period of the same kind steps before (or after) this one, or
        None beyond the dates the site handles."""
        try:
            if self.kind == "year":
                return Period.year(self.first.year + steps)
            if self.kind in ("month", "quarter"):
                size = 1 if self.kind == "month" else 3
                index = self.first.year * 12 + self.first.month - 1 + steps * size
                year, month = divmod(index, 12)
                if self.kind == "month":
                    return Period.month(year, month + 1)
                return Period.quarter(year, month // 3 + 1)
            length = self.last - self.first + datetime.timedelta(days=1)
            return Period.span(self.first + steps * length, self.last + steps * length)
        except (PeriodError, OverflowError):
            return None


def parse_period(text):
    """Return the Period written as text, or raise PeriodError saying why not."""
    text = (text or "").strip()
    if not text:
        raise PeriodError(f"请给出统计期间，如 {EXAMPLES}。")
    if match := YEAR.match(text):
        return Period.year(int(match[1]))
    if match := MONTH.match(text):
        return Period.month(int(match[1]), int(match[2]))
    if match := QUARTER.match(text):
        return Period.quarter(int(match[1]), int(match[2]))
    if match := SPAN.match(text):
        return Period.span(parse_day(match[1]), parse_day(match[2]))
    raise PeriodError(f"无法识别统计期间“{text[:40]}”；应写作 {EXAMPLES}。")


def parse_day(text):
    try:
        return datetime.date(*(int(part) for part in text.split("-")))
    except ValueError:
        raise PeriodError(f"日期“{text}”不存在。") from None


def check_year(year):
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise PeriodError(
            f"年份应在 {EARLIEST_DATE.year} 至 {LATEST_DATE.year} 之间，收到 {year}。"
        )


def month_end(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"

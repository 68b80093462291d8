"""Month-by-month bar charts as geometry for an inline SVG, drawn on the server.

No script and no style attribute: the template draws rectangles and text with
SVG presentation attributes, which the Content-Security-Policy allows, and
which print as they show. Two panels share the months: articles, then 字数.
"""

import math
from dataclasses import dataclass, field

WIDTH = 760
PANEL_HEIGHT = 170
TOP = 34  # room for the panel's title
LEFT = 64  # room for the axis figures
RIGHT = 12
BOTTOM = 40  # room for the month labels
TICKS = 4


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # the month, as on the axis ("" where they would crowd)
    year_label: str  # under the month where a year starts
    title: str  # the tooltip and what a screen reader says

    @property
    def value_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self):
        return round(self.y - 3, 1)

    @property
    def middle(self):
        return self.value_x


@dataclass
class Tick:
    y: float
    label: str

    @property
    def text_y(self):
        return round(self.y + 4, 1)


@dataclass
class Panel:
    title: str
    unit: str
    top: float
    bottom: float
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)

    @property
    def title_y(self):
        return self.top - 14

    @property
    def label_y(self):
        return self.bottom + 15

    @property
    def year_y(self):
        return self.bottom + 29


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    panels: list
    description: str
    # Figures above the bars only while they fit.
    show_values: bool = True

    @property
    def tick_x(self):
        return self.left - 6


def nice_step(largest, ticks=TICKS):
    """A round step (1, 2 or 5 times a power of ten) for about ticks lines."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(1, int(multiple * power))
    return int(10 * power)


# Past two years, month labels would overlap: only years are written.
MONTH_LABELS_UP_TO = 24


def axis_labels(month, months):
    """(month label, year label) under a bar."""
    label = f"{month.month}月" if len(months) <= MONTH_LABELS_UP_TO else ""
    year = f"{month.year}年" if month == months[0] or month.month == 1 else ""
    return label, year


def monthly_chart(figures, owner_name):
    """Build the Chart of [(month, Figures)] for owner_name."""
    months = [month for month, _ in figures]
    panels = []
    height = 0
    for title, unit, attribute in (
        ("发稿篇数", "篇", "articles"),
        ("字数", "字", "chars"),
    ):
        top = height + TOP
        bottom = height + PANEL_HEIGHT + TOP
        panel = Panel(title=title, unit=unit, top=top, bottom=bottom)
        values = [getattr(counted, attribute) for _, counted in figures]
        step = nice_step(max(values, default=0))
        ceiling = step * max(1, math.ceil(max(values, default=0) / step))
        scale = (bottom - top) / ceiling
        for n in range(0, ceiling + 1, step):
            panel.ticks.append(Tick(y=bottom - n * scale, label=f"{n:,}"))
        slot = (WIDTH - LEFT - RIGHT) / max(1, len(figures))
        for index, (month, value) in enumerate(zip(months, values, strict=True)):
            bar_height = value * scale
            label, year_label = axis_labels(month, months)
            panel.bars.append(
                Bar(
                    x=round(LEFT + index * slot + slot * 0.15, 1),
                    y=round(bottom - bar_height, 1),
                    width=round(slot * 0.7, 1),
                    height=round(bar_height, 1),
                    value=value,
                    label=label,
                    year_label=year_label,
                    title=f"{month.year}年{month.month}月 {value:,} {unit}",
                )
            )
        panels.append(panel)
        height = bottom + BOTTOM
    total_articles = sum(counted.articles for _, counted in figures)
    total_chars = sum(counted.chars for _, counted in figures)
    description = (
        f"{owner_name}{months[0].year}年{months[0].month}月至"
        f"{months[-1].year}年{months[-1].month}月逐月发稿：共 {total_articles:,} 篇、"
        f"{total_chars:,} 字"
    )
    return Chart(
        width=WIDTH,
        height=int(height),
        left=LEFT,
        right=WIDTH - RIGHT,
        panels=panels,
        description=description,
        show_values=len(figures) <= MONTH_LABELS_UP_TO,
    )

"""Charts a manager can show a board, drawn on the server as SVG (no charting library on the phone): the share with
a placement each week, and the outcome at exit per start cohort. Each chart is the geometry of its bars with their
numbers; the template draws it (reports/_chart.html) with a title and a description as its text alternative, and the
page shows the same numbers in a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.dates import format_skeleton
from flask_babel import format_date, format_percent, get_locale, gettext

from app.reports.figures import CohortRow, Week

WIDTH = 360  # the drawing's own units; it scales to the page's width
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 8, 28
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
SERIES = ("job", "education", "other", "open")  # the stacked chart's parts, bottom up (CSS classes in staff.css)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int | float  # the number it stands for (data-value), as in the table
    label: str  # what a pointer shows (the SVG <title>)
    series: str = ""


@dataclass
class Chart:
    key: str  # element ids
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)
    grid: list[tuple[float, str]] = field(default_factory=list)  # (y, label) of the horizontal lines
    ticks: list[tuple[float, str, str]] = field(default_factory=list)  # (x, label, text-anchor) under the bars
    legend: list[tuple[str, str]] = field(default_factory=list)  # (series, label)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT  # where the plot begins (the percentages stand to its left)
    right: int = RIGHT


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def _grid() -> list[tuple[float, str]]:
    return [(TOP + PLOT_H * (1 - step / 4), format_percent(step / 4)) for step in range(5)]


def _spaced(count: int, most: int) -> list[int]:
    """At most `most` indexes out of `count`, spread evenly, the first and the last included."""
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def weekly_chart(weeks: list[Week]) -> Chart:
    """Bars per week: the share of the participants that week who held a placement (in whole percent)."""
    shares = [w.share for w in weeks if w.share is not None]
    if shares:
        description = gettext(
            "From the week of %(first)s to the week of %(last)s, between %(low)s and %(high)s of the participants "
            "held a placement each week. The table has the figure for every week.",
            first=format_date(weeks[0].monday, "medium"),
            last=format_date(weeks[-1].monday, "medium"),
            low=percent(min(shares)),
            high=percent(max(shares)),
        )
    else:
        description = gettext("No participants in this period.")
    chart = Chart("weekly", gettext("Share with a placement each week"), description, grid=_grid())
    slot = PLOT_W / max(len(weeks), 1)
    gap = slot * 0.2 if slot >= 4 else 0
    for index, week in enumerate(weeks):
        value = round((week.share or 0) * 100)
        height = PLOT_H * value / 100
        label = gettext(
            "Week %(week)s %(year)s: %(share)s (%(placed)s of %(people)s)",
            week=week.monday.isocalendar().week,
            year=week.monday.isocalendar().year,
            share=percent(week.share),
            placed=week.placed,
            people=week.participants,
        )
        chart.bars.append(Bar(LEFT + index * slot + gap / 2, TOP + PLOT_H - height, slot - gap, height, value, label))
    locale = str(get_locale() or "da")
    for index in _spaced(len(weeks), 4):
        label = format_skeleton("MMMd", weeks[index].monday, locale=locale)
        chart.ticks.append((LEFT + (index + 0.5) * slot, label, _anchor(index, len(weeks))))
    return chart


def _anchor(index: int, count: int) -> str:
    """Where a label under a bar is anchored: the first and last keep inside the drawing."""
    if count > 2 and index == 0:
        return "start"
    if count > 2 and index == count - 1:
        return "end"
    return "middle"


def cohort_chart(rows: list[CohortRow], labels: dict[str, str]) -> Chart:
    """Stacked bars per start quarter: of its participants, how many left for a job, education or something else in
    the period, and how many had not left (`open`); each bar is 100 % of the cohort."""
    chart = Chart(
        "cohorts",
        gettext("Outcome at exit by start cohort"),
        gettext(
            "For each start quarter, the share of its participants who left for a job, for education or for "
            "something else during the period, and the share who had not left. The table has the numbers."
        )
        if rows
        else gettext("No participants in this period."),
        grid=_grid(),
        legend=[(series, labels[series]) for series in SERIES],
    )
    rows = [row for row in rows if row.totals.participants]  # a cohort here only for its follow-ups has no bar
    slot = PLOT_W / max(len(rows), 1)
    width = min(slot * 0.7, 48)
    for index, row in enumerate(rows):
        total = row.totals.participants
        counts = {
            "job": row.totals.exit_job,
            "education": row.totals.exit_education,
            "other": row.totals.exit_other,
            "open": total - row.totals.exits,
        }
        base: float = TOP + PLOT_H
        x = LEFT + index * slot + (slot - width) / 2
        for series in SERIES:
            height = PLOT_H * counts[series] / total if total else 0
            base -= height
            label = gettext(
                "%(quarter)s, %(what)s: %(count)s of %(total)s",
                quarter=quarter_label(row.quarter.year, row.quarter.quarter),
                what=labels[series],
                count=counts[series],
                total=total,
            )
            chart.bars.append(Bar(x, base, width, height, counts[series], label, series))
        chart.ticks.append((x + width / 2, quarter_label(row.quarter.year, row.quarter.quarter), "middle"))
    if len(chart.ticks) > 5:  # keep the labels readable on a phone
        keep = set(_spaced(len(chart.ticks), 5))
        chart.ticks = [tick for index, tick in enumerate(chart.ticks) if index in keep]
    return chart


def quarter_label(year: int, quarter: int) -> str:
    return gettext("Q%(quarter)d %(year)d", quarter=quarter, year=year)

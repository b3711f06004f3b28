"""The monthly view's chart, drawn on the server as SVG: the mean rating per principle at each meeting (lines on a
1-4 scale, each principle with its own colour and marker shape) above the share of the members who came (bars).
The page shows the same numbers in a table; the chart's title and description are its text alternative."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal, format_percent, gettext

from app.facilitation.models import RATING_MAX, RATING_MIN, Principle
from app.facilitation.month import MeetingFigures
from app.timeutil import to_local

WIDTH, LEFT, RIGHT = 400, 54, 8  # the drawing's own units (as the reports' charts): it scales to the page's width
LINES_TOP, LINES_H = 10, 120  # the ratings' panel
BARS_TOP, BARS_H = 152, 50  # the attendance panel below it
HEIGHT = BARS_TOP + BARS_H + 24  # room for the dates
PLOT_W = WIDTH - LEFT - RIGHT
NUDGE = 3.5  # each principle's points sit a little apart, so equal means at one meeting do not hide each other
MARKERS = {  # a shape per principle, so the lines are told apart without colour too
    Principle.CO_DETERMINATION: "circle",
    Principle.SHARING: "square",
    Principle.RESOURCES: "triangle",
    Principle.WORK_IDENTITY: "diamond",
}


@dataclass
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass
class Series:
    principle: Principle
    marker: str
    points: list[Point] = field(default_factory=list)
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)  # between neighbouring meetings


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class Chart:
    title: str
    description: str
    series: list[Series]
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    rating_grid: list[tuple[float, str]]
    bar_grid: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT


def _rating_y(value: float) -> float:
    return LINES_TOP + LINES_H * (RATING_MAX - value) / (RATING_MAX - RATING_MIN)


def _day(figures: MeetingFigures) -> str:
    local = to_local(figures.starts_at)
    return f"{local.day}.{local.month}."


def facilitation_chart(meetings: list[MeetingFigures]) -> Chart:
    slot = PLOT_W / max(len(meetings), 1)
    chart = Chart(
        gettext("Ratings and attendance per meeting"),
        gettext(
            "For each meeting: the mean rating of each principle from 1 (not yet) to 4 (very well), and the share "
            "of the members who came. The table below has the same numbers."
        )
        if meetings
        else gettext("No meetings in this period."),
        [Series(p, MARKERS[p]) for p in Principle],
        [],
        [],
        [(_rating_y(v), str(v)) for v in range(RATING_MAX, RATING_MIN - 1, -1)],
        [(BARS_TOP + BARS_H * (1 - step / 2), format_percent(step / 2)) for step in range(3)],
    )
    previous: dict[Principle, int] = {}  # the index of each series' last point
    for index, figures in enumerate(meetings):
        x = LEFT + (index + 0.5) * slot
        chart.ticks.append((x, _day(figures)))
        share = figures.attendance or 0
        width = min(slot * 0.5, 28)
        chart.bars.append(
            Bar(
                x - width / 2,
                BARS_TOP + BARS_H * (1 - share),
                width,
                BARS_H * share,
                gettext(
                    "%(day)s: %(came)s of %(members)s came",
                    day=_day(figures),
                    came=figures.came,
                    members=figures.members,
                ),
            )
        )
        for number, series in enumerate(chart.series):
            mean = figures.means.get(series.principle)
            if mean is None:
                continue
            px = x + (number - 1.5) * NUDGE
            shown = format_decimal(round(mean, 1), "0.0")
            point = Point(px, _rating_y(mean), round(mean, 1), f"{_day(figures)}: {series.principle.label} {shown}")
            if series.points and previous.get(series.principle) == index - 1:  # no line across an unrated meeting
                last = series.points[-1]
                series.segments.append((last.x, last.y, point.x, point.y))
            series.points.append(point)
            previous[series.principle] = index
    if len(chart.ticks) > 6:  # keep the dates readable
        step = -(-len(chart.ticks) // 6)
        chart.ticks = chart.ticks[::step]
    return chart

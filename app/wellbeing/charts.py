"""The person's own trend as a small SVG line (WHO-5, 0-100, over months), drawn on the server: no script, and a
table with the same numbers below it for screen readers and for anyone who prefers numbers."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date

from app.wellbeing.services import TrendPoint

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 320, 140, 28, 10, 24


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str  # the month, short
    value: int


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    path: str  # the line through the months that have a score ("" with fewer than two)
    dots: list[Dot]
    grid: list[tuple[float, int]]  # (y, value) for 0, 50 and 100


def _y(value: float) -> float:
    return round(PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (1 - value / 100), 1)


def month_label(point: TrendPoint) -> str:
    return format_date(point.month, "MMM")


def trend_chart(points: list[TrendPoint]) -> TrendChart:
    scored = [p for p in points if p.wellbeing is not None]
    step = (WIDTH - 2 * PAD_X) / max(len(points) - 1, 1)
    x_of = {p.month: round(PAD_X + i * step, 1) if len(points) > 1 else WIDTH / 2 for i, p in enumerate(points)}
    dots = [Dot(x_of[p.month], _y(p.wellbeing or 0), month_label(p), p.wellbeing or 0) for p in scored]
    path = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots)) if len(dots) > 1 else ""
    return TrendChart(WIDTH, HEIGHT, path, dots, [(_y(v), v) for v in (0, 50, 100)])

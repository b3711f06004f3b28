"""Scoring, by the instruments' own rules, in Python (the person's own page) and in SQL (staff aggregates).

WHO-5 Well-Being Index: five items scored 0-5; the raw score is their sum (0-25), reported as raw x 4 (0-100).
A raw score of 7 or less (28 or less of 100) is very low. The three-item loneliness scale (Hughes et al. 2004, as in
the Danish national health survey): three items scored 1-3, summed (3-9; higher is lonelier). A scale with a
skipped item has no score: it is never guessed from the items that were answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, literal

from app.wellbeing.models import PulseAnswer

WHO5_LOW_RAW = 7  # raw <= 7: the calm support box
WHO5_GOOD_PERCENT = 50  # the share of answers at 50 or more is a staff figure
WHO5_FACTOR = 4


def _complete_sum(items: Sequence[int | None]) -> int | None:
    if any(item is None for item in items):
        return None
    return sum(item for item in items if item is not None)


def who5_raw(items: Sequence[int | None]) -> int | None:
    """0-25, or None when an item was skipped."""
    return _complete_sum(items)


def who5_percent(items: Sequence[int | None]) -> int | None:
    """0-100 (raw x 4), or None when an item was skipped."""
    raw = who5_raw(items)
    return None if raw is None else raw * WHO5_FACTOR


def is_very_low(items: Sequence[int | None]) -> bool:
    """Whether the WHO-5 raw score is 7 or less (only for a complete WHO-5)."""
    raw = who5_raw(items)
    return raw is not None and raw <= WHO5_LOW_RAW


def loneliness(items: Sequence[int | None]) -> int | None:
    """3-9, or None when an item was skipped."""
    return _complete_sum(items)


def _sql_sum(columns: Sequence[Any]) -> Any:
    """SQL: the sum of the columns when none is NULL, else NULL (SQL's + is already NULL-strict)."""
    total: Any = literal(0)
    for column in columns:
        total = total + column
    return total


def who5_percent_sql() -> Any:
    a = PulseAnswer
    return _sql_sum([a.who5_1, a.who5_2, a.who5_3, a.who5_4, a.who5_5]) * WHO5_FACTOR


def who5_good_sql() -> Any:
    """SQL: 1 for a complete WHO-5 of 50 or more, 0 for a complete one below, NULL for an incomplete one."""
    score = who5_percent_sql()
    return case((score.is_(None), None), (score >= WHO5_GOOD_PERCENT, 1), else_=0)


def loneliness_sql() -> Any:
    a = PulseAnswer
    return _sql_sum([a.lonely_1, a.lonely_2, a.lonely_3])


def complete_who5_sql() -> Any:
    a = PulseAnswer
    return and_(*(column.is_not(None) for column in (a.who5_1, a.who5_2, a.who5_3, a.who5_4, a.who5_5)))

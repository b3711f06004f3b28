"""WHO-5 and the three-item loneliness scale, scored by hand and by the app, in Python and in the database's SQL
(the suite runs on SQLite and PostgreSQL). A scale with a skipped item has no score."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.wellbeing import scoring, services
from app.wellbeing.models import PulseAnswer
from tests.wellbeing.conftest import answers

CASES = [
    # WHO-5 items, raw by hand, x4 by hand; loneliness items, sum by hand
    ([5, 5, 5, 5, 5], 25, 100, [1, 1, 1], 3),
    ([0, 0, 0, 0, 0], 0, 0, [3, 3, 3], 9),
    ([3, 2, 4, 1, 2], 12, 48, [2, 1, 3], 6),
    ([2, 1, 1, 2, 1], 7, 28, [3, 2, 2], 7),  # raw 7: very low
    ([2, 2, 1, 2, 1], 8, 32, [1, 2, 1], 4),  # raw 8: not
    ([3, None, 4, 1, 2], None, None, [2, None, 3], None),  # a skipped item: no score
]


@pytest.mark.parametrize(("who5", "raw", "percent", "lonely", "lonely_sum"), CASES)
def test_scores_in_python(who5, raw, percent, lonely, lonely_sum):
    assert scoring.who5_raw(who5) == raw
    assert scoring.who5_percent(who5) == percent
    assert scoring.loneliness(lonely) == lonely_sum
    assert scoring.is_very_low(who5) is (raw is not None and raw <= 7)


@pytest.mark.parametrize(("who5", "raw", "percent", "lonely", "lonely_sum"), CASES)
def test_scores_in_sql_match(world, who5, raw, percent, lonely, lonely_sum):
    services.answer(world.amira, answers(who5, lonely, 3))
    row = db.session.execute(
        select(scoring.who5_percent_sql(), scoring.who5_good_sql(), scoring.loneliness_sql()).select_from(PulseAnswer)
    ).one()
    good = None if percent is None else int(percent >= 50)
    assert tuple(row) == (percent, good, lonely_sum)


def test_the_low_line_is_raw_seven():
    assert scoring.is_very_low([2, 2, 1, 1, 1]) is True  # 7
    assert scoring.is_very_low([2, 2, 2, 1, 1]) is False  # 8
    assert scoring.is_very_low([0, 0, 0, 0, None]) is False  # incomplete: no score, no box

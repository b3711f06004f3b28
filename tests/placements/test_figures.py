"""Weeks and hours so far, computed by hand: each day from the start to the end (or today), both
included, counts 1/7 of the weekly hours in force that day."""

from __future__ import annotations

from datetime import date

import pytest

from app.placements import queries, services
from app.placements.models import Assignment, AssignmentStatus, HoursChange
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, new_key, participant

MON_2_MARCH = date(2026, 3, 2)
MON_16_MARCH = date(2026, 3, 16)
WED_18_MARCH = date(2026, 3, 18)
SUN_29_MARCH = date(2026, 3, 29)


def _assignment(start: date, end: date | None, *steps: tuple[date, int]) -> tuple[Assignment, list[HoursChange]]:
    assignment = Assignment(
        start_date=start,
        end_date=end,
        weekly_hours=steps[-1][1],
        status=AssignmentStatus.ENDED if end else AssignmentStatus.ACTIVE,
    )
    history = [
        HoursChange(id=index, from_hours=None, to_hours=hours, effective_date=effective)
        for index, (effective, hours) in enumerate(steps, start=1)
    ]
    return assignment, history


def test_the_hand_computed_example():
    # Mon 2 March – Sun 29 March 2026, both included: 28 days = 4.0 weeks.
    # 10 h a week on 2–15 March (14 days): 10 * 14/7 = 20 h; 20 h a week on 16–29 March (14 days):
    # 20 * 14/7 = 40 h. Total 60.0 h. Measured long after the end, so `today` does not matter.
    assignment, history = _assignment(MON_2_MARCH, SUN_29_MARCH, (MON_2_MARCH, 10), (MON_16_MARCH, 20))
    assert queries.figures(assignment, history, today=date(2026, 6, 1)) == (4.0, 60.0)


def test_the_order_of_the_history_does_not_matter():
    assignment, history = _assignment(MON_2_MARCH, SUN_29_MARCH, (MON_2_MARCH, 10), (MON_16_MARCH, 20))
    assert queries.figures(assignment, history[::-1], today=date(2026, 6, 1)) == (4.0, 60.0)


@pytest.mark.parametrize("end", [None, SUN_29_MARCH])
def test_measured_on_a_given_today(end):
    # Today is Wed 18 March: 2–18 March is 17 days = 2.43 -> 2.4 weeks.
    # 10 * 14/7 = 20 h (2–15 March) + 20 * 3/7 = 8.57 h (16–18 March) = 28.57 -> 28.6 h.
    # The same whether it is still active or ends (later) on 29 March.
    assignment, history = _assignment(MON_2_MARCH, end, (MON_2_MARCH, 10), (MON_16_MARCH, 20))
    assert queries.figures(assignment, history, today=WED_18_MARCH) == (2.4, 28.6)


def test_a_future_start_counts_nothing_yet():
    assignment, history = _assignment(date(2026, 4, 1), None, (date(2026, 4, 1), 10))
    assert queries.figures(assignment, history, today=WED_18_MARCH) == (0.0, 0.0)


def test_the_first_day_counts():
    # Starts today: 1 day = 1/7 week = 0.1; 7 h a week -> 1.0 h.
    assignment, history = _assignment(WED_18_MARCH, None, (WED_18_MARCH, 7))
    assert queries.figures(assignment, history, today=WED_18_MARCH) == (0.1, 1.0)


def test_a_later_change_on_the_same_day_replaces_the_earlier():
    # 2–8 March at 10 h: 10 h; from 9 March 15 h, then (same day, later row) 30 h: 30 * 7/7 = 30 h
    # for 9–15 March. 14 days = 2.0 weeks, 40.0 h.
    mon_9 = date(2026, 3, 9)
    assignment, history = _assignment(MON_2_MARCH, date(2026, 3, 15), (MON_2_MARCH, 10), (mon_9, 15), (mon_9, 30))
    assert queries.figures(assignment, history, today=date(2026, 6, 1)) == (2.0, 40.0)


def test_a_change_after_the_end_counts_nothing():
    # 2–15 March at 10 h = 20 h; the change from 16 March comes after the last day.
    assignment, history = _assignment(MON_2_MARCH, date(2026, 3, 15), (MON_2_MARCH, 10), (MON_16_MARCH, 20))
    assert queries.figures(assignment, history, today=date(2026, 6, 1)) == (2.0, 20.0)


def test_timeline_splits_current_and_past_with_their_figures():
    town = make_municipality()
    me = participant(town)
    first = services.choose(me, make_placement(town), start=day(0), hours=14, key=new_key())
    services.switch(me, first, make_placement(town), start=day(7), hours=7, lesson="", key=new_key())

    current, past = queries.timeline(me, today=day(13))

    # Past: today .. today+6 at 14 h = 7 days, 1.0 week, 14.0 h. Current: today+7 .. today+13 at 7 h =
    # 7 days, 1.0 week, 7.0 h.
    assert [(entry.weeks, entry.total_hours) for entry in past] == [(1.0, 14.0)]
    assert [(entry.weeks, entry.total_hours) for entry in current] == [(1.0, 7.0)]
    assert past[0].assignment.id == first.id

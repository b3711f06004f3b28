"""Changing the weekly hours and ending a placement."""

from __future__ import annotations

import pytest
from flask_babel import format_date
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.placements import services
from app.placements.models import Assignment, AssignmentStatus, ChangeKind, HoursChange, PlacementChange
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, new_key, participant, state


@pytest.fixture
def town():
    return make_municipality()


@pytest.fixture
def me(town):
    return participant(town)


@pytest.fixture
def placement(town):
    return make_placement(town, seats=2, hours_min=5, hours_max=20)


@pytest.fixture
def mine(me, placement):
    """Ten hours a week from tomorrow."""
    return services.choose(me, placement, start=day(1), hours=10, key=new_key())


def refused(call, field: str | None, *words: str) -> None:  # noqa: ANN001
    before = state()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    for word in words:
        assert word in caught.value.message, caught.value.message
    assert state() == before


def _changes(kind: ChangeKind) -> list[PlacementChange]:
    return list(db.session.scalars(select(PlacementChange).where(PlacementChange.kind == kind)))


def test_adjust_within_bounds_records_the_change(me, mine):
    services.adjust_hours(me, mine, hours=15, effective=day(8))

    assert mine.weekly_hours == 15
    history = db.session.scalars(select(HoursChange).order_by(HoursChange.id)).all()
    assert [(h.from_hours, h.to_hours, h.effective_date) for h in history] == [(None, 10, day(1)), (10, 15, day(8))]
    assert history[-1].changed_by_id == me.id and history[-1].changed_at is not None
    (change,) = _changes(ChangeKind.ADJUSTED)
    assert (change.assignment_id, change.from_hours, change.to_hours, change.user_id) == (mine.id, 10, 15, me.id)


@pytest.mark.parametrize("hours", [4, 0, 21, 60])
def test_adjust_outside_the_bounds(me, mine, hours):
    refused(lambda: services.adjust_hours(me, mine, hours=hours, effective=day(8)), "hours", "5", "20")


def test_adjust_to_the_same_hours(me, mine):
    refused(lambda: services.adjust_hours(me, mine, hours=10, effective=day(8)), "hours", "already have")


def test_adjust_over_the_cap_counts_the_other_placements(me, town, mine):
    services.choose(me, make_placement(town, hours_max=30), start=day(1), hours=27, key=new_key())  # 10 + 27 = 37
    refused(lambda: services.adjust_hours(me, mine, hours=11, effective=day(8)), "hours", "38", "37")
    services.adjust_hours(me, mine, hours=5, effective=day(8))  # down is fine; its own 10 h are not counted twice
    assert services.active_hours(me) == 32


@pytest.mark.parametrize("offset", [-1, 0, 91])
def test_adjust_effective_date_out_of_range(me, mine, offset):
    """Not before the start (tomorrow), not in the past, not more than three months ahead."""
    refused(lambda: services.adjust_hours(me, mine, hours=15, effective=day(offset)), "effective")


def test_adjust_not_before_an_earlier_change(me, mine):
    services.adjust_hours(me, mine, hours=15, effective=day(10))
    refused(
        lambda: services.adjust_hours(me, mine, hours=12, effective=day(9)), "effective", format_date(day(10), "medium")
    )
    services.adjust_hours(me, mine, hours=12, effective=day(10))  # the same day replaces it from then on
    assert mine.weekly_hours == 12


def test_adjust_an_ended_placement(me, mine):
    services.end(me, mine, last_day=day(1), reason="")
    refused(lambda: services.adjust_hours(me, mine, hours=15, effective=day(2)), None, "ended")


def test_end_frees_the_seat_and_records_it(me, placement, mine):
    services.end(me, mine, last_day=day(20), reason="  Moved away ", lesson=" Coffee for 30 ")

    assert placement.taken == 0
    assert (mine.status, mine.end_date, mine.end_reason, mine.lesson) == (
        AssignmentStatus.ENDED,
        day(20),
        "Moved away",
        "Coffee for 30",
    )
    assert mine.ended_at is not None
    (change,) = _changes(ChangeKind.ENDED)
    assert (change.assignment_id, change.from_hours, change.user_id) == (mine.id, 10, me.id)


def test_end_on_the_first_day_is_fine(me, placement, mine):
    services.end(me, mine, last_day=mine.start_date, reason="")
    assert mine.status is AssignmentStatus.ENDED and placement.taken == 0


def test_end_cuts_reason_and_lesson_at_300(me, mine):
    services.end(me, mine, last_day=day(1), reason="r" * 400, lesson="l" * 400)
    assert (len(mine.end_reason), len(mine.lesson)) == (300, 300)


def test_end_twice(me, placement, mine):
    services.end(me, mine, last_day=day(1), reason="")
    refused(lambda: services.end(me, mine, last_day=day(2), reason=""), None, "ended")
    assert placement.taken == 0


def test_end_from_a_stale_tab_releases_nothing(me, placement, mine):
    """Ended in another tab, and the freed seat taken by someone else; this request still holds the
    assignment as active. Its conditional UPDATE finds nothing to end, so the seat is not freed twice."""
    assert mine.status is AssignmentStatus.ACTIVE and placement.taken == 1  # loaded now, stale below
    with db.engine.begin() as conn:  # the other tab (taken: 1 -> 0 -> 1 again by someone else)
        conn.execute(db.update(Assignment).where(Assignment.id == mine.id).values(status=AssignmentStatus.ENDED))
    with pytest.raises(DomainError) as caught:
        services.end(me, mine, last_day=day(2), reason="")
    assert caught.value.field is None and "ended" in caught.value.message
    after = state()
    assert after["placements"] == [(placement.id, 1)] and after["placement_changes"] == 1  # only the CHOSE


def test_end_before_the_first_day(me, mine):
    refused(lambda: services.end(me, mine, last_day=day(0), reason=""), "last_day", "first day")


def test_end_more_than_three_months_ahead(me, mine):
    refused(lambda: services.end(me, mine, last_day=day(91), reason=""), "last_day", "three months")


def test_end_with_a_last_day_in_the_past_is_allowed(me, placement):
    """ "I stopped going last Friday": a past last day (not before the first day) is accepted."""
    started = Assignment(user_id=me.id, placement_id=placement.id, start_date=day(-30), weekly_hours=10)
    db.session.add(started)
    placement.taken = 1
    db.session.commit()
    services.end(me, started, last_day=day(-1), reason="")
    db.session.expire_all()
    assert db.session.get(Assignment, started.id).end_date == day(-1)
    assert db.session.get(type(placement), placement.id).taken == 0

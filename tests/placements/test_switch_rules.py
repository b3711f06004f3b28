"""Switching placement: the old one ends (its lesson kept), the new one starts, in one transaction.
Whatever refuses, the participant is still exactly where they were."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.idempotency import AlreadyDone
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
def old_place(town):
    return make_placement(town, seats=2, hours_max=30)


@pytest.fixture
def target(town):
    return make_placement(town, seats=2, hours_min=5, hours_max=20)


@pytest.fixture
def mine(me, old_place):
    """Twenty hours a week from today."""
    return services.choose(me, old_place, start=day(0), hours=20, key=new_key())


def switch(me, current, target, *, start=None, hours=12, lesson="Be on time", key=None):  # noqa: ANN001, ANN201
    return services.switch(me, current, target, start=start or day(7), hours=hours, lesson=lesson, key=key or new_key())


def refused(call, field: str | None, *words: str) -> None:  # noqa: ANN001
    before = state()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    for word in words:
        assert word in caught.value.message, caught.value.message
    assert state() == before


def test_switch_ends_the_old_and_starts_the_new(me, old_place, target, mine):
    new = switch(me, mine, target, start=day(7), hours=12, lesson="  I can run a till now  ")

    assert (mine.status, mine.end_date, mine.lesson) == (AssignmentStatus.ENDED, day(6), "I can run a till now")
    assert mine.end_reason and mine.ended_at is not None
    assert (new.status, new.placement_id, new.start_date, new.weekly_hours) == (
        AssignmentStatus.ACTIVE,
        target.id,
        day(7),
        12,
    )
    assert (old_place.taken, target.taken) == (0, 1)
    (change,) = db.session.scalars(select(PlacementChange).where(PlacementChange.kind == ChangeKind.SWITCHED))
    assert (change.assignment_id, change.previous_assignment_id, change.from_hours, change.to_hours) == (
        new.id,
        mine.id,
        20,
        12,
    )
    first = db.session.scalar(select(HoursChange).where(HoursChange.assignment_id == new.id))
    assert (first.from_hours, first.to_hours, first.effective_date) == (None, 12, day(7))


def test_switch_keeps_at_most_300_characters_of_the_lesson(me, target, mine):
    switch(me, mine, target, lesson="x" * 450)
    assert mine.lesson == "x" * 300


def test_switch_starting_on_the_old_ones_first_day_withdraws_it(me, target, mine):
    """Both would hold the same day: the old one never really began, so it is withdrawn, with no last day."""
    switch(me, mine, target, start=day(0))
    assert (mine.status, mine.end_date) == (AssignmentStatus.WITHDRAWN, None)


def test_switch_to_the_same_placement(me, old_place, mine):
    refused(lambda: switch(me, mine, old_place), None, "already in")


def test_switch_to_a_placement_already_held(me, town, target, mine):
    services.choose(me, target, start=day(0), hours=5, key=new_key())
    refused(lambda: switch(me, mine, target), None, "already in")


def test_switch_to_a_full_placement_leaves_everything_as_it_was(me, town, mine):
    full = make_placement(town, seats=1, taken=1)
    refused(lambda: switch(me, mine, full), None, "seats")
    db.session.refresh(mine)
    assert mine.status is AssignmentStatus.ACTIVE and mine.lesson == "" and mine.end_date is None


def test_switch_to_a_placement_filled_meanwhile_rolls_back_the_ending(me, target, mine):
    """The target was loaded with a free seat, then filled by others: the seat UPDATE fails after
    the old assignment was already ended in this transaction, and the rollback undoes that too."""
    assert target.free == 2  # loaded, stale below
    before = state()
    with db.engine.begin() as conn:
        conn.execute(db.update(type(target)).where(type(target).id == target.id).values(taken=2))
    with pytest.raises(DomainError, match="seats"):
        switch(me, mine, target)
    after = state()
    assert after["assignments"] == before["assignments"] and after["keys"] == before["keys"]
    assert after["placement_changes"] == before["placement_changes"]
    assert dict(after["placements"])[mine.placement_id] == 1


def test_switch_to_a_closed_placement(me, town, mine):
    closed = make_placement(town, is_open=False)
    refused(lambda: switch(me, mine, closed), None, "closed")


def test_switch_to_another_municipalitys_placement(me, mine):
    elsewhere = make_placement(make_municipality())
    refused(lambda: switch(me, mine, elsewhere), None, "participants")


@pytest.mark.parametrize("hours", [4, 21])
def test_switch_hours_outside_the_new_bounds(me, target, mine, hours):
    refused(lambda: switch(me, mine, target, hours=hours), "hours", "5", "20")


def test_switch_does_not_count_the_old_placement_towards_the_cap(me, town, mine):
    services.choose(me, make_placement(town), start=day(0), hours=17, key=new_key())  # 20 + 17 = 37
    roomy = make_placement(town, hours_max=30)
    refused(lambda: switch(me, mine, roomy, hours=21), "hours", "38", "37")
    assert switch(me, mine, roomy, hours=20).weekly_hours == 20


@pytest.mark.parametrize("offset", [-1, 91])
def test_switch_start_out_of_range(me, target, mine, offset):
    refused(lambda: switch(me, mine, target, start=day(offset)), "start_date")


def test_switch_from_an_ended_placement(me, target, mine):
    services.end(me, mine, last_day=day(0), reason="")
    refused(lambda: switch(me, mine, target), None, "ended")


def test_switch_someone_elses_placement(town, target, mine):
    refused(lambda: switch(participant(town), mine, target), None, "ended")


def test_switch_from_a_stale_tab_changes_nothing(me, target, mine):
    """Ended in another tab meanwhile: the conditional UPDATE finds nothing active, nothing changes."""
    assert mine.status is AssignmentStatus.ACTIVE  # loaded, stale below
    with db.engine.begin() as conn:
        conn.execute(db.update(Assignment).where(Assignment.id == mine.id).values(status=AssignmentStatus.ENDED))
    before = state()
    with pytest.raises(DomainError, match="ended"):
        switch(me, mine, target)
    assert state() == before
    assert target.taken == 0


def test_switch_replayed_with_the_same_key(me, old_place, target, mine):
    key = new_key()
    new = switch(me, mine, target, key=key)
    before = state()
    with pytest.raises(AlreadyDone) as caught:
        switch(me, mine, target, key=key)
    assert caught.value.result_id == new.id and state() == before
    assert (old_place.taken, target.taken) == (0, 1)

"""The database itself guards the seat counter and "one active assignment per person and placement",
whatever code writes to it (direct SQL and the ORM, bypassing the services). Both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.placements.models import Assignment, AssignmentStatus
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, participant


@pytest.fixture
def town():
    return make_municipality()


@pytest.fixture
def placement(town):
    return make_placement(town, seats=3)


def _rejected(sql: str, **params) -> None:  # noqa: ANN003
    with pytest.raises(IntegrityError):
        db.session.execute(text(sql), params)
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("value", ["seats + 1", "-1", "100"])
def test_taken_outside_zero_to_seats_is_rejected(placement, value):
    _rejected(f"UPDATE placement SET taken = {value} WHERE id = :id", id=placement.id)
    db.session.refresh(placement)
    assert placement.taken == 0


def test_taken_up_to_seats_is_fine(placement):
    db.session.execute(text("UPDATE placement SET taken = seats WHERE id = :id"), {"id": placement.id})
    db.session.commit()
    assert placement.taken == placement.seats == 3


def test_seats_below_taken_is_rejected(placement):
    db.session.execute(text("UPDATE placement SET taken = 2 WHERE id = :id"), {"id": placement.id})
    db.session.commit()
    _rejected("UPDATE placement SET seats = 1 WHERE id = :id", id=placement.id)


def test_orm_insert_with_too_many_taken_is_rejected(town):
    with pytest.raises(IntegrityError):
        make_placement(town, seats=2, taken=3)
    db.session.rollback()


def _assignment(user_id: int, placement_id: int, status: AssignmentStatus) -> Assignment:
    assignment = Assignment(
        user_id=user_id,
        placement_id=placement_id,
        status=status,
        start_date=day(0),
        weekly_hours=10,
        end_date=day(0) if status is AssignmentStatus.ENDED else None,
    )
    db.session.add(assignment)
    return assignment


def test_a_second_active_assignment_for_the_same_person_and_placement_is_rejected(town, placement):
    me = participant(town)
    _assignment(me.id, placement.id, AssignmentStatus.ACTIVE)
    db.session.commit()
    _assignment(me.id, placement.id, AssignmentStatus.ACTIVE)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    _rejected(
        "INSERT INTO assignment (user_id, placement_id, status, start_date, weekly_hours, end_reason, lesson, "
        "created_at) VALUES (:user, :placement, 'active', :start, 5, '', '', CURRENT_TIMESTAMP)",
        user=me.id,
        placement=placement.id,
        start=day(1),
    )


def test_ended_ones_do_not_count_for_the_unique_index(town, placement):
    """Back to a place you left (twice): ended + ended + active for the same pair is fine, and other
    people are not affected."""
    me, other = participant(town), participant(town)
    _assignment(me.id, placement.id, AssignmentStatus.ENDED)
    _assignment(me.id, placement.id, AssignmentStatus.ENDED)
    _assignment(me.id, placement.id, AssignmentStatus.ACTIVE)
    _assignment(other.id, placement.id, AssignmentStatus.ACTIVE)
    db.session.commit()
    count = db.session.scalar(text("SELECT count(*) FROM assignment WHERE user_id = :id"), {"id": me.id})
    assert count == 3


def test_reactivating_an_ended_one_next_to_an_active_one_is_rejected(town, placement):
    me = participant(town)
    ended = _assignment(me.id, placement.id, AssignmentStatus.ENDED)
    _assignment(me.id, placement.id, AssignmentStatus.ACTIVE)
    db.session.commit()
    _rejected("UPDATE assignment SET status = 'active', end_date = NULL WHERE id = :id", id=ended.id)

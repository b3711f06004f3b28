"""Choosing a placement (quick start): every rule that says no, says it on the right field and
changes nothing; the idempotency key makes a replay harmless."""

from __future__ import annotations

import pytest
from flask_babel import format_date

from app.accounts.models import Role
from app.errors import DomainError
from app.extensions import db
from app.idempotency import AlreadyDone
from app.placements import services
from app.placements.models import AssignmentStatus, ChangeKind, HoursChange, Placement, PlacementChange
from tests.factories import make_municipality, make_placement, make_user
from tests.placements.support import day, new_key, participant, state


@pytest.fixture
def town():
    return make_municipality()


@pytest.fixture
def me(town):
    return participant(town)


def refused(call, field: str | None, *words: str) -> DomainError:  # noqa: ANN001
    """Run `call`; it must raise DomainError on `field` with `words` in the message and change nothing."""
    before = state()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    for word in words:
        assert word in caught.value.message, caught.value.message
    assert state() == before
    return caught.value


def test_choose_takes_a_seat_and_records_everything(me, town):
    placement = make_placement(town, seats=3)
    assignment = services.choose(me, placement, start=day(1), hours=12, key=new_key())

    assert (assignment.status, assignment.start_date, assignment.weekly_hours) == (AssignmentStatus.ACTIVE, day(1), 12)
    assert placement.taken == 1
    (first,) = db.session.scalars(db.select(HoursChange)).all()
    assert (first.from_hours, first.to_hours, first.effective_date, first.changed_by_id) == (None, 12, day(1), me.id)
    (change,) = db.session.scalars(db.select(PlacementChange)).all()
    assert (change.kind, change.assignment_id, change.to_hours, change.municipality_id) == (
        ChangeKind.CHOSE,
        assignment.id,
        12,
        town.id,
    )


@pytest.mark.parametrize("hours", [4, 0, -3, 21])
def test_hours_outside_the_placements_bounds(me, town, hours):
    placement = make_placement(town, hours_min=5, hours_max=20)
    refused(lambda: services.choose(me, placement, start=day(1), hours=hours, key=new_key()), "hours", "5", "20")


@pytest.mark.parametrize("hours", [5, 20])
def test_hours_on_the_bounds_are_fine(me, town, hours):
    placement = make_placement(town, hours_min=5, hours_max=20)
    assert services.choose(me, placement, start=day(1), hours=hours, key=new_key()).weekly_hours == hours


def test_two_placements_at_once_within_the_cap(me, town):
    services.choose(me, make_placement(town, hours_max=30), start=day(1), hours=20, key=new_key())
    services.choose(me, make_placement(town, hours_max=30), start=day(1), hours=17, key=new_key())  # 37 = the cap
    assert services.active_hours(me) == 37


def test_over_the_weekly_cap_across_two_placements(me, town):
    services.choose(me, make_placement(town, hours_max=30), start=day(1), hours=20, key=new_key())
    second = make_placement(town, hours_max=30)
    refused(lambda: services.choose(me, second, start=day(1), hours=18, key=new_key()), "hours", "38", "37")


def test_the_cap_is_the_municipalitys(app, me, town, monkeypatch):
    monkeypatch.setitem(app.config, "WEEKLY_HOURS_CAP", 60)  # only the default for new municipalities
    town.weekly_hours_cap = 25
    db.session.commit()
    services.choose(me, make_placement(town), start=day(1), hours=15, key=new_key())
    second = make_placement(town)
    refused(lambda: services.choose(me, second, start=day(1), hours=11, key=new_key()), "hours", "26", "25")
    services.choose(me, second, start=day(1), hours=10, key=new_key())


def test_an_ended_placement_does_not_count_towards_the_cap(me, town):
    first = services.choose(me, make_placement(town, hours_max=30), start=day(0), hours=30, key=new_key())
    services.end(me, first, last_day=day(0), reason="")
    assert services.choose(me, make_placement(town, hours_max=30), start=day(1), hours=30, key=new_key())


@pytest.mark.parametrize("offset", [-1, -30, 91])
def test_start_date_out_of_range(me, town, offset):
    placement = make_placement(town)
    words = (format_date(day(0), "medium"),) if offset < 0 else ("three months",)
    refused(lambda: services.choose(me, placement, start=day(offset), hours=10, key=new_key()), "start_date", *words)


@pytest.mark.parametrize("offset", [0, 90])
def test_start_today_or_in_ninety_days_is_fine(me, town, offset):
    assert services.choose(me, make_placement(town), start=day(offset), hours=10, key=new_key())


def test_closed_placement(me, town):
    placement = make_placement(town, is_open=False)
    refused(lambda: services.choose(me, placement, start=day(1), hours=10, key=new_key()), None, "closed")


@pytest.mark.parametrize("seats", [0, 1])
def test_full_placement(me, town, seats):
    placement = make_placement(town, seats=seats, taken=seats)
    refused(lambda: services.choose(me, placement, start=day(1), hours=10, key=new_key()), None, "seats", "taken")


@pytest.mark.parametrize(("change", "word"), [({"is_open": False}, "closed"), ({"taken": 3}, "seats")])
def test_closed_or_filled_between_loading_and_choosing(me, town, change, word):
    """The request loaded the placement open with free seats; before the seat UPDATE, staff closed it
    or others took the seats (another connection): the conditional UPDATE says no, with the right message."""
    placement = make_placement(town, seats=3)
    assert placement.is_open and placement.free == 3  # loaded in this session, now stale
    with db.engine.begin() as conn:
        conn.execute(db.update(Placement).where(Placement.id == placement.id).values(**change))
    with pytest.raises(DomainError) as caught:
        services.choose(me, placement, start=day(1), hours=10, key=new_key())
    assert caught.value.field is None and word in caught.value.message
    after = state()
    assert after["assignments"] == [] and after["keys"] == after["hours_changes"] == after["placement_changes"] == 0


def test_already_in_it(me, town):
    placement = make_placement(town)
    services.choose(me, placement, start=day(1), hours=10, key=new_key())
    refused(lambda: services.choose(me, placement, start=day(2), hours=5, key=new_key()), None, "already in")


def test_another_municipalitys_placement(me):
    elsewhere = make_placement(make_municipality())
    refused(lambda: services.choose(me, elsewhere, start=day(1), hours=10, key=new_key()), None, "participants")


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_cannot_choose(town, role):
    staff = make_user(role, town, password=None)
    placement = make_placement(town)
    refused(lambda: services.choose(staff, placement, start=day(1), hours=10, key=new_key()), None, "participants")


def test_a_full_placement_does_not_use_up_the_key(me, town):
    """The seat UPDATE fails after the key was claimed: the rollback frees the key for a retry elsewhere."""
    key = new_key()
    full = make_placement(town, seats=1, taken=1)
    refused(lambda: services.choose(me, full, start=day(1), hours=10, key=key), None, "seats")
    assert services.choose(me, make_placement(town), start=day(1), hours=10, key=key)


def test_choosing_again_after_ending_it(me, town):
    placement = make_placement(town)
    first = services.choose(me, placement, start=day(0), hours=10, key=new_key())
    services.end(me, first, last_day=day(0), reason="")
    again = services.choose(me, placement, start=day(1), hours=10, key=new_key())
    assert again.id != first.id and placement.taken == 1


def test_a_replayed_key_after_success_is_already_done(me, town):
    """The same submission sent twice (double tap, offline queue resent): the key is looked at before
    the rules, so the replay gets AlreadyDone with the first result, not "you are already in it"."""
    placement = make_placement(town)
    key = new_key()
    assignment = services.choose(me, placement, start=day(1), hours=10, key=key)
    before = state()
    with pytest.raises(AlreadyDone) as caught:
        services.choose(me, placement, start=day(1), hours=10, key=key)
    assert caught.value.result_id == assignment.id
    assert state() == before
    assert placement.taken == 1 and assignment.status is AssignmentStatus.ACTIVE


def test_a_different_key_after_success(me, town):
    placement = make_placement(town)
    services.choose(me, placement, start=day(1), hours=10, key=new_key())
    refused(lambda: services.choose(me, placement, start=day(1), hours=10, key=new_key()), None, "already in")


def test_a_key_used_for_one_placement_is_done_for_another(me, town):
    """The key, not the target, identifies the submission: reusing it elsewhere has no effect."""
    key = new_key()
    first = services.choose(me, make_placement(town), start=day(1), hours=10, key=key)
    other = make_placement(town)
    before = state()
    with pytest.raises(AlreadyDone) as caught:
        services.choose(me, other, start=day(1), hours=10, key=key)
    assert caught.value.result_id == first.id and state() == before

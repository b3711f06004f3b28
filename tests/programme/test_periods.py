"""A period in the programme starts when a participant joins their first group (the `member_added` event), on the
local date they joined; moving to another group keeps it; one open period per person; someone who comes back after
leaving starts a new one."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role
from app.db import utcnow
from app.groups import services as groups
from app.people.services import create_person
from app.programme.models import ProgrammePeriod
from app.programme.rules import Status
from app.programme.services import Details, record_exit, start_period
from app.timeutil import local_today
from tests.factories import make_user


def periods(db, person):  # noqa: ANN001, ANN201
    return db.session.scalars(select(ProgrammePeriod).where(ProgrammePeriod.user_id == person.id)).all()


def test_joining_a_group_starts_the_period_today(db, world):
    (period,) = periods(db, world.person)
    assert (period.started_on, period.ended_on, period.municipality_id) == (
        local_today(utcnow()),
        None,
        world.town.id,
    )


def test_a_person_created_into_a_group_starts_too_and_moving_keeps_the_period(db, world):
    person, _token = create_person(
        world.facilitator,
        email="ny@example.test",
        display_name="Ny",
        role=Role.PARTICIPANT,
        language="da",
        group=world.group,
    )
    (first,) = periods(db, person)
    groups.move_member(world.admin, person, world.other_group)
    assert [p.id for p in periods(db, person)] == [first.id]


def test_staff_have_no_period(db, world):
    staff = make_user(Role.FACILITATOR, world.town)
    groups.add_cofacilitator(world.facilitator, world.group, staff)
    assert periods(db, staff) == []


def test_one_open_period_per_person(db, world):
    assert start_period(world.person, local_today(utcnow())) is None
    db.session.add(
        ProgrammePeriod(municipality_id=world.town.id, user_id=world.person.id, started_on=local_today(utcnow()))
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_coming_back_after_leaving_starts_a_new_period(db, world):
    (period,) = periods(db, world.person)
    last_day = local_today(utcnow())
    record_exit(world.facilitator, period, status=Status.MOVED, last_day=last_day, details=Details())
    assert groups.current_membership(world.person) is None  # they left the group
    groups.add_member(world.facilitator, world.group, world.person)
    old, new = sorted(periods(db, world.person), key=lambda p: p.id)
    assert old.ended_on == last_day and new.ended_on is None

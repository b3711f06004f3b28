"""`flask demo --scale`: bulk data for measuring, consistent with the app's own rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.accounts.models import User
from app.demo import DEMO_PASSWORD, DemoRefused
from app.demo_scale import SCALES, load_scale
from app.extensions import db as _db
from app.meetings.models import Attendance
from app.placements.models import Assignment, AssignmentStatus, Placement
from app.reflections.models import Reflection
from tests.factories import make_user


def count(model: type) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def test_the_small_scale_makes_what_it_says_and_keeps_seats_true(db):
    scale = SCALES["town"]
    counts = load_scale("town", echo=lambda _line: None)
    people = scale.municipalities * scale.groups_per_town * scale.members_per_group
    assert counts["reflection"] == count(Reflection) == people * scale.reflections_per_person
    assert count(User) == counts["user"] > people
    assert 0.7 * people * scale.past_meetings < count(Attendance) < 0.9 * people * scale.past_meetings
    active = select(func.count(Assignment.id)).where(
        Assignment.placement_id == Placement.id, Assignment.status == AssignmentStatus.ACTIVE
    )
    wrong = _db.session.scalar(
        select(func.count()).select_from(Placement).where(Placement.taken != active.scalar_subquery())
    )
    assert wrong == 0 and _db.session.scalar(select(func.max(Placement.taken - Placement.seats))) <= 0
    reflection = _db.session.scalars(select(Reflection).limit(1)).one()
    assert reflection.text  # stored encrypted, read back through the column type
    first = _db.session.scalars(select(User).where(User.email == "ung-1-1@scale.example")).one()
    assert check_password_hash(first.password_hash or "", DEMO_PASSWORD)


def test_it_refuses_a_database_with_users(db):
    make_user()
    with pytest.raises(DemoRefused):
        load_scale("town", echo=lambda _line: None)

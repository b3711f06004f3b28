"""A group with a facilitator, two members and one meeting, for the meeting tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Meeting
from app.meetings.schedule import new_meeting
from tests.factories import make_municipality, make_user


@dataclass
class Setup:
    group: Group
    facilitator: User
    member: User
    other_member: User
    outsider: User  # a participant of the same municipality, not in the group
    meeting: Meeting


def add_meeting(db, group: Group, starts_at: datetime) -> Meeting:  # noqa: ANN001
    meeting = new_meeting(group, date(2000, 1, 3))
    meeting.series_date = starts_at.date() + timedelta(days=0)
    starts_at = starts_at.replace(microsecond=0)
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + timedelta(hours=2)
    db.session.add(meeting)
    db.session.commit()
    return meeting


@pytest.fixture
def setup(db) -> Setup:  # noqa: ANN001
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    member, other_member, outsider = (make_user(Role.PARTICIPANT, town) for _ in range(3))
    group = Group(municipality_id=town.id, name="Tirsdag", weekday=1, start_time=time(10), place="Jobcentret")
    db.session.add(group)
    db.session.flush()
    joined = utcnow() - timedelta(days=30)
    db.session.add(Membership(group=group, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=joined))
    for person in (member, other_member):
        db.session.add(Membership(group=group, user_id=person.id, role=MemberRole.MEMBER, joined_at=joined))
    db.session.commit()
    meeting = add_meeting(db, group, utcnow().replace(microsecond=0) + timedelta(days=2))
    return Setup(group, facilitator, member, other_member, outsider, meeting)


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""

"""A small world for the facilitation tests: a group (two facilitators, two participants) with a meeting that was
held this morning, one coming in two days and one that did not take place; another group of the same municipality
with its own facilitator; an admin; and another municipality's staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db as _db
from app.groups.models import Group
from app.meetings.models import Meeting
from app.meetings.schedule import new_meeting
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages and pages in these tests are asserted in English."""


def add_meeting(group: Group, starts_at: datetime, *, cancelled: bool = False) -> Meeting:
    """A one-off meeting of two hours at `starts_at` (UTC)."""
    meeting = new_meeting(group, date(2000, 1, 3))
    meeting.series_date = None
    starts_at = starts_at.replace(microsecond=0)
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + timedelta(hours=2)
    if cancelled:
        meeting.cancelled_at, meeting.cancel_reason = starts_at - timedelta(days=1), "Sygdom"
    _db.session.add(meeting)
    _db.session.commit()
    return meeting


@dataclass
class World:
    group: Group
    facilitator: User  # of the group
    co_facilitator: User  # of the group
    amira: User  # a participant of the group
    peer: User  # a participant of the group
    other_group: Group  # same municipality
    other_facilitator: User  # of the other group: reads, does not write
    admin: User  # of the municipality, in no group: reads and writes
    foreign_facilitator: User  # another municipality
    foreign_admin: User
    held: Meeting  # started three hours ago, over an hour ago
    coming: Meeting  # in two days
    cancelled: Meeting  # yesterday, recorded as not held


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other_group = make_group(town, name="Torsdagsgruppen")
    people = {
        "facilitator": make_user(Role.FACILITATOR, town, name="Anne", language="en"),
        "co_facilitator": make_user(Role.FACILITATOR, town, name="Bent", language="en"),
        "amira": make_user(Role.PARTICIPANT, town, name="Amira", language="en"),
        "peer": make_user(Role.PARTICIPANT, town, name="Bo", language="en"),
        "other_facilitator": make_user(Role.FACILITATOR, town, name="Erik", language="en"),
        "admin": make_user(Role.ADMIN, town, name="Gorm", language="en"),
    }
    long_ago = utcnow() - timedelta(days=90)
    add_to_group(group, people["facilitator"], "facilitator", joined_at=long_ago)
    add_to_group(group, people["co_facilitator"], "facilitator", joined_at=long_ago)
    add_to_group(group, people["amira"], joined_at=long_ago)
    add_to_group(group, people["peer"], joined_at=long_ago)
    add_to_group(other_group, people["other_facilitator"], "facilitator", joined_at=long_ago)
    far = make_municipality()
    far_group = make_group(far, name="Mandagsgruppen")
    foreign_facilitator = make_user(Role.FACILITATOR, far, name="Hans", language="en")
    foreign_admin = make_user(Role.ADMIN, far, name="Ida", language="en")
    add_to_group(far_group, foreign_facilitator, "facilitator", joined_at=long_ago)
    now = utcnow()
    return World(
        group=group,
        other_group=other_group,
        foreign_facilitator=foreign_facilitator,
        foreign_admin=foreign_admin,
        held=add_meeting(group, now - timedelta(hours=3)),
        coming=add_meeting(group, now + timedelta(days=2)),
        cancelled=add_meeting(group, now - timedelta(days=1), cancelled=True),
        **people,
    )


@pytest.fixture
def clients(make_client, login_as, world) -> Callable[[User | None], FlaskClient]:  # noqa: ANN001
    """One test client per person (None: anonymous), logged in on first use: clients(user)."""
    made: dict[int, FlaskClient] = {}

    def for_(user: User | None) -> FlaskClient:
        key = user.id if user is not None else 0
        if key not in made:
            made[key] = make_client()
            if user is not None:
                login_as(made[key], user)
        return made[key]

    return for_


def page_url(meeting: Meeting) -> str:
    return f"/staff/meetings/{meeting.id}/facilitation"


def month_url(group: Group, month: str = "", months: int | None = None) -> str:
    query = "&".join(part for part in (f"month={month}" if month else "", f"months={months}" if months else "") if part)
    return f"/staff/groups/{group.id}/facilitation" + (f"?{query}" if query else "")

"""A small world for the notification tests: two groups in one municipality (one facilitator each, plus a
co-facilitator in the first), another municipality, and helpers to read what was notified."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Municipality, Role, User
from app.db import utcnow
from app.groups.models import Group
from app.meetings.models import Meeting
from app.meetings.schedule import new_meeting
from app.notifications.models import Delivery, DeliveryStatus, Kind, Notification, PushSubscription
from app.timeutil import local_to_utc
from tests.factories import add_to_group, make_group, make_municipality, make_user

LONG_AGO = datetime(2020, 1, 1, tzinfo=utcnow().tzinfo)


@dataclass
class World:
    town: Municipality
    group: Group
    facilitator: User
    cofacilitator: User
    members: list[User]
    other_group: Group
    other_facilitator: User
    other_member: User
    admin: User
    far_town: Municipality
    far_facilitator: User
    far_member: User


def _participant(town: Municipality) -> User:
    return make_user(Role.PARTICIPANT, town, password=None, language="en")


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town, far = make_municipality(), make_municipality()
    group, other = make_group(town, weekday=6), make_group(town, weekday=2)
    facilitator, cofacilitator, other_facilitator = (make_user(Role.FACILITATOR, town) for _ in range(3))
    members = [_participant(town) for _ in range(3)]
    other_member = _participant(town)
    for person in (facilitator, cofacilitator):
        add_to_group(group, person, "facilitator", joined_at=LONG_AGO)
    for person in members:
        add_to_group(group, person, joined_at=LONG_AGO)
    add_to_group(other, other_facilitator, "facilitator", joined_at=LONG_AGO)
    add_to_group(other, other_member, joined_at=LONG_AGO)
    far_group = make_group(far)
    far_facilitator, far_member = make_user(Role.FACILITATOR, far), _participant(far)
    add_to_group(far_group, far_facilitator, "facilitator", joined_at=LONG_AGO)
    add_to_group(far_group, far_member, joined_at=LONG_AGO)
    admin = make_user(Role.ADMIN, town)
    return World(town, group, facilitator, cofacilitator, members, other, other_facilitator, other_member, admin,
                 far, far_facilitator, far_member)  # fmt: skip


def meeting_at(db, group: Group, day: date, at=None) -> Meeting:  # noqa: ANN001
    """A meeting of `group` on the local `day` at the group's time (or local `at`), two hours long."""
    meeting = new_meeting(group, day)
    if at is not None:
        meeting.starts_at = local_to_utc(day, at)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def add_device(db, user: User) -> PushSubscription:  # noqa: ANN001
    """A push subscription on a (fake) device, so notifications get deliveries."""
    endpoint = f"https://fcm.googleapis.com/fcm/send/{secrets.token_urlsafe(16)}"
    sub = PushSubscription(user_id=user.id, endpoint=endpoint, endpoint_hash=secrets.token_hex(32),
                           p256dh="p" * 87, auth="a" * 22)  # fmt: skip
    db.session.add(sub)
    db.session.commit()
    return sub


def notes(db, kind: Kind | None = None) -> list[Notification]:  # noqa: ANN001
    """Every committed notification (of `kind`), oldest first, read in a fresh transaction."""
    db.session.rollback()
    stmt = select(Notification).order_by(Notification.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt))


def recipients(db, kind: Kind | None = None) -> list[int]:  # noqa: ANN001
    return sorted(n.user_id for n in notes(db, kind))


def deliveries(db, kind: Kind | None = None) -> list[Delivery]:  # noqa: ANN001
    db.session.rollback()
    stmt = select(Delivery).join(Delivery.notification).order_by(Delivery.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt))


def statuses(db, kind: Kind | None = None) -> list[DeliveryStatus]:  # noqa: ANN001
    return [d.status for d in deliveries(db, kind)]


def ids(*people: User) -> list[int]:
    return sorted(p.id for p in people)

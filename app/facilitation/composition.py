"""A group's composition at a glance, for the staff group page: of the current members, who is new in the group
(joined less than NEW_FOR ago), who has placement experience to share (a placement whose first day has come, still
held or ended; a placement given up before its first day does not count) and who has been to a match event. One
query, however big the group."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from app.accounts.models import User
from app.db import utcnow
from app.events.models import EventAttendance
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.placements.models import Assignment
from app.placements.weeks import HELD
from app.timeutil import local_today

NEW_FOR = timedelta(weeks=4)


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str


@dataclass
class Composition:
    members: int = 0
    new: list[Member] = field(default_factory=list)
    placement: list[Member] = field(default_factory=list)
    event: list[Member] = field(default_factory=list)


def composition(group: Group, now: datetime | None = None) -> Composition:
    """Counts (and names, by name) of the group's current members who are new, have tried a placement, or have
    been to a match event."""
    now = now or utcnow()
    tried = exists(
        select(Assignment.id).where(
            Assignment.user_id == Membership.user_id, HELD, Assignment.start_date <= local_today(now)
        )
    )
    went = exists(select(EventAttendance.id).where(EventAttendance.user_id == Membership.user_id))
    rows = db.session.execute(
        select(User.id, User.display_name, Membership.joined_at, tried, went)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None))
        .order_by(User.display_name, User.id)
    )
    found = Composition()
    for user_id, name, joined_at, has_tried, has_been in rows:
        member = Member(user_id, name)
        found.members += 1
        if joined_at > now - NEW_FOR:
            found.new.append(member)
        if has_tried:
            found.placement.append(member)
        if has_been:
            found.event.append(member)
    return found

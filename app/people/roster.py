"""The columns of a group's roster on the staff group page: attendance rate, current placement and hours,
last seen and unread shared reflections — five queries for the whole group, however big."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import contains_eager

from app.accounts.models import User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, Meeting
from app.meetings.services import membership_covers_meeting
from app.people.profile import ATTENDANCE_SHOWN, last_activity
from app.placements.models import Assignment, AssignmentStatus, Placement
from app.reflections.models import Reflection, ReflectionRead
from app.reflections.policies import readable_by_others
from app.timeutil import local_today


@dataclass
class Facts:
    held: int = 0  # of the group's last ATTENDANCE_SHOWN meetings, those the person was a member for
    came: int = 0
    placements: list[Assignment] | None = None
    last_seen: datetime | None = None
    unread: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.came / self.held if self.held else None

    @property
    def hours(self) -> int:
        return sum(a.weekly_hours for a in self.placements or [])


def roster_facts(viewer: User, group: Group, now: datetime | None = None) -> dict[int, Facts]:
    """Per current participant of the group (by user id), the roster's facts."""
    now = now or utcnow()
    ids = list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.group_id == group.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
            )
        )
    )
    facts = {uid: Facts(placements=[]) for uid in ids}
    if not ids:
        return facts
    recent = (
        select(Meeting.id)
        .where(Meeting.group_id == group.id, Meeting.ends_at <= now, Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at.desc())
        .limit(ATTENDANCE_SHOWN)
        .subquery()
    )
    counted = db.session.execute(
        select(Membership.user_id, func.count(Meeting.id), func.count(Attendance.id))
        .join(Meeting, membership_covers_meeting())
        .outerjoin(Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == Membership.user_id))
        .where(Meeting.id.in_(select(recent.c.id)), Membership.user_id.in_(ids))
        .group_by(Membership.user_id)
    )
    for uid, held, came in counted:
        facts[uid].held, facts[uid].came = held, came
    for assignment in db.session.scalars(
        select(Assignment)
        .join(Assignment.placement)
        .join(Placement.company)
        .options(contains_eager(Assignment.placement).contains_eager(Placement.company))
        .where(Assignment.user_id.in_(ids), Assignment.status == AssignmentStatus.ACTIVE)
        .order_by(Assignment.start_date)
    ).unique():
        placements = facts[assignment.user_id].placements
        if placements is not None:
            placements.append(assignment)
    for uid, at in last_activity(ids).items():
        facts[uid].last_seen = at
    read = exists(
        select(ReflectionRead.id).where(
            ReflectionRead.reflection_id == Reflection.id, ReflectionRead.reader_id == viewer.id
        )
    )
    unread = db.session.execute(
        select(Reflection.author_id, func.count(Reflection.id))
        .where(Reflection.author_id.in_(ids), readable_by_others(viewer, local_today(now)), ~read)
        .group_by(Reflection.author_id)
    )
    for uid, count in unread:
        facts[uid].unread = count
    return facts

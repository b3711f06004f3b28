"""The staff overview's figures: this week's meetings with their answers, and who is checked in right now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Membership
from app.meetings.models import Answer, Attendance, Meeting, Rsvp
from app.meetings.services import membership_covers_meeting
from app.meetings.state import MeetingState, meeting_state
from app.people import scope
from app.timeutil import local_to_utc, local_today


@dataclass
class WeekMeeting:
    meeting: Meeting
    members: int
    yes: int
    no: int
    checked_in: int
    state: MeetingState
    live: bool  # under way, or check-in already opened before the start: who is here is shown
    present: list[tuple[int, str]] = field(default_factory=list)  # (user id, name) checked in, while live

    @property
    def unanswered(self) -> int:
        return max(self.members - self.yes - self.no, 0)


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Copenhagen time, as UTC."""
    today = local_today(now)
    monday = today - timedelta(days=today.weekday())
    return local_to_utc(monday, time(0)), local_to_utc(monday + timedelta(days=7), time(0))


@cache
def _week_statement(admin: bool) -> Select[Meeting, int, int, int, int]:
    """This week's meetings of the actor's groups with members, yes, no and check-in counts; built once per kind of
    actor with bind parameters (actor, municipality, week start and end)."""
    members = (
        select(func.count(Membership.id))
        .join(User, User.id == Membership.user_id)
        .where(membership_covers_meeting(), Membership.left_at.is_(None), User.active.is_(True))
        .correlate(Meeting)
        .scalar_subquery()
    )
    answers = {
        answer: select(func.count(Rsvp.id))
        .where(Rsvp.meeting_id == Meeting.id, Rsvp.answer == answer)
        .correlate(Meeting)
        .scalar_subquery()
        for answer in (Answer.YES, Answer.NO)
    }
    present = (
        select(func.count(Attendance.id))
        .where(Attendance.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    groups = scope.group_ids_of(bindparam("municipality_id"), bindparam("actor_id"), admin=admin)
    return (
        select(Meeting, members, answers[Answer.YES], answers[Answer.NO], present)
        .join(Meeting.group)
        .options(contains_eager(Meeting.group))
        .where(
            Meeting.group_id.in_(groups),
            Meeting.starts_at >= bindparam("start"),
            Meeting.starts_at < bindparam("end"),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )


def this_week(actor: User, now: datetime | None = None) -> list[WeekMeeting]:
    """The meetings this week of the groups the actor looks after, with answer and check-in counts; for a
    meeting going on now, who has checked in (two queries)."""
    now = now or utcnow()
    start, end = week_bounds(now)
    params = {"municipality_id": actor.municipality_id, "actor_id": actor.id, "start": start, "end": end}
    rows = db.session.execute(_week_statement(actor.role is Role.ADMIN), params).all()
    week = [
        WeekMeeting(
            meeting,
            members or 0,
            yes or 0,
            no or 0,
            came or 0,
            state=(state := meeting_state(meeting, now)),
            live=state is MeetingState.UNDER_WAY
            or (state is MeetingState.COMING and meeting.checkin_opened_at is not None),
        )
        for meeting, members, yes, no, came in rows
    ]
    live = {w.meeting.id: w for w in week if w.live}
    if live:
        for meeting_id, user_id, name in db.session.execute(
            select(Attendance.meeting_id, User.id, User.display_name)
            .join(User, User.id == Attendance.user_id)
            .where(Attendance.meeting_id.in_(list(live)))
            .order_by(Attendance.checked_in_at)
        ):
            live[meeting_id].present.append((user_id, name))
    return week

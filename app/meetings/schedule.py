"""Weekly schedule: generate meetings ahead; move, re-agenda or cancel a single meeting."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app import signals
from app.accounts.models import User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.groups import services as groups
from app.groups.models import Group
from app.meetings.models import Meeting
from app.timeutil import local_to_utc, local_today
from app.transaction import transactional

WEEKS_AHEAD = 8


def _weekly_dates(weekday: int, first: date, weeks: int) -> list[date]:
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return [start + timedelta(weeks=n) for n in range(weeks)]


def new_meeting(group: Group, day: date) -> Meeting:
    starts = local_to_utc(day, group.start_time)
    # The end is computed in local time too, so a meeting across a DST change keeps its wall-clock length.
    end_local = datetime.combine(day, group.start_time) + timedelta(minutes=group.duration_minutes)
    return Meeting(
        group_id=group.id,
        series_date=day,
        starts_at=starts,
        ends_at=local_to_utc(end_local.date(), end_local.time()),
        place=group.place,
        checkin_secret=secrets.token_hex(32),
    )


@transactional
def generate_meetings(group: Group, weeks: int = WEEKS_AHEAD, now: datetime | None = None) -> list[Meeting]:
    """Create the group's meetings for the coming `weeks` weeks that do not exist yet. Commits.

    Times are the group's local wall-clock time, so a 10:00 meeting stays at 10:00 across DST.
    """
    created = plan_meetings(group, local_today(now or utcnow()), weeks)
    return created


@transactional
def create_group_with_meetings(actor: User, **values: Any) -> Group:
    """Create a group (see groups.services.create_group) and plan its meetings for the coming weeks, in one
    transaction. Raises DomainError as create_group does; then nothing is created."""
    group = groups.create_group(actor, **values)
    db.session.flush()
    generate_meetings(group)
    return group


def plan_meetings(group: Group, first_day: date, weeks: int) -> list[Meeting]:
    """Add (without committing) the weekly meetings from `first_day` that are not planned yet."""
    days = _weekly_dates(group.weekday, first_day, weeks)
    existing = set(
        db.session.scalars(
            select(Meeting.series_date).where(Meeting.group_id == group.id, Meeting.series_date.in_(days))
        )
    )
    created = [new_meeting(group, day) for day in days if day not in existing]
    db.session.add_all(created)
    return created


def _check_staff(actor: User, meeting: Meeting) -> None:
    if meeting.group.municipality_id != actor.municipality_id or not actor.is_staff:
        raise DomainError(None, _("You cannot change this meeting."))


@transactional
def move_meeting(actor: User, meeting: Meeting, *, day: date, at: time, place: str, agenda: str) -> None:
    """Give one meeting a new local date/time, place and agenda; the members are told of a new time or place.

    Raises for a cancelled or past meeting."""
    _check_staff(actor, meeting)
    if meeting.cancelled:
        raise DomainError(None, _("The meeting is cancelled."))
    starts = local_to_utc(day, at)
    if starts != meeting.starts_at and starts < utcnow():
        raise DomainError("day", _("Choose a time that has not passed yet."))
    length = meeting.ends_at - meeting.starts_at
    old_start, old_place = meeting.starts_at, meeting.place
    meeting.starts_at, meeting.ends_at = starts, starts + length
    meeting.place, meeting.agenda = place.strip(), agenda.strip()
    signals.meeting_moved.send(meeting=meeting, old_start=old_start, old_place=old_place, now=utcnow())


@transactional
def cancel_meeting(actor: User, meeting: Meeting, reason: str) -> None:
    """Cancel with a reason; the meeting stays visible as cancelled. The members are told."""
    _check_staff(actor, meeting)
    if not meeting.cancelled:
        meeting.cancelled_at = now = utcnow()
        meeting.cancel_reason = reason.strip()
        signals.meeting_cancelled.send(meeting=meeting, now=now)


@transactional
def reinstate_meeting(actor: User, meeting: Meeting) -> None:
    _check_staff(actor, meeting)
    meeting.cancelled_at = None
    meeting.cancel_reason = ""

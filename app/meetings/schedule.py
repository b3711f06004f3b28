"""Weekly schedule: plan meetings ahead by series slot, add an extra meeting, move, re-agenda or cancel one meeting.

A group's weekly series has one slot a week: the local date its weekday falls on (`Meeting.series_date`). The
planner gives each slot without a meeting a new one. A weekly meeting moved within its own week (Monday to Sunday,
Copenhagen time) still holds its slot. One moved to another week does not: planning again gives its week a new
meeting, and the moved one carries on as a one-off. An extra meeting never holds a slot, and a cancelled one keeps
its slot (a cancelled week stays cancelled). So moving never removes a week, and re-planning never duplicates one.
"""

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
from app.idempotency import claim, ensure_unused
from app.meetings.models import Meeting
from app.meetings.state import has_ended
from app.timeutil import local_to_utc, local_today, to_local
from app.transaction import transactional

WEEKS_AHEAD = 8


def _weekly_dates(weekday: int, first: date, weeks: int) -> list[date]:
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return [start + timedelta(weeks=n) for n in range(weeks)]


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def holds_its_slot(meeting: Meeting) -> bool:
    """Whether the meeting is the weekly meeting of its slot's week: it has a slot and lies in that week, in local
    time (a meeting at 00:30 on a Monday is in that Monday's week, though in UTC it is still Sunday)."""
    if meeting.series_date is None:
        return False
    return week_start(to_local(meeting.starts_at).date()) == week_start(meeting.series_date)


def _local_span(day: date, at: time, minutes: int) -> tuple[datetime, datetime]:
    """Start and end (UTC) of a meeting at local `day` and `at` lasting `minutes` of wall-clock time: the end is
    computed in local time too, so a meeting across a DST change keeps its wall-clock length."""
    end_local = datetime.combine(day, at) + timedelta(minutes=minutes)
    return local_to_utc(day, at), local_to_utc(end_local.date(), end_local.time())


def new_meeting(group: Group, day: date) -> Meeting:
    """The group's weekly meeting for the slot `day` (not added to the session)."""
    starts, ends = _local_span(day, group.start_time, group.duration_minutes)
    return Meeting(
        group_id=group.id,
        series_date=day,
        starts_at=starts,
        ends_at=ends,
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
    """Add (without committing) a meeting for each weekly slot from `first_day` that no meeting holds.

    A weekly meeting that was moved to another week gives up its slot here: it stays where it was moved to, as a
    one-off (its series_date becomes None), and its week gets a new weekly meeting.
    """
    days = _weekly_dates(group.weekday, first_day, weeks)
    held: set[date] = set()
    for meeting in db.session.scalars(
        select(Meeting).where(Meeting.group_id == group.id, Meeting.series_date.in_(days))
    ):
        if meeting.series_date is not None and holds_its_slot(meeting):
            held.add(meeting.series_date)
        else:
            meeting.series_date = None
    db.session.flush()  # free the slots first: a group has one meeting per slot (unique constraint)
    created = [new_meeting(group, day) for day in days if day not in held]
    db.session.add_all(created)
    return created


def _check_group_staff(actor: User, group: Group) -> None:
    if group.municipality_id != actor.municipality_id or not actor.is_staff:
        raise DomainError(None, _("You cannot plan meetings for this group."))


@transactional
def add_extra_meeting(
    actor: User,
    group: Group,
    *,
    day: date,
    at: time,
    place: str,
    agenda: str,
    now: datetime | None = None,
    key: str | None = None,
) -> Meeting:
    """Add a one-off meeting outside the weekly series at local `day` and `at`, as long as the group's weekly
    meetings. The members are told (signals.meeting_added); reminders come as for any meeting.

    Raises DomainError for staff of another municipality, a closed group, a time that has passed, or a time at
    which the group already has a meeting; with an idempotency `key`, AlreadyDone when that key was used before.
    """
    now = now or utcnow()
    if key is not None:
        ensure_unused(actor.id, key)
    _check_group_staff(actor, group)
    if not group.active:
        raise DomainError(None, _("This group is closed, so it gets no new meetings."))
    starts, ends = _local_span(day, at, group.duration_minutes)
    if starts < now:
        raise DomainError("day", _("Choose a time that has not passed yet."))
    clash = select(Meeting.id).where(
        Meeting.group_id == group.id, Meeting.starts_at == starts, Meeting.cancelled_at.is_(None)
    )
    if db.session.scalar(clash.limit(1)) is not None:
        raise DomainError("at", _("The group already has a meeting at that time."))
    token = claim(actor.id, key, "meetings.extra") if key is not None else None
    meeting = Meeting(
        group_id=group.id,
        series_date=None,
        starts_at=starts,
        ends_at=ends,
        place=place.strip(),
        agenda=agenda.strip(),
        checkin_secret=secrets.token_hex(32),
    )
    db.session.add(meeting)
    db.session.flush()
    if token is not None:
        token.result_id = meeting.id
    signals.meeting_added.send(meeting=meeting, now=now)
    return meeting


def _check_staff(actor: User, meeting: Meeting) -> None:
    if meeting.group.municipality_id != actor.municipality_id or not actor.is_staff:
        raise DomainError(None, _("You cannot change this meeting."))


@transactional
def move_meeting(
    actor: User, meeting: Meeting, *, day: date, at: time, place: str, agenda: str, now: datetime | None = None
) -> None:
    """Give one meeting a new local date/time, place and agenda; the members are told of a new time or place.

    A weekly meeting moved out of its week keeps its slot only until the planner runs again (see plan_meetings).
    Raises for a cancelled meeting, one that is over, or a new time that has passed."""
    now = now or utcnow()
    _check_staff(actor, meeting)
    if meeting.cancelled:
        raise DomainError(None, _("The meeting is cancelled."))
    if has_ended(meeting, now):
        raise DomainError(None, _("The meeting is over, so it can no longer be changed."))
    starts = local_to_utc(day, at)
    if starts != meeting.starts_at and starts < now:
        raise DomainError("day", _("Choose a time that has not passed yet."))
    length = meeting.ends_at - meeting.starts_at
    old_start, old_place = meeting.starts_at, meeting.place
    meeting.starts_at, meeting.ends_at = starts, starts + length
    meeting.place, meeting.agenda = place.strip(), agenda.strip()
    signals.meeting_moved.send(meeting=meeting, old_start=old_start, old_place=old_place, now=now)


@transactional
def cancel_meeting(actor: User, meeting: Meeting, reason: str, now: datetime | None = None) -> None:
    """Cancel with a reason; the meeting stays visible as cancelled. The members are told (of a meeting that has
    not ended). For one that has ended this records that it did not take place, so nobody counts as absent."""
    now = now or utcnow()
    _check_staff(actor, meeting)
    if not meeting.cancelled:
        meeting.cancelled_at = now
        meeting.cancel_reason = reason.strip()
        signals.meeting_cancelled.send(meeting=meeting, now=now)


@transactional
def reinstate_meeting(actor: User, meeting: Meeting) -> None:
    """Hold a cancelled meeting after all (or, once it has ended: it did take place)."""
    _check_staff(actor, meeting)
    meeting.cancelled_at = None
    meeting.cancel_reason = ""

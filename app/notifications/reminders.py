"""Reminders that fall due: meetings (the evening before, 2 hours before), match events (the evening before), and
for staff the programme's follow-ups 6, 12 and 30 months after a participant's start (when one falls due).

`schedule_due` is run by the delivery worker every round. Each reminder has a dedupe key with the meeting's
(or event's) start time and the slot, so running it any number of times, also from two workers at once,
makes each reminder once; a moved meeting gets fresh reminders for its new time. A reminder expires when
the meeting starts: it is never pushed after that.

A follow-up reminder goes to the staff who look after the person (app.programme.policies) once, on the day it falls
due or, if the worker was not running, within FOLLOWUP_REMIND_WITHIN after; recording the follow-up withdraws its push.

A run makes a fixed number of queries (meetings, members, answers, preferences, events, sign-ups, follow-ups, their
staff and the reminders already made), plus the inserts of the reminders that are new.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.db import utcnow
from app.events.models import EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import Group
from app.meetings.models import Answer, Meeting, Rsvp
from app.notifications.models import Kind, Notification
from app.notifications.prefs import prefs_of
from app.notifications.recipients import meeting_members, path_for
from app.notifications.services import notify
from app.programme.policies import responsible_staff
from app.programme.queries import DueFollowUp, due_followups
from app.timeutil import local_to_utc, local_today, to_local
from app.transaction import transactional

EVENING = time(18, 0)  # local time, the day before
TWO_HOURS = timedelta(hours=2)
EVENT_LATEST = timedelta(hours=1)  # an event reminder not made by then is not made at all
# From 18:00 the day before to the end of the next day, plus an hour for a DST change.
WINDOW = timedelta(hours=31)
CHUNK = 500


def evening_before(starts_at: datetime) -> datetime:
    """18:00 local time on the local day before `starts_at`, as UTC (DST-aware)."""
    return local_to_utc(to_local(starts_at).date() - timedelta(days=1), EVENING)


def meeting_slot(starts_at: datetime, now: datetime) -> str | None:
    """Which meeting reminder is due at `now`: "two_hours", "evening" (only until the 2-hour one is due) or None."""
    if now >= starts_at:
        return None
    if now >= starts_at - TWO_HOURS:
        return "two_hours"
    if now >= evening_before(starts_at):
        return "evening"
    return None


def event_due(starts_at: datetime, now: datetime) -> bool:
    return evening_before(starts_at) <= now < starts_at - EVENT_LATEST


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M")


def meeting_key(meeting: Meeting, slot: str) -> str:
    return f"meeting:{meeting.id}:{_stamp(meeting.starts_at)}:{slot}"


def event_key(event: MatchEvent) -> str:
    return f"event:{event.id}:{_stamp(event.starts_at)}:evening"


def followup_key(due: DueFollowUp) -> str:
    return f"followup:{due.period_id}:{due.point.value}"


def _existing(keys: list[str]) -> set[str]:
    """The dedupe keys among `keys` that already have a notification (one query per CHUNK keys)."""
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found.update(db.session.scalars(select(Notification.dedupe_key).where(Notification.dedupe_key.in_(chunk))))
    return found


def _due_meetings(now: datetime) -> list[tuple[Meeting, str, list[int]]]:
    """(meeting, slot, who should get it) for the meetings with a reminder due at `now`."""
    meetings = db.session.scalars(
        select(Meeting)
        .join(Group, Group.id == Meeting.group_id)
        .where(
            Meeting.starts_at > now,
            Meeting.starts_at <= now + WINDOW,
            Meeting.cancelled_at.is_(None),
            Group.active.is_(True),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    due = [(m, slot) for m in meetings if (slot := meeting_slot(m.starts_at, now)) is not None]
    if not due:
        return []
    ids = [m.id for m, _slot in due]
    members = meeting_members(ids)
    not_coming: dict[int, set[int]] = defaultdict(set)
    for meeting_id, user_id in db.session.execute(
        select(Rsvp.meeting_id, Rsvp.user_id).where(Rsvp.meeting_id.in_(ids), Rsvp.answer == Answer.NO)
    ):
        not_coming[meeting_id].add(user_id)
    prefs = prefs_of(sorted({uid for people in members.values() for uid in people}))
    wanted = {"evening": lambda p: p.remind_evening, "two_hours": lambda p: p.remind_two_hours}
    return [
        (m, slot, [u for u in members[m.id] if u not in not_coming[m.id] and wanted[slot](prefs[u])]) for m, slot in due
    ]


def _due_events(now: datetime) -> list[tuple[MatchEvent, list[int]]]:
    events = db.session.scalars(
        select(MatchEvent)
        .where(MatchEvent.starts_at > now, MatchEvent.starts_at <= now + WINDOW, MatchEvent.cancelled_at.is_(None))
        .order_by(MatchEvent.starts_at, MatchEvent.id)
    ).all()
    due = [e for e in events if event_due(e.starts_at, now)]
    if not due:
        return []
    people: dict[int, list[int]] = defaultdict(list)
    for event_id, user_id in db.session.execute(
        select(EventSignup.event_id, EventSignup.user_id)
        .join(User, User.id == EventSignup.user_id)
        .where(EventSignup.event_id.in_([e.id for e in due]), User.active.is_(True))
    ):
        people[event_id].append(user_id)
    return [(e, people[e.id]) for e in due]


def _due_followups(now: datetime) -> list[tuple[DueFollowUp, list[int]]]:
    """(follow-up, the staff to remind) for the follow-ups fallen due and not recorded (two or three queries)."""
    due = due_followups(local_today(now))
    if not due:
        return []
    staff = responsible_staff(d.user_id for d in due)
    return [(d, staff.get(d.user_id, [])) for d in due]


@transactional
def schedule_due(now: datetime | None = None) -> int:
    """Create the reminders that are due at `now` and commit; returns how many notifications were made."""
    now = now or utcnow()
    # (kind, dedupe prefix, url, object id, no push after, recipients, who it is about)
    batches: list[tuple[Kind, str, str, int, datetime | None, list[int], int | None]] = []
    for meeting, slot, people in _due_meetings(now):
        url = path_for("meetings.detail", meeting_id=meeting.id)
        key = meeting_key(meeting, slot)
        batches.append((Kind.MEETING_REMINDER, key, url, meeting.id, meeting.starts_at, people, None))
    for event, people in _due_events(now):
        url = path_for("events.detail", event_id=event.id)
        batches.append((Kind.EVENT_REMINDER, event_key(event), url, event.id, event.starts_at, people, None))
    for due, staff in _due_followups(now):
        url = path_for("programme.staff_followup", period_id=due.period_id, point=due.point.value)
        batches.append((Kind.FOLLOWUP_DUE, followup_key(due), url, due.period_id, None, staff, due.user_id))
    done = _existing([f"{prefix}:{uid}" for _k, prefix, _u, _o, _s, people, _a in batches for uid in people])
    made = 0
    for kind, prefix, url, object_id, expires_at, people, actor_id in batches:
        todo = [uid for uid in people if f"{prefix}:{uid}" not in done]
        if todo:
            made += len(
                notify(
                    todo,
                    kind,
                    url=url,
                    object_id=object_id,
                    expires_at=expires_at,
                    dedupe=prefix,
                    now=now,
                    actor_id=actor_id,
                )
            )
    return made

"""Everything about one participant that their facilitators may see, for the person page.

Shared reflections are only those the viewer may read right now (never the private ones). A fixed number
of queries, however long the person's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, type_coerce, union_all
from sqlalchemy.orm import contains_eager, selectinload

from app.accounts.models import LoginSession, User
from app.companies.models import Company
from app.db import UTCDateTime, utcnow
from app.events.models import CompanyInterest, EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, Meeting, Rsvp
from app.meetings.services import membership_covers_meeting
from app.meetings.state import MyState, my_state
from app.placements.models import PlacementChange
from app.placements.queries import TimelineEntry, timeline
from app.reflections.models import Reflection
from app.reflections.policies import readable_by_others
from app.timeutil import local_today

ATTENDANCE_SHOWN = 12


@dataclass
class MeetingRow:
    meeting: Meeting
    answer: str | None  # "yes", "no" or None
    came: bool
    state: MyState  # what the meeting was for the person (meetings.state.my_state): attended, said no or missed


@dataclass
class Profile:
    person: User
    memberships: list[Membership]
    meetings: list[MeetingRow]
    current: list[TimelineEntry]
    past: list[TimelineEntry]
    signups: list[MatchEvent]
    interests: list[tuple[MatchEvent, Company]]
    shared: list[Reflection]
    last_activity: datetime | None

    @property
    def attendance_rate(self) -> float | None:
        """Share of the last meetings shown that the person checked in at; None before the first meeting."""
        held = [row for row in self.meetings if not row.meeting.cancelled]
        return sum(row.came for row in held) / len(held) if held else None


def _meetings(person: User, now: datetime) -> list[MeetingRow]:
    rows = db.session.execute(
        select(Meeting, Rsvp.answer, Attendance.id)
        .join(Membership, and_(membership_covers_meeting(), Membership.user_id == person.id))
        .outerjoin(Rsvp, and_(Rsvp.meeting_id == Meeting.id, Rsvp.user_id == person.id))
        .outerjoin(Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == person.id))
        .where(Meeting.ends_at <= now, Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at.desc())
        .limit(ATTENDANCE_SHOWN)
    )
    return [
        MeetingRow(
            meeting,
            answer.value if answer else None,
            present is not None,
            my_state(meeting, answer, present is not None, now),
        )
        for meeting, answer, present in rows
    ]


def last_activity(user_ids: list[int]) -> dict[int, datetime]:
    """When each person last did something in the app: a page view (at most every few minutes), an answer,
    a check-in, a placement change or a reflection (one query)."""
    moments = union_all(
        select(LoginSession.user_id.label("uid"), LoginSession.last_seen_at.label("at")).where(
            LoginSession.user_id.in_(user_ids)
        ),
        select(Rsvp.user_id, Rsvp.answered_at).where(Rsvp.user_id.in_(user_ids)),
        select(Attendance.user_id, Attendance.checked_in_at).where(Attendance.user_id.in_(user_ids)),
        select(PlacementChange.user_id, PlacementChange.created_at).where(PlacementChange.user_id.in_(user_ids)),
        select(Reflection.author_id, Reflection.created_at).where(Reflection.author_id.in_(user_ids)),
    ).subquery()
    # max() over a UNION loses the column type; type_coerce gives it back, so the result is read as any
    # UTCDateTime column is (aware UTC on SQLite and PostgreSQL alike).
    latest = type_coerce(func.max(moments.c.at), UTCDateTime())
    rows = db.session.execute(select(moments.c.uid, latest).group_by(moments.c.uid))
    return {uid: at for uid, at in rows if at is not None}


def profile(viewer: User, person: User, now: datetime | None = None) -> Profile:
    """The person page's data, as `viewer` may see it (ten queries)."""
    now = now or utcnow()
    today = local_today(now)
    memberships = list(
        db.session.scalars(
            select(Membership)
            .join(Membership.group)
            .options(contains_eager(Membership.group))
            .where(Membership.user_id == person.id, Membership.role == MemberRole.MEMBER)
            .order_by(Membership.joined_at.desc())
        )
    )
    current, past = timeline(person, today)
    signups = list(
        db.session.scalars(
            select(MatchEvent)
            .join(EventSignup, EventSignup.event_id == MatchEvent.id)
            .where(EventSignup.user_id == person.id)
            .order_by(MatchEvent.starts_at.desc())
        )
    )
    interests = [
        (event, company)
        for event, company in db.session.execute(
            select(MatchEvent, Company)
            .join(CompanyInterest, CompanyInterest.event_id == MatchEvent.id)
            .join(Company, Company.id == CompanyInterest.company_id)
            .where(CompanyInterest.user_id == person.id)
            .order_by(MatchEvent.starts_at.desc(), func.lower(Company.name))
        )
    ]
    shared = list(
        db.session.scalars(
            select(Reflection)
            .options(selectinload(Reflection.author))
            .where(Reflection.author_id == person.id, readable_by_others(viewer, today))
            .order_by(Reflection.created_at.desc())
        )
    )
    return Profile(
        person=person,
        memberships=memberships,
        meetings=_meetings(person, now),
        current=current,
        past=past,
        signups=signups,
        interests=interests,
        shared=shared,
        last_activity=last_activity([person.id]).get(person.id),
    )


def group_of(memberships: list[Membership]) -> Group | None:
    """The group the person is in now, if any."""
    return next((m.group for m in memberships if m.left_at is None), None)

"""Who may see a meeting, answering (RSVP), and the lists each person sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import contains_eager

from app import signals
from app.accounts.models import User
from app.db import utcnow
from app.errors import DomainError, RuleConflict
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.idempotency import claim, ensure_unused
from app.meetings.models import REASON_MAX, Answer, Attendance, Meeting, Rsvp
from app.meetings.state import MeetingState, MyState, can_answer, meeting_state, my_state
from app.transaction import transactional


def membership_covers_meeting() -> ColumnElement[bool]:
    """SQL condition: the membership (joined to Meeting) was current during the meeting."""
    return and_(
        Membership.group_id == Meeting.group_id,
        Membership.role == MemberRole.MEMBER,
        Membership.joined_at <= Meeting.ends_at,
        or_(Membership.left_at.is_(None), Membership.left_at > Meeting.starts_at),
    )


def is_member_at(user: User, meeting: Meeting) -> bool:
    """True if the participant was in the meeting's group at the time of the meeting."""
    stmt = (
        select(Membership.id)
        .join(Meeting, membership_covers_meeting())
        .where(Meeting.id == meeting.id, Membership.user_id == user.id)
    )
    return db.session.scalar(stmt.limit(1)) is not None


def get_meeting_for_participant_or_404(meeting_id: int, user: User) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not is_member_at(user, meeting):
        abort(404)
    return meeting


def get_meeting_for_staff_or_404(meeting_id: int, user: User) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.group.municipality_id != user.municipality_id:
        abort(404)
    return meeting


@transactional
def answer(
    user: User,
    meeting: Meeting,
    value: Answer,
    reason: str | None = "",
    now: datetime | None = None,
    key: str | None = None,
) -> Rsvp:
    """Say coming or not coming (afbud). One row per person and meeting; changeable until the start.

    The reason belongs to a no and is asked for after it: `reason` None (a no without the reason field) keeps the
    reason already given for a no.

    Raises DomainError when not in the group, RuleConflict when the meeting is cancelled or has
    started; with an idempotency `key`, AlreadyDone when that key was used before.
    """
    now = now or utcnow()
    if key is not None:
        ensure_unused(user.id, key)
    if not is_member_at(user, meeting):
        raise DomainError("answer", _("You are not in the group of this meeting."))
    if meeting.cancelled:
        raise RuleConflict("answer", _("The meeting is cancelled."))
    if now >= meeting.starts_at:
        raise RuleConflict("answer", _("The meeting has started, so the answer can no longer be changed."))
    token = claim(user.id, key, "meetings.rsvp") if key is not None else None
    row = db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.user_id == user.id))
    if row is None:
        row = Rsvp(meeting_id=meeting.id, user_id=user.id, reason="")
        db.session.add(row)
    if value is not Answer.NO:
        row.reason = ""
    elif reason is not None:
        row.reason = reason.strip()[:REASON_MAX]
    elif row.answer is not Answer.NO:
        row.reason = ""
    row.answer, row.answered_at = value, now
    signals.rsvp_changed.send(meeting=meeting, user=user, answer=value)
    if token is not None:
        db.session.flush()
        token.result_id = row.id
    return row


@dataclass
class MyMeeting:
    """A meeting with the participant's own answer and check-in, and what that makes it for them (state.my_state)."""

    meeting: Meeting
    rsvp: Rsvp | None
    attended: bool
    state: MyState
    can_answer: bool
    started: bool


@cache
def _my_meetings(upcoming: bool, limit: int) -> Select[Meeting, Rsvp, bool]:
    """Each meeting of the person (parameter user_id) that ends from `now` on (or ended before it), with their
    answer and whether they checked in. Built once per (direction, limit): the statement costs more to construct
    than to run."""
    user_id: BindParameter[int] = bindparam("user_id")
    attended = select(Attendance.id).where(Attendance.meeting_id == Meeting.id, Attendance.user_id == user_id)
    stmt = (
        select(Meeting, Rsvp, attended.exists())
        .join(Membership, membership_covers_meeting())
        .join(Meeting.group)
        .outerjoin(Rsvp, and_(Rsvp.meeting_id == Meeting.id, Rsvp.user_id == user_id))
        .options(contains_eager(Meeting.group))
        .where(Membership.user_id == user_id)
    )
    if upcoming:
        stmt = stmt.where(Meeting.ends_at >= bindparam("now")).order_by(Meeting.starts_at)
    else:
        stmt = stmt.where(Meeting.ends_at < bindparam("now")).order_by(Meeting.starts_at.desc())
    return stmt.limit(limit)


def my_meetings(user: User, *, upcoming: bool, limit: int = 20, now: datetime | None = None) -> list[MyMeeting]:
    """The participant's meetings (upcoming, soonest first; or past, newest first) with own answer and attendance.

    One query, however many meetings, answers or check-ins exist.
    """
    now = now or utcnow()
    rows = db.session.execute(_my_meetings(upcoming, limit), {"user_id": user.id, "now": now}).unique()
    return [_mine(meeting, rsvp, bool(attended), now) for meeting, rsvp, attended in rows]


def _with_answers(user: User, meetings: list[Meeting], now: datetime | None = None) -> list[MyMeeting]:
    now = now or utcnow()
    ids = [m.id for m in meetings]
    if not ids:
        return []
    rsvps = {
        r.meeting_id: r
        for r in db.session.scalars(select(Rsvp).where(Rsvp.user_id == user.id, Rsvp.meeting_id.in_(ids)))
    }
    attended = set(
        db.session.scalars(
            select(Attendance.meeting_id).where(Attendance.user_id == user.id, Attendance.meeting_id.in_(ids))
        )
    )
    return [_mine(m, rsvps.get(m.id), m.id in attended, now) for m in meetings]


def _mine(meeting: Meeting, rsvp: Rsvp | None, attended: bool, now: datetime) -> MyMeeting:
    state = my_state(meeting, rsvp.answer if rsvp else None, attended, now)
    started = meeting_state(meeting, now) in (MeetingState.UNDER_WAY, MeetingState.OVER)
    return MyMeeting(meeting, rsvp, attended, state, can_answer(meeting, state, now), started)


def my_meeting(user: User, meeting: Meeting, now: datetime | None = None) -> MyMeeting:
    return _with_answers(user, [meeting], now)[0]


def next_meeting(user: User, now: datetime | None = None) -> MyMeeting | None:
    upcoming = my_meetings(user, upcoming=True, limit=1, now=now)
    return upcoming[0] if upcoming else None


NAMES_SHOWN = 8  # first names under "who is coming"; more are counted


@dataclass
class Coming:
    """Who else from the group said they are coming: first names of those who show themselves, and how many more."""

    names: list[str]
    others: int


@cache
def _who_is_coming() -> Select[str, bool]:
    meeting_id: BindParameter[int] = bindparam("meeting_id")
    in_group = (
        select(Membership.id)
        .join(Meeting, membership_covers_meeting())
        .where(Meeting.id == meeting_id, Membership.user_id == User.id)
        .exists()
    )
    return (
        select(User.display_name, User.shown_to_group)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(
            Rsvp.meeting_id == meeting_id,
            Rsvp.answer == Answer.YES,
            User.id != bindparam("viewer_id"),
            User.active.is_(True),
        )
        .where(in_group)
        .order_by(Rsvp.answered_at, User.id)
    )


def who_is_coming(meeting: Meeting, viewer: User) -> Coming:
    """The others of the group who said yes to `meeting` (one query). For the group's own members only: the pages
    call it for a meeting the viewer may see. Someone who hides themselves (User.shown_to_group) is only counted."""
    rows = db.session.execute(_who_is_coming(), {"meeting_id": meeting.id, "viewer_id": viewer.id}).all()
    shown = [(name.split() or [""])[0] for name, visible in rows if visible]
    return Coming(shown[:NAMES_SHOWN], len(rows) - min(len(shown), NAMES_SHOWN))


@dataclass
class RosterRow:
    user: User
    rsvp: Rsvp | None
    attendance: Attendance | None


def roster(meeting: Meeting) -> list[RosterRow]:
    """Who is in the meeting's group, what they answered and whether they are checked in (three queries)."""
    members = db.session.scalars(
        select(Membership)
        .join(Meeting, membership_covers_meeting())
        .join(Membership.user)
        .options(contains_eager(Membership.user))
        .where(Meeting.id == meeting.id)
        .order_by(User.display_name)
    ).unique()
    rsvps = {r.user_id: r for r in db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id))}
    present = {a.user_id: a for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))}
    return [RosterRow(m.user, rsvps.get(m.user_id), present.get(m.user_id)) for m in members]


def group_meetings(group: Group, *, upcoming: bool, limit: int = 12, now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    stmt = select(Meeting).where(Meeting.group_id == group.id)
    if upcoming:
        stmt = stmt.where(Meeting.ends_at >= now).order_by(Meeting.starts_at)
    else:
        stmt = stmt.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(stmt.limit(limit)))


@dataclass
class MeetingRow:
    """A meeting in a staff list: its state, and how many of the group came (for one that has started)."""

    meeting: Meeting
    state: MeetingState
    came: int
    members: int


def meeting_rows(meetings: list[Meeting], now: datetime | None = None) -> list[MeetingRow]:
    """The meetings with their state, check-ins and the number in the group at the time (two queries)."""
    now = now or utcnow()
    ids = [m.id for m in meetings]
    if not ids:
        return []
    came: dict[int, int] = {
        meeting_id: count
        for meeting_id, count in db.session.execute(
            select(Attendance.meeting_id, func.count())
            .where(Attendance.meeting_id.in_(ids))
            .group_by(Attendance.meeting_id)
        )
    }
    members: dict[int, int] = {
        meeting_id: count
        for meeting_id, count in db.session.execute(
            select(Meeting.id, func.count(Membership.id))
            .join(Membership, membership_covers_meeting())
            .where(Meeting.id.in_(ids))
            .group_by(Meeting.id)
        )
    }
    return [MeetingRow(m, meeting_state(m, now), came.get(m.id, 0), members.get(m.id, 0)) for m in meetings]


def upcoming_for_staff(actor: User, limit: int = 8, now: datetime | None = None) -> list[Meeting]:
    """The municipality's next meetings (all groups), soonest first, with their group, in one query."""
    now = now or utcnow()
    stmt = (
        select(Meeting)
        .join(Meeting.group)
        .options(contains_eager(Meeting.group))
        .where(Group.municipality_id == actor.municipality_id, Meeting.ends_at >= now)
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))

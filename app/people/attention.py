"""Who needs attention: participants a facilitator might reach out to this week, each with a kind reason.

The rules (each a grouped query, so the overview makes a fixed number of queries however many people there
are), for the active participants now in the groups the staff member looks after (app/people/scope.py):

- WANTS_TO_TALK: pressed "I'd like to talk to my facilitator" (app/wellbeing) within TALK_WITHIN. Never why:
  the pulse's answers are not read here.
- NO_ANSWER: has not answered the group's next meeting, which starts within NEXT_MEETING_WITHIN.
- NOT_SEEN: did not check in at either of the group's last two meetings (ended, not cancelled, both after
  they joined). Exactly two: one missed meeting is not a pattern.
- NO_PLACEMENT: NO_PLACEMENT_AFTER or more since they first joined a group, and no active placement.
- PLACEMENT_ENDED: ended a placement within ENDED_WITHIN and has no active one now.
- UNREAD_REFLECTION: shared a reflection the staff member may read and has not opened.
- AWAITS_RESPONSE: shared a reflection within RESPONSE_WITHIN that the staff member has read and no staff
  member has answered yet.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Exists, and_, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.accounts.models import User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, Meeting, Rsvp
from app.people import scope
from app.placements.models import Assignment, AssignmentStatus
from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse
from app.reflections.policies import readable_by_others
from app.timeutil import local_today
from app.wellbeing.models import PulseSetting

NEXT_MEETING_WITHIN = timedelta(days=7)
NO_PLACEMENT_AFTER = timedelta(days=21)
ENDED_WITHIN = timedelta(days=14)
RESPONSE_WITHIN = timedelta(days=30)
TALK_WITHIN = timedelta(days=14)


class Reason(enum.StrEnum):
    WANTS_TO_TALK = "wants_to_talk"
    NO_ANSWER = "no_answer"
    NOT_SEEN = "not_seen"
    NO_PLACEMENT = "no_placement"
    PLACEMENT_ENDED = "placement_ended"
    UNREAD_REFLECTION = "unread_reflection"
    AWAITS_RESPONSE = "awaits_response"


@dataclass
class Flag:
    reason: Reason
    object_id: int | None = None  # the meeting or reflection it is about, for the link
    count: int = 1  # several unread reflections are one flag


@dataclass
class Person:
    user_id: int
    name: str
    group_name: str
    flags: list[Flag] = field(default_factory=list)


def _no_answer(members: Iterable[tuple[int, int]], now: datetime) -> list[tuple[int, Flag]]:
    groups = {group_id for _user, group_id in members}
    first = (
        select(Meeting.group_id, func.min(Meeting.starts_at).label("starts"))
        .where(
            Meeting.group_id.in_(groups),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + NEXT_MEETING_WITHIN,
        )
        .group_by(Meeting.group_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Meeting.group_id, func.min(Meeting.id))
        .join(first, and_(first.c.group_id == Meeting.group_id, first.c.starts == Meeting.starts_at))
        .where(Meeting.cancelled_at.is_(None))
        .group_by(Meeting.group_id)
    )
    next_of_group: dict[int, int] = {group_id: meeting_id for group_id, meeting_id in rows}
    answered = set(
        db.session.execute(
            select(Rsvp.user_id, Rsvp.meeting_id).where(Rsvp.meeting_id.in_(list(next_of_group.values())))
        )
    )
    return [
        (user_id, Flag(Reason.NO_ANSWER, next_of_group[group_id]))
        for user_id, group_id in members
        if group_id in next_of_group and (user_id, next_of_group[group_id]) not in answered
    ]


def _wants_to_talk(user_ids: list[int], now: datetime) -> list[tuple[int, Flag]]:
    rows = db.session.execute(
        select(PulseSetting.user_id).where(
            PulseSetting.user_id.in_(user_ids), PulseSetting.talk_requested_at >= now - TALK_WITHIN
        )
    )
    return [(user_id, Flag(Reason.WANTS_TO_TALK)) for (user_id,) in rows]


def _not_seen(user_ids: list[int], now: datetime) -> list[tuple[int, Flag]]:
    member = select(Membership.user_id, Membership.group_id, Membership.joined_at).where(
        Membership.user_id.in_(user_ids), Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
    )
    current = member.subquery()
    ranked = (
        select(
            Meeting.id,
            Meeting.group_id,
            Meeting.starts_at,
            func.row_number().over(partition_by=Meeting.group_id, order_by=Meeting.starts_at.desc()).label("n"),
        )
        .where(
            Meeting.group_id.in_(select(current.c.group_id)),
            Meeting.cancelled_at.is_(None),
            Meeting.ends_at <= now,
        )
        .subquery()
    )
    rows = db.session.execute(
        select(current.c.user_id)
        .join(ranked, and_(ranked.c.group_id == current.c.group_id, ranked.c.n <= 2))
        .outerjoin(Attendance, and_(Attendance.meeting_id == ranked.c.id, Attendance.user_id == current.c.user_id))
        .where(current.c.joined_at <= ranked.c.starts_at)
        .group_by(current.c.user_id)
        .having(func.count(ranked.c.id) == 2, func.count(Attendance.id) == 0)
    )
    return [(user_id, Flag(Reason.NOT_SEEN)) for (user_id,) in rows]


def _active_placement(user_id: ColumnElement[int] | InstrumentedAttribute[int]) -> Exists:
    other = aliased(Assignment)  # never correlated to an Assignment in the outer query
    return exists(select(other.id).where(other.user_id == user_id, other.status == AssignmentStatus.ACTIVE))


def _no_placement(user_ids: list[int], now: datetime) -> list[tuple[int, Flag]]:
    first = (
        select(Membership.user_id, func.min(Membership.joined_at).label("since"))
        .where(Membership.user_id.in_(user_ids), Membership.role == MemberRole.MEMBER)
        .group_by(Membership.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(first.c.user_id).where(first.c.since <= now - NO_PLACEMENT_AFTER, ~_active_placement(first.c.user_id))
    )
    return [(user_id, Flag(Reason.NO_PLACEMENT)) for (user_id,) in rows]


def _placement_ended(user_ids: list[int], now: datetime) -> list[tuple[int, Flag]]:
    rows = db.session.execute(
        select(Assignment.user_id)
        .where(
            Assignment.user_id.in_(user_ids),
            Assignment.status == AssignmentStatus.ENDED,
            Assignment.ended_at >= now - ENDED_WITHIN,
            ~_active_placement(Assignment.user_id),
        )
        .distinct()
    )
    return [(user_id, Flag(Reason.PLACEMENT_ENDED)) for (user_id,) in rows]


def _reflections(actor: User, user_ids: list[int], now: datetime) -> list[tuple[int, Flag]]:
    readable = readable_by_others(actor, local_today(now))
    read_by_me = exists(
        select(ReflectionRead.id).where(
            ReflectionRead.reflection_id == Reflection.id, ReflectionRead.reader_id == actor.id
        )
    )
    answered = exists(select(ReflectionResponse.id).where(ReflectionResponse.reflection_id == Reflection.id))
    newest_first = (Reflection.created_at.desc(), Reflection.id.desc())
    unread = db.session.execute(
        select(Reflection.author_id, Reflection.id)
        .where(Reflection.author_id.in_(user_ids), readable, ~read_by_me)
        .order_by(*newest_first)
    )
    waiting = db.session.execute(
        select(Reflection.author_id, Reflection.id)
        .where(
            Reflection.author_id.in_(user_ids),
            readable,
            Reflection.created_at >= now - RESPONSE_WITHIN,
            read_by_me,
            ~answered,
        )
        .order_by(*newest_first)
    )
    return [(author_id, Flag(Reason.UNREAD_REFLECTION, rid)) for author_id, rid in unread] + [
        (author_id, Flag(Reason.AWAITS_RESPONSE, rid)) for author_id, rid in waiting
    ]


def needs_attention(actor: User, now: datetime | None = None) -> list[Person]:
    """The participants the actor looks after who need attention, with every reason that applies (nine queries)."""
    now = now or utcnow()
    members = db.session.execute(
        scope.current_members(actor)
        .add_columns(User.display_name, Group.name)
        .join(Group, Group.id == Membership.group_id)
        .order_by(func.lower(User.display_name))
    ).all()
    if not members:
        return []
    people = {user_id: Person(user_id, name, group_name) for user_id, _group, name, group_name in members}
    ids = list(people)
    flags = (
        _wants_to_talk(ids, now)
        + _no_answer([(user_id, group_id) for user_id, group_id, _n, _g in members], now)
        + _not_seen(ids, now)
        + _no_placement(ids, now)
        + _placement_ended(ids, now)
        + _reflections(actor, ids, now)
    )
    for user_id, flag in flags:
        person = people[user_id]
        same = next((f for f in person.flags if f.reason is flag.reason), None)
        if same is None:
            person.flags.append(flag)  # the newest reflection of a kind links; the others are counted
        else:
            same.count += 1
    order = list(Reason)
    for person in people.values():
        person.flags.sort(key=lambda f: order.index(f.reason))
    return [person for person in people.values() if person.flags]

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
from functools import cache

from sqlalchemy import BindParameter, ColumnElement, Exists, Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, Meeting, Rsvp
from app.people import scope
from app.placements.models import Assignment, AssignmentStatus
from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse
from app.reflections.policies import readable_condition
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


# Every statement below is built once (functools.cache) with bind parameters and run with the values of one call
# (Params): building a SQLAlchemy select with its subqueries and aliases costs more than running it, and the
# overview asked for nine of them on every request.
IDS: BindParameter[int] = bindparam("ids", expanding=True)  # the participants looked at


def _params(actor: User, now: datetime, ids: list[int]) -> dict[str, object]:
    return {
        "ids": ids,
        "actor_id": actor.id,
        "municipality_id": actor.municipality_id,
        "now": now,
        "today": local_today(now),
        "next_until": now + NEXT_MEETING_WITHIN,
        "talk_since": now - TALK_WITHIN,
        "joined_before": now - NO_PLACEMENT_AFTER,
        "ended_since": now - ENDED_WITHIN,
        "response_since": now - RESPONSE_WITHIN,
    }


@cache
def _members_statement(admin: bool) -> Select[int, int, str, str]:
    return (
        scope.current_members_of(bindparam("municipality_id"), bindparam("actor_id"), admin=admin)
        .add_columns(User.display_name, Group.name)
        .join(Group, Group.id == Membership.group_id)
        .order_by(func.lower(User.display_name))
    )


@cache
def _next_meetings_statement() -> Select[int, int]:
    """(group, its next meeting within NEXT_MEETING_WITHIN) for the groups given."""
    first = (
        select(Meeting.group_id, func.min(Meeting.starts_at).label("starts"))
        .where(
            Meeting.group_id.in_(bindparam("groups", expanding=True)),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > bindparam("now"),
            Meeting.starts_at <= bindparam("next_until"),
        )
        .group_by(Meeting.group_id)
        .subquery()
    )
    return (
        select(Meeting.group_id, func.min(Meeting.id))
        .join(first, and_(first.c.group_id == Meeting.group_id, first.c.starts == Meeting.starts_at))
        .where(Meeting.cancelled_at.is_(None))
        .group_by(Meeting.group_id)
    )


@cache
def _answers_statement() -> Select[int, int]:
    return select(Rsvp.user_id, Rsvp.meeting_id).where(Rsvp.meeting_id.in_(bindparam("meetings", expanding=True)))


def _no_answer(members: Iterable[tuple[int, int]], params: dict[str, object]) -> list[tuple[int, Flag]]:
    groups = sorted({group_id for _user, group_id in members})
    rows = db.session.execute(_next_meetings_statement(), {**params, "groups": groups})
    next_of_group: dict[int, int] = {group_id: meeting_id for group_id, meeting_id in rows}
    answered = set(db.session.execute(_answers_statement(), {"meetings": list(next_of_group.values())}))
    return [
        (user_id, Flag(Reason.NO_ANSWER, next_of_group[group_id]))
        for user_id, group_id in members
        if group_id in next_of_group and (user_id, next_of_group[group_id]) not in answered
    ]


@cache
def _wants_to_talk_statement() -> Select[int]:
    return select(PulseSetting.user_id).where(
        PulseSetting.user_id.in_(IDS), PulseSetting.talk_requested_at >= bindparam("talk_since")
    )


@cache
def _not_seen_statement() -> Select[int]:
    current = (
        select(Membership.user_id, Membership.group_id, Membership.joined_at)
        .where(Membership.user_id.in_(IDS), Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None))
        .subquery()
    )
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
            Meeting.ends_at <= bindparam("now"),
        )
        .subquery()
    )
    return (
        select(current.c.user_id)
        .join(ranked, and_(ranked.c.group_id == current.c.group_id, ranked.c.n <= 2))
        .outerjoin(Attendance, and_(Attendance.meeting_id == ranked.c.id, Attendance.user_id == current.c.user_id))
        .where(current.c.joined_at <= ranked.c.starts_at)
        .group_by(current.c.user_id)
        .having(func.count(ranked.c.id) == 2, func.count(Attendance.id) == 0)
    )


def _active_placement(user_id: ColumnElement[int] | InstrumentedAttribute[int]) -> Exists:
    other = aliased(Assignment)  # never correlated to an Assignment in the outer query
    return exists(select(other.id).where(other.user_id == user_id, other.status == AssignmentStatus.ACTIVE))


@cache
def _no_placement_statement() -> Select[int]:
    first = (
        select(Membership.user_id, func.min(Membership.joined_at).label("since"))
        .where(Membership.user_id.in_(IDS), Membership.role == MemberRole.MEMBER)
        .group_by(Membership.user_id)
        .subquery()
    )
    return select(first.c.user_id).where(
        first.c.since <= bindparam("joined_before"), ~_active_placement(first.c.user_id)
    )


@cache
def _placement_ended_statement() -> Select[int]:
    return (
        select(Assignment.user_id)
        .where(
            Assignment.user_id.in_(IDS),
            Assignment.status == AssignmentStatus.ENDED,
            Assignment.ended_at >= bindparam("ended_since"),
            ~_active_placement(Assignment.user_id),
        )
        .distinct()
    )


@cache
def _reflections_statements() -> tuple[Select[int, int], Select[int, int]]:
    """(unread by the actor, read by the actor and awaiting a response): author and reflection, newest first."""
    readable = readable_condition(bindparam("actor_id"), bindparam("municipality_id"), bindparam("today"))
    read_by_me = exists(
        select(ReflectionRead.id).where(
            ReflectionRead.reflection_id == Reflection.id, ReflectionRead.reader_id == bindparam("actor_id")
        )
    )
    answered = exists(select(ReflectionResponse.id).where(ReflectionResponse.reflection_id == Reflection.id))
    newest_first = (Reflection.created_at.desc(), Reflection.id.desc())
    unread = (
        select(Reflection.author_id, Reflection.id)
        .where(Reflection.author_id.in_(IDS), readable, ~read_by_me)
        .order_by(*newest_first)
    )
    waiting = (
        select(Reflection.author_id, Reflection.id)
        .where(
            Reflection.author_id.in_(IDS),
            readable,
            Reflection.created_at >= bindparam("response_since"),
            read_by_me,
            ~answered,
        )
        .order_by(*newest_first)
    )
    return unread, waiting


def _flags_of(statement: Select[int], reason: Reason, params: dict[str, object]) -> list[tuple[int, Flag]]:
    return [(user_id, Flag(reason)) for (user_id,) in db.session.execute(statement, params)]


def _reflections(params: dict[str, object]) -> list[tuple[int, Flag]]:
    unread, waiting = _reflections_statements()
    flags = [(author, Flag(Reason.UNREAD_REFLECTION, rid)) for author, rid in db.session.execute(unread, params)]
    return flags + [(author, Flag(Reason.AWAITS_RESPONSE, rid)) for author, rid in db.session.execute(waiting, params)]


def needs_attention(actor: User, now: datetime | None = None) -> list[Person]:
    """The participants the actor looks after who need attention, with every reason that applies (nine queries)."""
    now = now or utcnow()
    params = _params(actor, now, [])
    members = db.session.execute(_members_statement(actor.role is Role.ADMIN), params).all()
    if not members:
        return []
    people = {user_id: Person(user_id, name, group_name) for user_id, _group, name, group_name in members}
    params["ids"] = list(people)
    flags = (
        _flags_of(_wants_to_talk_statement(), Reason.WANTS_TO_TALK, params)
        + _no_answer([(user_id, group_id) for user_id, group_id, _n, _g in members], params)
        + _flags_of(_not_seen_statement(), Reason.NOT_SEEN, params)
        + _flags_of(_no_placement_statement(), Reason.NO_PLACEMENT, params)
        + _flags_of(_placement_ended_statement(), Reason.PLACEMENT_ENDED, params)
        + _reflections(params)
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

"""Whom a staff member looks after: an admin the whole municipality, a facilitator the groups they run now.

A facilitator also sees participants who are in no group yet (someone has to take them in). Another
facilitator's participant, a staff member (for a facilitator) or another municipality's person is a 404.
"""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import Role, User
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.permissions import MAX_ID


def group_ids(actor: User) -> Select[int]:
    """SQL: the ids of the active groups the actor looks after."""
    return group_ids_of(actor.municipality_id, actor.id, admin=actor.role is Role.ADMIN)


def group_ids_of(
    municipality_id: int | BindParameter[int], actor_id: int | BindParameter[int], *, admin: bool
) -> Select[int]:
    """group_ids for an actor given by municipality, id and role, as values or as bind parameters (for a statement
    built once and run with the actor's values)."""
    stmt = select(Group.id).where(Group.municipality_id == municipality_id, Group.active.is_(True))
    if admin:
        return stmt
    led = select(Membership.group_id).where(  # found by the actor's own memberships (the user_id index)
        Membership.user_id == actor_id, Membership.role == MemberRole.FACILITATOR, Membership.left_at.is_(None)
    )
    return stmt.where(Group.id.in_(led))


def current_members(actor: User) -> Select[int, int]:
    """SQL: (user_id, group_id) of the active participants now in the groups the actor looks after."""
    return current_members_of(actor.municipality_id, actor.id, admin=actor.role is Role.ADMIN)


def current_members_of(
    municipality_id: int | BindParameter[int], actor_id: int | BindParameter[int], *, admin: bool
) -> Select[int, int]:
    """current_members for an actor given by municipality, id and role, as values or as bind parameters."""
    return (
        select(Membership.user_id, Membership.group_id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id.in_(group_ids_of(municipality_id, actor_id, admin=admin)),
            Membership.role == MemberRole.MEMBER,
            Membership.left_at.is_(None),
            User.active.is_(True),
        )
    )


def current_group_id() -> ScalarSelect[int]:
    """SQL, per User row: the id of the group the participant is in now, or NULL.

    A correlated scalar subquery on purpose: the database answers it per person through the one-current-group
    index, so a municipality's list never reads the country's memberships (an IN/EXISTS would be hashed)."""
    member = aliased(Membership)
    return (
        select(member.group_id)
        .where(member.user_id == User.id, member.role == MemberRole.MEMBER, member.left_at.is_(None))
        .correlate(User)
        .scalar_subquery()
    )


def people(actor: User) -> Select[User]:
    """SQL: the people whose page the actor may open (the rules in the module docstring)."""
    stmt = select(User).where(User.municipality_id == actor.municipality_id)
    if actor.role is Role.ADMIN:
        return stmt
    return stmt.where(_looked_after(actor.municipality_id, actor.id))


def _looked_after(municipality_id: int | BindParameter[int], actor_id: int | BindParameter[int]) -> ColumnElement[bool]:
    """SQL, per User row, for a facilitator: a participant in no group or in one of the facilitator's groups."""
    group = current_group_id()
    return and_(
        User.role == Role.PARTICIPANT,
        or_(group.is_(None), group.in_(group_ids_of(municipality_id, actor_id, admin=False))),
    )


@cache
def people_ids_statement(admin: bool) -> Select[int]:
    """SQL: the ids of `people(actor)`, built once per kind of actor with the bind parameters municipality_id and
    actor_id (people_params gives them)."""
    stmt = select(User.id).where(User.municipality_id == bindparam("municipality_id"))
    return stmt if admin else stmt.where(_looked_after(bindparam("municipality_id"), bindparam("actor_id")))


def people_params(actor: User) -> dict[str, int]:
    return {"municipality_id": actor.municipality_id, "actor_id": actor.id}


def get_person_or_404(actor: User, user_id: int) -> User:
    """A person the actor may look at, else 404 (never 403: their existence is not told)."""
    person = db.session.scalar(people(actor).where(User.id == user_id)) if 0 < user_id <= MAX_ID else None
    if person is None:
        abort(404)
    return person


def my_groups(actor: User) -> list[tuple[Group, int]]:
    """The groups the actor looks after with their current number of participants (one query)."""
    count = (
        select(func.count(Membership.id))
        .where(Membership.group_id == Group.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None))
        .correlate(Group)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Group, count).where(Group.id.in_(group_ids(actor))).order_by(func.lower(Group.name))
    )
    return [(group, members or 0) for group, members in rows]

"""The people list: everyone the staff member may look at, searchable and filtered (one query)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.people import scope
from app.placements.models import Assignment, AssignmentStatus

LIST_LIMIT = 200


@dataclass(frozen=True)
class Filters:
    q: str = ""
    group_id: int | None = None
    status: str = ""  # "", "active", "invited", "deactivated"
    placement: str = ""  # "", "yes", "no"


@dataclass
class Row:
    person: User
    group: Group | None
    in_placement: bool


def find(actor: User, filters: Filters) -> list[Row]:
    """The people matching the filters, by name, with their current group and whether they are in a placement."""
    member = aliased(Membership)
    in_placement = exists(
        select(Assignment.id).where(Assignment.user_id == User.id, Assignment.status == AssignmentStatus.ACTIVE)
    )
    stmt = (
        scope.people(actor)
        .add_columns(Group, in_placement)
        .outerjoin(member, and_(member.user_id == User.id, member.role == MemberRole.MEMBER, member.left_at.is_(None)))
        .outerjoin(Group, Group.id == member.group_id)
    )
    if filters.q:
        like = f"%{filters.q.lower().replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(func.lower(User.display_name).like(like), func.lower(User.email).like(like)))
    if filters.group_id is not None:
        stmt = stmt.where(member.group_id == filters.group_id)
    if filters.status == "active":
        stmt = stmt.where(User.active.is_(True), User.password_hash.is_not(None))
    elif filters.status == "invited":
        stmt = stmt.where(User.active.is_(True), User.password_hash.is_(None))
    elif filters.status == "deactivated":
        stmt = stmt.where(User.active.is_(False))
    if filters.placement == "yes":
        stmt = stmt.where(in_placement)
    elif filters.placement == "no":
        stmt = stmt.where(~in_placement)
    rows = db.session.execute(stmt.order_by(func.lower(User.display_name), User.id).limit(LIST_LIMIT))
    return [Row(person, group, bool(placed)) for person, group, placed in rows]

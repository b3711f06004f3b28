"""The people list: everyone the staff member may look at, searchable and filtered (one query)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.accounts.models import User
from app.extensions import db
from app.groups.models import Group
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
    """The people matching the filters, by name, with their current group and whether they are in a placement
    (two queries; per person only index lookups, so the list costs the same in a small and a big country)."""
    group = scope.current_group_id()
    placed = (
        select(Assignment.id)
        .where(Assignment.user_id == User.id, Assignment.status == AssignmentStatus.ACTIVE)
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    stmt = scope.people(actor).add_columns(group.label("group_id"), placed.label("placed"))
    if filters.q:
        like = f"%{filters.q.lower().replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(func.lower(User.display_name).like(like), func.lower(User.email).like(like)))
    if filters.group_id is not None:
        stmt = stmt.where(group == filters.group_id)
    if filters.status == "active":
        stmt = stmt.where(User.active.is_(True), User.password_hash.is_not(None))
    elif filters.status == "invited":
        stmt = stmt.where(User.active.is_(True), User.password_hash.is_(None))
    elif filters.status == "deactivated":
        stmt = stmt.where(User.active.is_(False))
    if filters.placement == "yes":
        stmt = stmt.where(placed.is_not(None))
    elif filters.placement == "no":
        stmt = stmt.where(placed.is_(None))
    rows = db.session.execute(stmt.order_by(func.lower(User.display_name), User.id).limit(LIST_LIMIT)).all()
    ids = {group_id for _person, group_id, _placed in rows if group_id is not None}
    groups = {g.id: g for g in db.session.scalars(select(Group).where(Group.id.in_(ids)))} if ids else {}
    return [Row(person, groups.get(group_id), placed is not None) for person, group_id, placed in rows]

"""Whose figures a report shows: the whole municipality (admins), "my groups" (the groups the staff member
facilitates now), or one group (any of the municipality's for an admin, one of their own for a facilitator).
Another municipality's group, or for a facilitator a group that is not theirs, is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.permissions import parse_id

MUNICIPALITY = "municipality"
MINE = "mine"
GROUP_PREFIX = "group-"


@dataclass(frozen=True)
class Scope:
    kind: str  # MUNICIPALITY, MINE or "group"
    municipality_id: int
    actor_id: int
    group_id: int | None = None
    label: str = ""

    @property
    def value(self) -> str:
        """The form value that chooses this scope again."""
        return f"{GROUP_PREFIX}{self.group_id}" if self.group_id is not None else self.kind

    @property
    def logged(self) -> str:
        """How the export log names it: "municipality", "mine" or "group:<id>"."""
        return f"group:{self.group_id}" if self.group_id is not None else self.kind

    @property
    def whole_municipality(self) -> bool:
        return self.kind == MUNICIPALITY

    def group_ids(self) -> Select[int]:
        """SQL: the ids of the groups in scope (inactive ones included: their history counts)."""
        if self.group_id is not None:
            return select(Group.id).where(Group.id == self.group_id, Group.municipality_id == self.municipality_id)
        stmt = select(Group.id).where(Group.municipality_id == self.municipality_id)
        if self.kind == MUNICIPALITY:
            return stmt
        return stmt.join(Membership, Membership.group_id == Group.id).where(
            Membership.user_id == self.actor_id,
            Membership.role == MemberRole.FACILITATOR,
            Membership.left_at.is_(None),
        )


def _groups(actor: User) -> list[Group]:
    """The groups the actor may report on, by name (one query)."""
    stmt = select(Group).where(Group.municipality_id == actor.municipality_id)
    if actor.role is not Role.ADMIN:
        stmt = stmt.where(
            Group.id.in_(
                select(Membership.group_id).where(
                    Membership.user_id == actor.id,
                    Membership.role == MemberRole.FACILITATOR,
                    Membership.left_at.is_(None),
                )
            )
        )
    return list(db.session.scalars(stmt.order_by(Group.active.desc(), func.lower(Group.name), Group.id)))


def choices(actor: User) -> list[tuple[str, str]]:
    """(value, label) of every scope the actor may choose, the default first."""
    found: list[tuple[str, str]] = []
    if actor.role is Role.ADMIN:
        found.append((MUNICIPALITY, _("The whole municipality")))
    found.append((MINE, _("My groups")))
    for group in _groups(actor):
        name = group.name if group.active else _("%(name)s (no longer active)", name=group.name)
        found.append((f"{GROUP_PREFIX}{group.id}", name))
    return found


def resolve(actor: User, value: str | None, options: list[tuple[str, str]]) -> Scope:
    """The scope `value` names, if the actor may see it; the default for an empty value; 404 otherwise."""
    labels = dict(options)
    value = value or options[0][0]
    if value not in labels:
        abort(404)  # another municipality's group, someone else's group, or nonsense
    if value.startswith(GROUP_PREFIX):
        group_id = parse_id(value.removeprefix(GROUP_PREFIX))
        if group_id is None:
            abort(404)
        return Scope("group", actor.municipality_id, actor.id, group_id, labels[value])
    return Scope(value, actor.municipality_id, actor.id, None, labels[value])

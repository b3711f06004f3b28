"""Who may read a reflection. The author always; others only while it is shared with them.

A private (or expired, or withdrawn) reflection is invisible to everyone else: a 404, and it never
appears in any list.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BindParameter, ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.groups.models import Group, MemberRole, Membership
from app.reflections.models import Reflection, Visibility


def _members_of_groups_of(
    reader_id: int | BindParameter[int], municipality_id: int | BindParameter[int], roles: tuple[MemberRole, ...]
) -> Select[int]:
    """SQL: ids of the current participants of the reader's municipality's groups where `reader` now has one of
    `roles`. Small (a few groups of 8–12), found through the reader's own memberships: index-driven."""
    author_m = aliased(Membership)
    reader_m = aliased(Membership)
    groups = (
        select(reader_m.group_id)
        .join(Group, Group.id == reader_m.group_id)
        .where(
            reader_m.user_id == reader_id,
            reader_m.role.in_(roles),
            reader_m.left_at.is_(None),
            Group.municipality_id == municipality_id,  # groups never mix municipalities; this keeps it so
        )
    )
    return select(author_m.user_id).where(
        author_m.group_id.in_(groups), author_m.role == MemberRole.MEMBER, author_m.left_at.is_(None)
    )


def author_in_group(group_id: int | BindParameter[int]) -> ColumnElement[bool]:
    """SQL: the reflection's author is a current member of the group."""
    return exists(
        select(Membership.id).where(
            Membership.user_id == Reflection.author_id,
            Membership.group_id == group_id,
            Membership.role == MemberRole.MEMBER,
            Membership.left_at.is_(None),
        )
    )


def readable_by_others(reader: User, today: date) -> ColumnElement[bool]:
    """SQL condition: `reader` (not the author) may read the reflection right now: shared with the facilitators
    (or the group) of a group the reader runs now, or shared with the group of a group the reader is in now.

    Written so the database starts from the reader's few groups and reads reflections by author (the
    (author_id, created_at) index), never scanning every reflection: author IN (the people of my groups),
    then the visibility that each kind of group allows."""
    return readable_condition(reader.id, reader.municipality_id, today)


def readable_condition(
    reader_id: int | BindParameter[int], municipality_id: int | BindParameter[int], today: date | BindParameter[date]
) -> ColumnElement[bool]:
    """readable_by_others for a reader given by id and municipality, as values or as bind parameters (for a
    statement built once and run with the reader's values)."""
    led = _members_of_groups_of(reader_id, municipality_id, (MemberRole.FACILITATOR,))
    mine = _members_of_groups_of(reader_id, municipality_id, (MemberRole.MEMBER,))
    not_expired = or_(Reflection.shared_until.is_(None), Reflection.shared_until >= today)
    return and_(
        Reflection.author_id.in_(led.union(mine)),
        Reflection.author_id != reader_id,
        Reflection.visibility != Visibility.PRIVATE,
        or_(Reflection.visibility == Visibility.GROUP, Reflection.author_id.in_(led)),
        not_expired,
    )


def can_read(reader: User, reflection: Reflection, today: date) -> bool:
    if reflection.author_id == reader.id:
        return True
    from app.extensions import db

    stmt = select(Reflection.id).where(Reflection.id == reflection.id, readable_by_others(reader, today))
    return db.session.scalar(stmt) is not None


def shared_with_facilitators(reflection: Reflection, today: date) -> bool:
    """Whether the author's facilitators may read it today (shared with them or the group, not expired)."""
    until = reflection.shared_until
    return reflection.visibility is not Visibility.PRIVATE and (until is None or until >= today)

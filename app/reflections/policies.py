"""Who may read a reflection. The author always; others only while it is shared with them.

A private (or expired, or withdrawn) reflection is invisible to everyone else: a 404, and it never
appears in any list.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.groups.models import MemberRole, Membership
from app.reflections.models import Reflection, Visibility


def _author_in_group_of(reader: User, roles: tuple[MemberRole, ...]) -> ColumnElement[bool]:
    """SQL: the reflection's author is a current member of a group where `reader` currently has one of `roles`."""
    author_m = aliased(Membership)
    reader_m = aliased(Membership)
    return exists(
        select(author_m.id)
        .join(reader_m, reader_m.group_id == author_m.group_id)
        .where(
            author_m.user_id == Reflection.author_id,
            author_m.role == MemberRole.MEMBER,
            author_m.left_at.is_(None),
            reader_m.user_id == reader.id,
            reader_m.role.in_(roles),
            reader_m.left_at.is_(None),
        )
    )


def author_in_group(group_id: int) -> ColumnElement[bool]:
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
    """SQL condition: `reader` (not the author) may read the reflection right now."""
    not_expired = or_(Reflection.shared_until.is_(None), Reflection.shared_until >= today)
    to_facilitators = and_(
        Reflection.visibility.in_([Visibility.FACILITATORS, Visibility.GROUP]),
        _author_in_group_of(reader, (MemberRole.FACILITATOR,)),
    )
    to_group = and_(Reflection.visibility == Visibility.GROUP, _author_in_group_of(reader, (MemberRole.MEMBER,)))
    same_town = exists(
        select(User.id).where(User.id == Reflection.author_id, User.municipality_id == reader.municipality_id)
    )  # groups never mix municipalities; this keeps it so even if one ever did
    return and_(Reflection.author_id != reader.id, not_expired, same_town, or_(to_facilitators, to_group))


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

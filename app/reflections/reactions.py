"""One-tap reactions to an experience card ("It helped me", "Thanks for sharing"): the group's members tap, the
author sees how many of each, never who."""

from __future__ import annotations

from collections import Counter
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.reflections import policies
from app.reflections.models import Reaction, Reflection, ReflectionReaction, Visibility
from app.reflections.services import today
from app.transaction import transactional


@transactional
def react(reader: User, reflection_id: int, kind: Reaction) -> bool:
    """Tap a reaction on a card the reader may read now (404 otherwise); a second tap takes it back.
    True when the reaction is on afterwards."""
    reflection = db.session.get(Reflection, reflection_id)
    readable = reflection is not None and policies.can_read(reader, reflection, today())
    if (
        reflection is None
        or not readable
        or reflection.author_id == reader.id
        or reflection.visibility is not Visibility.GROUP
        or reader.role is not Role.PARTICIPANT
    ):
        abort(404)
    existing = db.session.scalar(
        select(ReflectionReaction).where(
            ReflectionReaction.reflection_id == reflection.id,
            ReflectionReaction.user_id == reader.id,
            ReflectionReaction.kind == kind,
        )
    )
    if existing is not None:
        db.session.delete(existing)
        return False
    db.session.add(ReflectionReaction(reflection_id=reflection.id, user_id=reader.id, kind=kind))
    return True


@cache
def _counts() -> Select[int, Reaction, int]:
    return (
        select(ReflectionReaction.reflection_id, ReflectionReaction.kind, func.count())
        .where(ReflectionReaction.reflection_id.in_(bindparam("ids", expanding=True)))
        .group_by(ReflectionReaction.reflection_id, ReflectionReaction.kind)
    )


def counts(reflection_ids: list[int]) -> dict[int, Counter[Reaction]]:
    """How many of each reaction each reflection has (one query), for its author."""
    found: dict[int, Counter[Reaction]] = {i: Counter() for i in reflection_ids}
    if not reflection_ids:
        return found
    rows = db.session.execute(_counts(), {"ids": reflection_ids})
    for reflection_id, kind, number in rows:
        found[reflection_id][kind] = number
    return found


def mine(reader: User, reflection_id: int) -> set[Reaction]:
    """The reactions the reader has given this card (to show their buttons pressed)."""
    return set(
        db.session.scalars(
            select(ReflectionReaction.kind).where(
                ReflectionReaction.reflection_id == reflection_id, ReflectionReaction.user_id == reader.id
            )
        )
    )

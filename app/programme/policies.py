"""Who looks after a participant's programme period (confirms their exit, records their follow-ups, is reminded of
them): the municipality's admins, and the current facilitators of the group the participant is in now or, once they
have left, the group they were in last. Anyone else (another group's facilitator, another municipality, the
participants) may not: the staff pages answer 404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from app.accounts.models import Role, User
from app.extensions import db
from app.groups.models import MemberRole, Membership


def last_groups(user_ids: Iterable[int] | Select[tuple[int]]) -> Select[tuple[int, int]]:
    """SQL: (user_id, group_id) of each participant's latest group membership (current or ended)."""
    ids = user_ids if isinstance(user_ids, Select) else list(user_ids)
    ranked = (
        select(
            Membership.user_id,
            Membership.group_id,
            func.row_number()
            .over(partition_by=Membership.user_id, order_by=(Membership.joined_at.desc(), Membership.id.desc()))
            .label("rank"),
        )
        .where(Membership.role == MemberRole.MEMBER, Membership.user_id.in_(ids))
        .subquery()
    )
    return select(ranked.c.user_id, ranked.c.group_id).where(ranked.c.rank == 1)


def responsible_staff(user_ids: Iterable[int]) -> dict[int, list[int]]:
    """Per participant, the active facilitators now of their latest group; the municipality's active admins for
    someone whose group has none (or who was never in a group). Two queries."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    latest = last_groups(ids).subquery()
    lead = aliased(Membership)
    found: dict[int, list[int]] = defaultdict(list)
    for user_id, staff_id in db.session.execute(
        select(latest.c.user_id, lead.user_id)
        .join(lead, lead.group_id == latest.c.group_id)
        .join(User, User.id == lead.user_id)
        .where(lead.role == MemberRole.FACILITATOR, lead.left_at.is_(None), User.active.is_(True))
        .order_by(latest.c.user_id, lead.user_id)
        .distinct()
    ):
        found[user_id].append(staff_id)
    orphans = [uid for uid in ids if not found[uid]]
    if orphans:
        person = aliased(User)
        admin = aliased(User)
        for user_id, staff_id in db.session.execute(
            select(person.id, admin.id)
            .join(admin, admin.municipality_id == person.municipality_id)
            .where(person.id.in_(orphans), admin.role == Role.ADMIN, admin.active.is_(True))
            .order_by(person.id, admin.id)
        ):
            found[user_id].append(staff_id)
    return {uid: found[uid] for uid in ids}


def looks_after(actor: User, person: User) -> bool:
    """Whether `actor` may confirm `person`'s exit and record their follow-ups (one query for a facilitator)."""
    if not actor.is_staff or person.role is not Role.PARTICIPANT or person.municipality_id != actor.municipality_id:
        return False
    if actor.role is Role.ADMIN:
        return True
    latest = last_groups([person.id]).subquery()
    stmt = (
        select(Membership.id)
        .join(latest, latest.c.group_id == Membership.group_id)
        .where(
            Membership.user_id == actor.id,
            Membership.role == MemberRole.FACILITATOR,
            Membership.left_at.is_(None),
        )
        .limit(1)
    )
    return db.session.scalar(stmt) is not None

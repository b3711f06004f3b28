"""Group rules: who runs a group, who is in it, and moving people between groups."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import signals
from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.permissions import scoped
from app.transaction import transactional

UNDO_WITHIN = timedelta(minutes=15)


def _same_town(actor: User, *others: User | Group) -> None:
    if any(other.municipality_id != actor.municipality_id for other in others):
        raise DomainError(None, _("That is not part of your municipality."))


@transactional
def create_group(actor: User, *, name: str, weekday: int, start_time: time, place: str, duration: int = 120) -> Group:
    """Create a group in the actor's municipality; the actor becomes one of its facilitators."""
    if not 0 <= weekday <= 6:
        raise DomainError("weekday", _("Choose a weekday."))
    if not 15 <= duration <= 480:
        raise DomainError("duration", _("A meeting lasts between 15 minutes and 8 hours."))
    group = Group(
        municipality_id=actor.municipality_id,
        name=name.strip(),
        weekday=weekday,
        start_time=start_time,
        place=place.strip(),
        duration_minutes=duration,
    )
    db.session.add(group)
    db.session.add(Membership(group=group, user_id=actor.id, role=MemberRole.FACILITATOR))
    return group


@transactional
def update_group(
    actor: User, group: Group, *, name: str, weekday: int, start_time: time, place: str, duration: int
) -> None:
    """Change a group's usual time and place (meetings already planned keep theirs)."""
    _same_town(actor, group)
    group.name, group.weekday, group.start_time = name.strip(), weekday, start_time
    group.place, group.duration_minutes = place.strip(), duration


def current_membership(user: User) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
        )
    )


@transactional
def add_member(actor: User, group: Group, person: User) -> Membership:
    """Put a participant in the group. Raises if they are already in a group (use move_member)."""
    _same_town(actor, group, person)
    if person.role is not Role.PARTICIPANT:
        raise DomainError("user", _("Only participants can be members. Add staff as co-facilitators."))
    existing = current_membership(person)
    if existing is not None:
        if existing.group_id == group.id:
            return existing
        raise DomainError(
            "user",
            _(
                "%(name)s is already in %(group)s. Move them instead.",
                name=person.display_name,
                group=existing.group.name,
            ),
        )
    membership = Membership(group=group, user_id=person.id, role=MemberRole.MEMBER)
    db.session.add(membership)
    db.session.flush()
    signals.member_added.send(membership=membership)
    return membership


@transactional
def move_member(actor: User, person: User, to_group: Group) -> Membership:
    """End the participant's current membership and start one in `to_group`, in one transaction.

    Raises DomainError for staff (they are co-facilitators, not members).
    """
    _same_town(actor, to_group, person)
    if person.role is not Role.PARTICIPANT:
        raise DomainError("user", _("Only participants can be members. Add staff as co-facilitators."))
    existing = current_membership(person)
    if existing is not None and existing.group_id == to_group.id:
        return existing
    now = utcnow()
    if existing is not None:
        existing.left_at = now
        db.session.flush()  # the partial unique index sees the old row end before the new one starts
    membership = Membership(group=to_group, user_id=person.id, role=MemberRole.MEMBER, joined_at=now)
    db.session.add(membership)
    db.session.flush()
    signals.member_added.send(membership=membership)
    return membership


@transactional
def add_cofacilitator(actor: User, group: Group, person: User) -> None:
    _same_town(actor, group, person)
    if not person.is_staff:
        raise DomainError("user", _("Only staff can be facilitators of a group."))
    if person.id in {m.user_id for m in current_members(group, MemberRole.FACILITATOR)}:
        return
    db.session.add(Membership(group=group, user_id=person.id, role=MemberRole.FACILITATOR))


@transactional
def end_membership(actor: User, membership: Membership) -> None:
    """Take someone out of a group; their history stays."""
    _same_town(actor, membership.group)
    if membership.left_at is None:
        membership.left_at = utcnow()


@transactional
def undo_end_membership(actor: User, membership: Membership, now: datetime | None = None) -> None:
    """Put someone back right after taking them out (within UNDO_WITHIN), as if it never happened.

    Raises DomainError when it is too late or they are in another group now."""
    _same_town(actor, membership.group)
    now = now or utcnow()
    if membership.left_at is None:
        return
    if now - membership.left_at > UNDO_WITHIN:
        raise DomainError(None, _("It is too late to undo. Add them to the group again instead."))
    if current_membership(membership.user) is not None:
        raise DomainError(None, _("%(name)s is in another group now.", name=membership.user.display_name))
    membership.left_at = None


def current_members(group: Group, role: MemberRole = MemberRole.MEMBER) -> list[Membership]:
    """Current memberships of `role` with their users loaded, in one query."""
    from sqlalchemy.orm import contains_eager

    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .options(contains_eager(Membership.user))
            .where(Membership.group_id == group.id, Membership.role == role, Membership.left_at.is_(None))
            .order_by(func.lower(User.display_name))
        )
    )


def groups_overview(actor: User) -> list[tuple[Group, int]]:
    """The municipality's active groups with their current member count, in one query."""
    members = (
        select(func.count(Membership.id))
        .where(Membership.group_id == Group.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None))
        .correlate(Group)
        .scalar_subquery()
    )
    rows = db.session.execute(
        scoped(select(Group, members), Group, actor).where(Group.active.is_(True)).order_by(func.lower(Group.name))
    )
    return [(group, count) for group, count in rows]


def participants_without_group(actor: User) -> list[User]:
    in_group = select(Membership.user_id).where(Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None))
    stmt = scoped(select(User), User, actor).where(
        User.role == Role.PARTICIPANT, User.active.is_(True), User.id.not_in(in_group)
    )
    return list(db.session.scalars(stmt.order_by(func.lower(User.display_name))))


def staff_of_municipality(actor: User) -> list[User]:
    stmt = scoped(select(User), User, actor).where(User.role != Role.PARTICIPANT, User.active.is_(True))
    return list(db.session.scalars(stmt.order_by(func.lower(User.display_name))))

"""A facilitator's short message to their group: stored, shown to the members, and notified to them
(`group_message_posted`; the notifications feature listens).

The text stays in the app: the push payload is generic (it is built from the kind only).
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import signals
from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db
from app.forms import clean_text
from app.groups.models import Group, GroupMessage, MemberRole, Membership
from app.idempotency import claim, ensure_unused
from app.permissions import MAX_ID
from app.transaction import transactional

MESSAGE_MAX = 500


def can_message(actor: User, group: Group) -> bool:
    """An admin of the group's municipality, or a current facilitator of the group (one query for a facilitator)."""
    if actor.municipality_id != group.municipality_id or not actor.is_staff:
        return False
    if actor.role is Role.ADMIN:
        return True
    stmt = select(Membership.id).where(
        Membership.group_id == group.id,
        Membership.user_id == actor.id,
        Membership.role == MemberRole.FACILITATOR,
        Membership.left_at.is_(None),
    )
    return db.session.scalar(stmt.limit(1)) is not None


def current_member_ids(group: Group) -> list[int]:
    """The group's current, active participants (one query)."""
    stmt = (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id == group.id,
            Membership.role == MemberRole.MEMBER,
            Membership.left_at.is_(None),
            User.active.is_(True),
        )
    )
    return list(db.session.scalars(stmt))


@transactional
def post_message(actor: User, group: Group, text: str, key: str | None = None) -> GroupMessage:
    """Write a message to the group's current members and notify them, in one transaction. Commits.

    Raises DomainError when the actor may not write to the group, or the text is empty or too long;
    with an idempotency `key`, AlreadyDone when that key was used before (a double tap).
    """
    if key is not None:
        ensure_unused(actor.id, key)
    if not can_message(actor, group):
        raise DomainError(None, _("Only the group's facilitators can write to it."))
    text = clean_text(text) or ""
    if not text:
        raise DomainError("text", _("Write a few words first."))
    if len(text) > MESSAGE_MAX:
        raise DomainError("text", _("Keep it to %(max)d characters or fewer.", max=MESSAGE_MAX))
    token = claim(actor.id, key, "groups.message") if key is not None else None
    message = GroupMessage(group_id=group.id, author_id=actor.id, text=text)
    db.session.add(message)
    db.session.flush()
    if token is not None:
        token.result_id = message.id
    signals.group_message_posted.send(message=message, member_ids=current_member_ids(group))
    return message


def recent_messages(group: Group, limit: int = 5) -> list[GroupMessage]:
    """The group's newest messages with their authors (two queries)."""
    stmt = (
        select(GroupMessage)
        .options(selectinload(GroupMessage.author))
        .where(GroupMessage.group_id == group.id)
        .order_by(GroupMessage.created_at.desc(), GroupMessage.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def get_for_member_or_404(message_id: int, user: User) -> GroupMessage:
    """A message of the group the participant is in now; anything else is a 404."""
    message = db.session.get(GroupMessage, message_id) if 0 < message_id <= MAX_ID else None
    if message is None:
        abort(404)
    stmt = select(Membership.id).where(
        Membership.group_id == message.group_id,
        Membership.user_id == user.id,
        Membership.role == MemberRole.MEMBER,
        Membership.left_at.is_(None),
    )
    if db.session.scalar(stmt.limit(1)) is None:
        abort(404)
    return message

"""Account rules: who may create whom, invitations, passwords, profile, deactivation."""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app import signals
from app.accounts import sessions
from app.accounts.models import PHONE_MAX, Invite, InvitePurpose, Municipality, Role, User
from app.accounts.passwords import check_new_password, hash_password, verify_password
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.extensions import db
from app.permissions import scoped
from app.transaction import transactional


def normalize_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, else None.

    Unknown e-mail, wrong password and deactivated account take the same path and the same
    amount of hashing work, so neither the answer nor its timing tells them apart.
    """
    user = find_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    return user


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def may_create(actor: User, role: Role) -> bool:
    """Facilitators create participants; admins create participants and facilitators."""
    if actor.role is Role.ADMIN:
        return role in (Role.PARTICIPANT, Role.FACILITATOR)
    return actor.role is Role.FACILITATOR and role is Role.PARTICIPANT


@transactional
def create_user(actor: User, *, email: str, display_name: str, role: Role, language: str = "da") -> tuple[User, str]:
    """Create a user in the actor's municipality with a welcome invite; return (user, invite token).

    Raises DomainError when the actor may not create that role or the e-mail is taken.
    """
    if not may_create(actor, role):
        raise DomainError("role", _("You cannot create that kind of account."))
    email = normalize_email(email)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise DomainError("email", _("This e-mail is already in use."))
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        municipality_id=actor.municipality_id,
        language=language,
    )
    db.session.add(user)
    db.session.flush()
    token = _add_invite(user, actor, InvitePurpose.WELCOME)
    return user, token


@transactional
@transactional
def create_first_admin(email: str, name: str, municipality: str) -> str:
    """Create an admin (and the municipality, by name, if new) with no one to invite them; returns the invite
    token. For the command line. Raises DomainError when the e-mail is in use."""
    if find_by_email(email):
        raise DomainError("email", "That e-mail is already in use.")
    danish = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    slug = re.sub(r"[^a-z0-9]+", "-", municipality.lower().translate(danish)).strip("-") or "municipality"
    town = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if town is None:
        town = Municipality(name=municipality, slug=slug)
        db.session.add(town)
    admin = User(email=normalize_email(email), display_name=name, role=Role.ADMIN, municipality=town)
    db.session.add(admin)
    db.session.flush()
    return _add_invite(admin, None, InvitePurpose.WELCOME)


@transactional
def issue_invite(actor: User, user: User) -> str:
    """Give `user` a new link to set a password (e.g. they forgot it); older links stop working."""
    if user.municipality_id != actor.municipality_id or not (actor.role is Role.ADMIN or may_create(actor, user.role)):
        raise DomainError(None, _("You cannot issue a link for this person."))
    purpose = InvitePurpose.RESET if user.password_hash else InvitePurpose.WELCOME
    token = _add_invite(user, actor, purpose)
    return token


def _add_invite(user: User, actor: User | None, purpose: InvitePurpose) -> str:
    now = utcnow()
    db.session.execute(update(Invite).where(Invite.user_id == user.id, Invite.used_at.is_(None)).values(expires_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invite(
            user_id=user.id,
            created_by_id=actor.id if actor else None,
            token_hash=sessions.token_hash(token),
            purpose=purpose,
            created_at=now,
            expires_at=now + current_app.config["INVITE_LIFETIME"],
        )
    )
    return token


class InviteState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


@dataclass
class InviteLookup:
    state: InviteState
    invite: Invite | None = None


def lookup_invite(token: str) -> InviteLookup:
    """Find the invite behind `token` and say whether it can still be used."""
    if not token or len(token) > 100:
        return InviteLookup(InviteState.INVALID)
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == sessions.token_hash(token)))
    if invite is None or not invite.user.active:
        return InviteLookup(InviteState.INVALID)
    if invite.used_at is not None:
        return InviteLookup(InviteState.USED, invite)
    if invite.expires_at <= utcnow():
        return InviteLookup(InviteState.EXPIRED, invite)
    return InviteLookup(InviteState.VALID, invite)


@transactional
def redeem_invite(token: str, password: str) -> User:
    """Set the password through a valid invite, use it up and end the user's other sessions."""
    found = lookup_invite(token)
    if found.state is not InviteState.VALID or found.invite is None:
        raise DomainError(None, _("This link can no longer be used. Ask your contact person for a new one."))
    user = found.invite.user
    check_new_password(password, user.email)
    now = utcnow()
    claimed = db.session.execute(
        update(Invite).where(Invite.id == found.invite.id, Invite.used_at.is_(None)).values(used_at=now)
    )
    if affected_rows(claimed) != 1:
        raise DomainError(None, _("This link can no longer be used. Ask your contact person for a new one."))
    user.password_hash = hash_password(password)
    sessions.end_all_sessions(user)
    return user


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one; every device session ends."""
    if not verify_password(user.password_hash, current):
        raise DomainError("current_password", _("That is not your current password."))
    check_new_password(new, user.email)
    user.password_hash = hash_password(new)
    sessions.end_all_sessions(user)


@transactional
def update_profile(
    user: User,
    *,
    display_name: str,
    language: str,
    phone: str | None = None,
    shown_to_group: bool | None = None,
) -> None:
    """Change one's own profile. `phone` (staff) and `shown_to_group` (participants): None keeps the value."""
    if language not in current_app.config["LANGUAGES"]:
        raise DomainError("language", _("Choose Danish or English."))
    user.display_name = display_name.strip()
    user.language = language
    if phone is not None and user.is_staff:
        user.phone = phone.strip()[:PHONE_MAX] or None
    if shown_to_group is not None and not user.is_staff:
        user.shown_to_group = shown_to_group


@transactional
def set_active(actor: User, user: User, active: bool) -> None:
    """Admin (de)activates an account in their municipality; deactivation ends its sessions at once."""
    if actor.role is not Role.ADMIN or user.municipality_id != actor.municipality_id:
        raise DomainError(None, _("Only an administrator of the municipality can do this."))
    if user.id == actor.id:
        raise DomainError(None, _("You cannot deactivate your own account."))
    user.active = active
    if not active:
        sessions.end_all_sessions(user)
        signals.user_deactivated.send(user=user)


def people_in_municipality(actor: User, role: Role | None = None) -> list[User]:
    """People the actor may manage: a facilitator sees participants, an admin sees everyone."""
    stmt = scoped(select(User), User, actor)
    if actor.role is Role.FACILITATOR:
        stmt = stmt.where(User.role == Role.PARTICIPANT)
    if role is not None:
        stmt = stmt.where(User.role == role)
    return list(db.session.scalars(stmt.order_by(User.role, func.lower(User.display_name))))


@transactional
def log_out_everywhere(user: User) -> None:
    sessions.end_all_sessions(user)

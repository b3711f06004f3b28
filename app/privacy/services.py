"""My data: the export, deleting an account (at once, or after a facilitator confirms it where the
municipality wants that), and what the staff see afterwards.

Deleting follows the registry (app/privacy/registry.py) table by table, in one transaction. Audit rows
stay with a pseudonym instead of the person. One new audit row, action "account_deleted", tells the
municipality's staff that someone left: it names the group the person was in (or the municipality),
the day, and a pseudonym — never who it was.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from datetime import timedelta

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Table, and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.audit import AuditEntry
from app.accounts.models import Role, User
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.events.models import EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.placements import services as placements
from app.privacy.export import export_data as export_data  # re-exported: the feature's use cases live here
from app.privacy.models import DeletionRequest
from app.privacy.registry import Entry, Erase, entries
from app.transaction import transaction, transactional

log = logging.getLogger(__name__)
ACCOUNT_DELETED = "account_deleted"
RECENT = timedelta(days=90)


def pseudonym(user: User) -> str:
    """A stable stand-in for a deleted person in the audit log: an HMAC keyed with SECRET_KEY.

    The account's creation time is part of the message, so a new account that gets the same id (SQLite
    may reuse the highest id after a delete) never shares the pseudonym.
    """
    message = f"{user.id}:{user.created_at.isoformat()}".encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()
    return "deleted-user-" + digest[:12]


def may_confirm(actor: User, user: User) -> bool:
    """Staff of the same municipality confirm a deletion: facilitators for participants, admins for anyone
    but themselves."""
    if actor.id == user.id or actor.municipality_id != user.municipality_id:
        return False
    return actor.role is Role.ADMIN or (actor.role is Role.FACILITATOR and user.role is Role.PARTICIPANT)


def _check_can_go(user: User) -> None:
    if user.role is not Role.ADMIN:
        return
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.municipality_id == user.municipality_id,
            User.role == Role.ADMIN,
            User.active.is_(True),
            User.id != user.id,
        )
    )
    if not others:
        message = _(
            "You are the only administrator of your municipality, so your account cannot be deleted yet. "
            "Ask whoever runs NEXTWORK to add another administrator first."
        )
        raise DomainError(None, message)


def pending_request(user: User) -> DeletionRequest | None:
    return db.session.scalar(select(DeletionRequest).where(DeletionRequest.user_id == user.id))


def ask_to_delete(user: User) -> bool:
    """The person asks to delete their own account. True: it is deleted now. False: the municipality wants a
    facilitator to confirm, and a request now waits (asking twice keeps one request). Raises DomainError."""
    _check_can_go(user)
    if not user.municipality.deletion_needs_confirmation:
        delete_account(user)
        return True
    if pending_request(user) is None:
        try:
            with transaction():
                db.session.add(DeletionRequest(user_id=user.id))
        except IntegrityError:  # a double tap: one request is enough
            pass
    return False


@transactional
def cancel_request(user: User) -> bool:
    """Withdraw a waiting deletion request; True if there was one."""
    result = db.session.execute(delete(DeletionRequest).where(DeletionRequest.user_id == user.id))
    return bool(affected_rows(result))


def pending_requests(actor: User) -> list[tuple[DeletionRequest, User]]:
    """Requests the actor may confirm, oldest first (one query)."""
    stmt = (
        select(DeletionRequest, User)
        .join(User, User.id == DeletionRequest.user_id)
        .where(User.municipality_id == actor.municipality_id, User.id != actor.id)
        .order_by(DeletionRequest.requested_at, DeletionRequest.id)
    )
    if actor.role is not Role.ADMIN:
        stmt = stmt.where(User.role == Role.PARTICIPANT)
    return [(request, user) for request, user in db.session.execute(stmt)]


def get_request_or_404(request_id: int, actor: User) -> tuple[DeletionRequest, User]:
    """A request the actor may confirm; anyone else's (another municipality, a colleague) is a 404."""
    stmt = select(DeletionRequest, User).join(User, User.id == DeletionRequest.user_id)
    row = db.session.execute(stmt.where(DeletionRequest.id == request_id)).first()
    if row is None or not may_confirm(actor, row[1]):
        abort(404)
    return row[0], row[1]


def confirm_request(actor: User, request_id: int) -> None:
    """A facilitator (or admin) of the person's municipality confirms: the account is deleted now."""
    _request, user = get_request_or_404(request_id, actor)
    delete_account(user, actor=actor)


@transactional
def delete_account(user: User, *, actor: User | None = None) -> None:
    """Delete `user` and their personal data in one transaction; afterwards no row refers to their id.

    Reflections go (with the responses and read receipts on them); active placements end and their seats
    are released; event sign-ups give their seat back; devices, calendar feed, invites and keys go; rows
    that belong to others but name the person as actor forget who; audit rows keep a pseudonym; an
    "account_deleted" audit row tells the staff someone left. `actor` is the staff member confirming a
    request (None: the person themselves). Raises DomainError when the actor may not, or for the last admin.
    """
    if actor is not None and actor.id != user.id and not may_confirm(actor, user):
        raise DomainError(None, _("You cannot delete this account."))
    _check_can_go(user)
    # Lock the person first (PostgreSQL; SQLite holds its write lock from the first write), so a placement
    # chosen in another tab at the same moment waits and then finds no account.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    ref = pseudonym(user)
    where = _where_they_were(user)
    for entry in _in_deletion_order():
        _ERASERS[entry.erase](entry, user, ref)
    staff_id = actor.id if actor is not None and actor.id != user.id else None
    db.session.add(
        AuditEntry(
            actor_id=staff_id,
            actor_ref="" if staff_id is not None else ref,
            subject_id=None,
            subject_ref=ref,
            action=ACCOUNT_DELETED,
            object_type=where[0],
            object_id=where[1],
        )
    )
    if user in db.session:
        db.session.expunge(user)
    log.info("account deleted: %s", ref)


def _where_they_were(user: User) -> tuple[str, int]:
    """The group the person was a member of (for the facilitators' list), else the municipality."""
    group_id = db.session.scalar(
        select(Membership.group_id).where(
            Membership.user_id == user.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
        )
    )
    return ("network_group", group_id) if group_id is not None else ("municipality", user.municipality_id)


def _in_deletion_order() -> list[Entry]:
    """Dependent tables first, the account itself last."""
    position = {table.name: i for i, table in enumerate(reversed(db.metadata.sorted_tables))}
    return sorted(entries(), key=lambda e: (e.erase is Erase.USER_ROW, position[e.table]))


def _table(entry: Entry) -> Table:
    return db.metadata.tables[entry.table]


def _delete(entry: Entry, user: User, _ref: str) -> None:
    table = _table(entry)
    db.session.execute(delete(table).where(table.c[entry.column] == user.id))


def _set_null(entry: Entry, user: User, _ref: str) -> None:
    table = _table(entry)
    db.session.execute(update(table).where(table.c[entry.column] == user.id).values({entry.column: None}))


def _pseudonymise(entry: Entry, user: User, ref: str) -> None:
    table = _table(entry)
    assert entry.ref_column, entry
    db.session.execute(
        update(table).where(table.c[entry.column] == user.id).values({entry.column: None, entry.ref_column: ref})
    )


def _end_and_delete(entry: Entry, user: User, ref: str) -> None:
    placements.end_all_for_deletion(user)
    _delete(entry, user, ref)


def _uncount_and_delete(entry: Entry, user: User, ref: str) -> None:
    """Keep MatchEvent.signups equal to the number of sign-ups (one per person and event)."""
    db.session.execute(
        update(MatchEvent)
        .where(
            MatchEvent.id.in_(select(EventSignup.event_id).where(EventSignup.user_id == user.id)),
            MatchEvent.signups > 0,
        )
        .values(signups=MatchEvent.signups - 1)
        .execution_options(synchronize_session=False)
    )
    _delete(entry, user, ref)


_ERASERS: dict[Erase, Callable[[Entry, User, str], None]] = {
    Erase.DELETE: _delete,
    Erase.SET_NULL: _set_null,
    Erase.PSEUDONYMISE: _pseudonymise,
    Erase.END_AND_DELETE: _end_and_delete,
    Erase.UNCOUNT_AND_DELETE: _uncount_and_delete,
    Erase.USER_ROW: _delete,
}


def recent_deletions(actor: User, since: timedelta = RECENT) -> list[tuple[AuditEntry, str | None]]:
    """Accounts deleted in the actor's municipality lately, newest first, with the group the person was in."""
    stmt = (
        select(AuditEntry, Group.name)
        .outerjoin(Group, and_(AuditEntry.object_type == "network_group", Group.id == AuditEntry.object_id))
        .where(
            AuditEntry.action == ACCOUNT_DELETED,
            AuditEntry.at >= utcnow() - since,
            or_(
                and_(AuditEntry.object_type == "municipality", AuditEntry.object_id == actor.municipality_id),
                Group.municipality_id == actor.municipality_id,
            ),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(50)
    )
    return [(entry, group) for entry, group in db.session.execute(stmt)]

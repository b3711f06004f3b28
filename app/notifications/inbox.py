"""The in-app inbox: every notification lands here, also when push is off, muted or not supported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import abort, g
from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, Select, bindparam, func, select, update
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.accounts.sessions import add_login_figure
from app.db import affected_rows, utcnow
from app.extensions import db
from app.notifications.details import details
from app.notifications.kinds import KINDS, KindInfo
from app.notifications.models import Kind, Notification
from app.notifications.services import UNREAD, forget_unread_count, notify
from app.security import is_safe_next
from app.transaction import transactional

INBOX_LIMIT = 50
_REF = re.compile(r"[A-Za-z0-9_-]{1,24}")


@dataclass(frozen=True)
class Entry:
    ref: str
    info: KindInfo
    created_at: datetime
    unread: bool
    actor: str | None = None  # the display name of who did it, as it is now (None: nobody, or a deleted account)
    detail: str | None = None  # what it is about (details.details), when the object still exists

    @property
    def title(self) -> str:
        """The headline: "Amira changed their placement", or the kind's generic title."""
        return self.info.headline(self.actor)


def latest(user: User, limit: int = INBOX_LIMIT) -> list[Entry]:
    """The newest `limit` notifications of `user`, newest first, with who did each (one query) and what each is
    about (one query per kind of object)."""
    actor = aliased(User)
    rows = db.session.execute(
        select(
            Notification.ref,
            Notification.kind,
            Notification.created_at,
            Notification.read_at,
            actor.display_name,
            Notification.object_id,
        )
        .outerjoin(actor, actor.id == Notification.actor_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    about = details([(row.kind, row.object_id) for row in rows])
    return [
        Entry(ref, KINDS[kind], created, read is None, name, about.get((kind, object_id)) if object_id else None)
        for ref, kind, created, read, name, object_id in rows
    ]


def _unread_of(user_id: ColumnElement[int] | BindParameter[int]) -> ScalarSelect[int]:
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


@cache
def _unread_count() -> Select[int]:
    """Built once: constructing a statement costs more than running this one."""
    return select(_unread_of(bindparam("user_id")))


add_login_figure(UNREAD, _unread_of)  # the logged-in person's count comes with the login check


def unread_count(user_id: int) -> int:
    """How many of the person's notifications are unread, remembered for the request: the login check brings the
    logged-in person's count along (no statement of its own); otherwise, or after a change, one COUNT."""
    cached = g.get(UNREAD)
    if cached is None:
        cached = db.session.scalar(_unread_count(), {"user_id": user_id})
        setattr(g, UNREAD, cached)
    return int(cached or 0)


def own_or_404(user: User, ref: str) -> Notification:
    """The notification with the opaque `ref` if it is `user`'s; 404 otherwise (never reveal that it exists)."""
    if not _REF.fullmatch(ref or ""):
        abort(404)
    note = db.session.scalar(select(Notification).where(Notification.ref == ref))
    if note is None or note.user_id != user.id:
        abort(404)
    return note


@transactional
def mark_read(note: Notification) -> None:
    """Mark one notification read (keeps the first read time). Commits."""
    if note.read_at is None:
        note.read_at = utcnow()
        forget_unread_count()


@transactional
def mark_all_read(user: User) -> int:
    """Mark every unread notification of `user` read. Commits; returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    forget_unread_count()
    return affected_rows(result)


def target_of(note: Notification, fallback: str) -> str:
    """Where opening the notification leads: its stored page inside the app, else `fallback`."""
    return note.url if is_safe_next(note.url) else fallback


@transactional
def send_test(user: User, url: str) -> Notification:
    """A test notification to `user`: an inbox entry and a push to each of their devices. Commits."""
    (note,) = notify([user.id], Kind.TEST, url=url, urgent=True)
    return note

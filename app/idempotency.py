"""Idempotency keys: a form (or a request from the offline queue) carries a random key, and a
second submission with the same key has no second effect, however often or however concurrently
it arrives."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.db import UTCDateTime, utcnow
from app.extensions import Model, db

KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class IdempotencyKey(Model):
    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(40))
    result_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlreadyDone(Exception):
    """The key was used before: the first submission's outcome stands. `result_id` says what it made."""

    def __init__(self, result_id: int | None = None, *, raced: tuple[int, str] | None = None) -> None:
        super().__init__("already done")
        self._result_id = result_id
        self._raced = raced  # (user_id, key) of a twin that lost the race: look the first one up when asked

    @property
    def result_id(self) -> int | None:
        """What the first submission made. For a raced twin it is read on first use, which comes after the
        service's transaction (aborted by the failed insert) has rolled back."""
        if self._raced is not None:
            first = _find(*self._raced)
            self._result_id, self._raced = (first.result_id if first else None), None
        return self._result_id


def valid_key(key: str | None) -> bool:
    return bool(key) and bool(KEY_SHAPE.match(key or ""))


def ensure_unused(user_id: int, key: str) -> None:
    """Raise AlreadyDone if the key was used before (check this first, so a resent form gets
    "already done" rather than the rule it would now break, e.g. "you are already in it")."""
    existing = _find(user_id, key)
    if existing is not None:
        raise AlreadyDone(existing.result_id)


def claim(user_id: int, key: str, scope: str) -> IdempotencyKey:
    """Insert the key as the first write of the current transaction and return it.

    Raises AlreadyDone when the key exists; the caller's transaction (app.transaction) rolls back. With a
    concurrent twin, the database makes one wait for the other: on PostgreSQL the unique index blocks until
    the first commits, on SQLite the write lock does; so exactly one succeeds.
    """
    ensure_unused(user_id, key)
    row = IdempotencyKey(user_id=user_id, key=key, scope=scope)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        raise AlreadyDone(raced=(user_id, key)) from None
    return row


def _find(user_id: int, key: str) -> IdempotencyKey | None:
    return db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))

"""The log of staff who looked at a person's data (GDPR accountability). Features that show a person's
data to staff add a row with `record_access` in the same transaction as the read; the person sees the
log on My data, and the privacy feature keeps it (pseudonymised) when an account is deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import UTCDateTime, utcnow
from app.extensions import Model, db


class AuditEntry(Model):
    """Who (staff) looked at whose data, what and when — never the content.

    When the subject deletes their account the row stays, with `subject_id` cleared and
    `subject_ref` a pseudonym, so the municipality can still account for access.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    actor_ref: Mapped[str] = mapped_column(String(64), default="")
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    subject_ref: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


def record_access(actor: User, subject_id: int, *, action: str, object_type: str, object_id: int | None) -> None:
    """Add an audit row: `actor` (staff) did `action` on `subject_id`'s `object_type` `object_id`. Does not commit."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id, subject_id=subject_id, action=action, object_type=object_type, object_id=object_id
        )
    )

"""A facilitator's note on a participant, encrypted at rest like reflections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.crypto import EncryptedText
from app.db import UTCDateTime, utcnow
from app.extensions import Model

MAX_LENGTH = 1000  # characters of a note: the form, the service and the page's counter take it from here


class PersonNote(Model):
    """A short, dated note on `subject` by a member of staff. The author may be gone (deleted account): NULL."""

    __tablename__ = "person_note"
    __table_args__ = (Index("ix_person_note_subject_created", "subject_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    subject: Mapped[User] = relationship(foreign_keys=[subject_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

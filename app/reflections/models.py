"""Reflections (text encrypted at rest), facilitators' responses and read receipts."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.crypto import EncryptedText
from app.db import UTCDateTime, utcnow, value_enum
from app.extensions import Model
from app.meetings.models import Meeting
from app.placements.models import Assignment

MAX_LENGTH = 1000
RESPONSE_MAX_LENGTH = 500

# The questions that can start a reflection, by the key stored in Reflection.prompt (any other key is stored as "").
PROMPT_TEXT = {
    "did": _l("What did you do?"),
    "went_well": _l("What went well?"),
    "learned": _l("What did you learn about yourself?"),
    "next": _l("What do you want to try next?"),
}


class Visibility(enum.StrEnum):
    PRIVATE = "private"
    FACILITATORS = "facilitators"  # the facilitators of the author's current group
    GROUP = "group"  # an experience card: the author's current group and its facilitators


class Reflection(Model):
    __tablename__ = "reflection"
    __table_args__ = (Index("ix_reflection_author_created", "author_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(EncryptedText())
    prompt: Mapped[str] = mapped_column(String(20), default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    visibility: Mapped[Visibility] = mapped_column(
        Enum(Visibility, native_enum=False, length=14, values_callable=lambda e: [m.value for m in e]),
        default=Visibility.PRIVATE,
    )
    shared_until: Mapped[date | None] = mapped_column(Date)  # after this day it is private again
    # On an experience card the placement's kind and sector show; the company's name only if the author wants.
    show_company: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    author: Mapped[User] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    responses: Mapped[list[ReflectionResponse]] = relationship(
        back_populates="reflection", order_by="ReflectionResponse.created_at", cascade="all, delete-orphan"
    )


class ReflectionResponse(Model):
    """A facilitator's short, kind answer to a shared reflection."""

    __tablename__ = "reflection_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reflection: Mapped[Reflection] = relationship(back_populates="responses")
    author: Mapped[User | None] = relationship()


class ReflectionRead(Model):
    """A read receipt: someone other than the author opened the reflection."""

    __tablename__ = "reflection_read"
    __table_args__ = (Index("ix_reflection_read_reflection_reader", "reflection_id", "reader_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"))
    reader_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reader: Mapped[User] = relationship()


class Reaction(enum.StrEnum):
    """One tap on someone's experience card. The author sees how many, never who."""

    HELPED = "helped"  # "Det hjalp mig"
    THANKS = "thanks"  # "Tak for at dele"

    @property
    def label(self) -> LazyString:
        return _REACTION_LABELS[self]


_REACTION_LABELS = {Reaction.HELPED: _l("It helped me"), Reaction.THANKS: _l("Thanks for sharing")}


class ReflectionReaction(Model):
    """Someone in the author's group reacted to their experience card (once per kind; a second tap takes it back)."""

    __tablename__ = "reflection_reaction"
    __table_args__ = (
        UniqueConstraint("reflection_id", "user_id", "kind", name="uq_reflection_reaction_reflection_user_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[Reaction] = mapped_column(value_enum(Reaction, 8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

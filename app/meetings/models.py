"""Meetings of a group, answers (RSVP), attendance and personal calendar feeds."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import Model
from app.groups.models import Group

REASON_MAX = 300  # why someone is not coming, or why a meeting is cancelled: column, forms, services and API


class Meeting(TimestampMixin, Model):
    __tablename__ = "meeting"
    # One meeting per group per slot of the weekly series, so planning ahead twice creates nothing new. Extra
    # (one-off) meetings have no slot: NULLs never collide in a unique constraint.
    __table_args__ = (
        UniqueConstraint("group_id", "series_date", name="uq_meeting_group_series_date"),
        Index("ix_meeting_group_starts", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("network_group.id", ondelete="CASCADE"))
    # The slot of the weekly series this meeting holds: the local date the schedule gave it. None for an extra
    # meeting, and for a weekly one that was moved out of its week once the planner gave that week a new meeting.
    series_date: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(160), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    checkin_secret: Mapped[str] = mapped_column(String(64))
    checkin_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    group: Mapped[Group] = relationship()

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def extra(self) -> bool:
        """Not (or no longer) part of the weekly series."""
        return self.series_date is None


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"


class Rsvp(Model):
    __tablename__ = "rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_rsvp_meeting_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    answer: Mapped[Answer] = mapped_column(
        Enum(Answer, native_enum=False, length=5, values_callable=lambda e: [m.value for m in e])
    )
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class CheckinMethod(enum.StrEnum):
    CODE = "code"
    QR = "qr"
    MANUAL = "manual"


class Attendance(Model):
    """Someone was at the meeting: checked in with the code or QR, or marked by a facilitator."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_attendance_meeting_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    method: Mapped[CheckinMethod] = mapped_column(
        Enum(CheckinMethod, native_enum=False, length=8, values_callable=lambda e: [m.value for m in e])
    )
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class CalendarFeed(Model):
    """A person's secret calendar URL. Only the token's hash is stored; renewing replaces it."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Match events, the companies coming, sign-ups, "I'd like to talk more", and who came."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.companies.models import Company
from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import Model


class MatchEvent(TimestampMixin, Model):
    __tablename__ = "match_event"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR (signups >= 0 AND signups <= capacity)", name="signups_within_capacity"),
        CheckConstraint("signups >= 0", name="signups_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(160), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Kept equal to the number of EventSignup rows by the services (conditional update on sign-up).
    signups: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    companies: Mapped[list[EventCompany]] = relationship(back_populates="event", cascade="all, delete-orphan")

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.signups)


class EventCompany(Model):
    __tablename__ = "event_company"
    __table_args__ = (UniqueConstraint("event_id", "company_id", name="uq_event_company_event_company"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)

    event: Mapped[MatchEvent] = relationship(back_populates="companies")
    company: Mapped[Company] = relationship()


class EventSignup(Model):
    __tablename__ = "event_signup"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_signup_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class CompanyInterest(Model):
    """A participant would like to talk more with a company they met at an event."""

    __tablename__ = "company_interest"
    __table_args__ = (
        UniqueConstraint("event_id", "company_id", "user_id", name="uq_company_interest_event_company_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class EventAttendance(Model):
    """A participant came to a match event: marked by staff once it has started (signed up or a walk-in)."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_attendance_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Who marked it; None once that staff member's account is deleted.
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

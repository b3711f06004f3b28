"""Placement offers, who holds them (assignments), hours history and the feed of changes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.companies.models import Company
from app.db import TimestampMixin, UTCDateTime, utcnow, value_enum
from app.extensions import Model
from app.placements.rules import HOURS_BOUNDS_CHECK, NOTE_MAX, WEEKLY_HOURS_CHECK


class PlacementKind(enum.StrEnum):
    INTERNSHIP = "internship"  # virksomhedspraktik
    PAID_HOURS = "paid_hours"  # løntimer

    @property
    def label(self) -> LazyString:
        """The kind as people read it (forms, lists and pages all use this one)."""
        return _KIND_LABELS[self]


_KIND_LABELS = {PlacementKind.INTERNSHIP: _l("Internship"), PlacementKind.PAID_HOURS: _l("Paid hours")}


class Placement(TimestampMixin, Model):
    """An offer from a company. `taken` counts active assignments; `held` counts seats kept for someone from the
    waiting list for a short while (placements.waitlist). Together they never pass `seats`."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= seats", name="taken_within_seats"),
        CheckConstraint("held >= 0 AND taken + held <= seats", name="held_within_seats"),
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint(HOURS_BOUNDS_CHECK, name="hours_bounds"),
        Index("ix_placement_municipality_open", "municipality_id", "is_open"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PlacementKind] = mapped_column(value_enum(PlacementKind, 12))
    description: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(80), default="")
    area: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    # For the people who chose it: where and when to meet on the first day, whom to ask for, what to bring.
    first_day: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    hours_min: Mapped[int] = mapped_column(Integer)
    hours_max: Mapped[int] = mapped_column(Integer)
    seats: Mapped[int] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    held: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)

    company: Mapped[Company] = relationship()

    @property
    def free(self) -> int:
        """Seats anyone may choose now: not taken and not held for someone on the waiting list."""
        return max(0, self.seats - self.taken - self.held)


class AssignmentStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    WITHDRAWN = "withdrawn"  # given up before the first day: it never started, so it is no part of the history


class Assignment(Model):
    """A participant in a placement, from a start date, for a number of hours a week."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index(
            "uq_assignment_one_active_per_person_and_placement",
            "user_id",
            "placement_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_assignment_placement_status", "placement_id", "status"),
        CheckConstraint(WEEKLY_HOURS_CHECK, name="weekly_hours_range"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"))
    status: Mapped[AssignmentStatus] = mapped_column(value_enum(AssignmentStatus, 12), default=AssignmentStatus.ACTIVE)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    weekly_hours: Mapped[int] = mapped_column(Integer)
    end_reason: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    lesson: Mapped[str] = mapped_column(String(NOTE_MAX), default="")  # "what did this place teach you?"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    placement: Mapped[Placement] = relationship()
    user: Mapped[User] = relationship()
    hours_history: Mapped[list[HoursChange]] = relationship(
        back_populates="assignment", order_by="HoursChange.effective_date, HoursChange.id"
    )


class HoursChange(Model):
    """Weekly hours from `effective_date` on. The first row of an assignment has `from_hours` None."""

    __tablename__ = "hours_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    from_hours: Mapped[int | None] = mapped_column(Integer)
    to_hours: Mapped[int] = mapped_column(Integer)
    effective_date: Mapped[date] = mapped_column(Date)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    assignment: Mapped[Assignment] = relationship(back_populates="hours_history")


class ChangeKind(enum.StrEnum):
    CHOSE = "chose"
    SWITCHED = "switched"
    ADJUSTED = "adjusted"
    ENDED = "ended"
    WITHDREW = "withdrew"  # gave a placement up before its first day


class PlacementChange(Model):
    """What a participant did with their placements, for the facilitators' list (and notifications)."""

    __tablename__ = "placement_change"
    __table_args__ = (Index("ix_placement_change_town_time", "municipality_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(value_enum(ChangeKind, 10))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    previous_assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    from_hours: Mapped[int | None] = mapped_column(Integer)
    to_hours: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    assignment: Mapped[Assignment] = relationship(foreign_keys=[assignment_id])
    previous_assignment: Mapped[Assignment | None] = relationship(foreign_keys=[previous_assignment_id])


class SectorFollow(Model):
    """A participant wants to hear about new placements in a sector."""

    __tablename__ = "sector_follow"
    __table_args__ = (UniqueConstraint("user_id", "sector", name="uq_sector_follow_user_sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    sector: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WaitStatus(enum.StrEnum):
    WAITING = "waiting"  # in line for a seat
    OFFERED = "offered"  # a seat is held for them until hold_until
    TOOK = "took"  # they chose the placement with the held seat
    EXPIRED = "expired"  # the hold ran out: the seat went to the next in line
    LEFT = "left"  # they left the line, or said no thanks to the held seat


class WaitlistEntry(Model):
    """Someone waiting for a seat in a full placement ("tell me when a seat is free"). Rows are kept as history."""

    __tablename__ = "placement_wait"
    __table_args__ = (
        Index(
            "uq_placement_wait_one_open_per_person",
            "placement_id",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('waiting', 'offered')"),
            postgresql_where=text("status IN ('waiting', 'offered')"),
        ),
        Index("ix_placement_wait_line", "placement_id", "status", "created_at"),
        Index("ix_placement_wait_hold", "status", "hold_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[WaitStatus] = mapped_column(value_enum(WaitStatus, 8), default=WaitStatus.WAITING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hold_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    placement: Mapped[Placement] = relationship()

"""The "Me and work" page: the person's own choices (strengths, interests, the reflections shown, what to try
next), the CV details they write, whether the page is shared with their facilitators, and who read it.

The placements, match events and reflections themselves stay in their features; these rows only point at them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, utcnow, value_enum
from app.extensions import Model
from app.placements.models import Assignment, PlacementKind
from app.placements.rules import HOURS_MAX, HOURS_MIN
from app.workidentity.choices import (
    CV_ABOUT_MAX,
    CV_EMAIL_MAX,
    CV_NAME_MAX,
    CV_PHONE_MAX,
    CV_PLACE_MAX,
    EDUCATION_PERIOD_MAX,
    EDUCATION_PLACE_MAX,
    EDUCATION_TITLE_MAX,
    NOTE_MAX,
    OWN,
    WORDS_MAX,
    ItemKind,
)

NEXT_HOURS_CHECK = f"next_hours IS NULL OR (next_hours >= {HOURS_MIN} AND next_hours <= {HOURS_MAX})"


class WorkProfile(TimestampMixin, Model):
    """One per person, made when they first save something. `shared_at` None: only the person sees the page."""

    __tablename__ = "work_profile"
    __table_args__ = (CheckConstraint(NEXT_HOURS_CHECK, name="next_hours_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # shared with their facilitators since
    # What I want to try next (the sectors are WorkWishSector rows); None/"" means "no wish".
    next_kind: Mapped[PlacementKind | None] = mapped_column(value_enum(PlacementKind, 12))
    next_hours: Mapped[int | None] = mapped_column(Integer)
    next_note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    # The CV: contact details as the person writes them, and what goes on it.
    cv_name: Mapped[str] = mapped_column(String(CV_NAME_MAX), default="")
    cv_phone: Mapped[str] = mapped_column(String(CV_PHONE_MAX), default="")
    cv_email: Mapped[str] = mapped_column(String(CV_EMAIL_MAX), default="")
    cv_place: Mapped[str] = mapped_column(String(CV_PLACE_MAX), default="")
    cv_about: Mapped[str] = mapped_column(String(CV_ABOUT_MAX), default="")
    cv_language: Mapped[str] = mapped_column(String(5), default="da")
    cv_strengths: Mapped[bool] = mapped_column(Boolean, default=True)
    cv_interests: Mapped[bool] = mapped_column(Boolean, default=False)


class WorkItem(Model):
    """A strength or an interest the person chose: from the list (`key`) or in their own words (`key` OWN),
    optionally with the placement where it showed."""

    __tablename__ = "work_item"
    __table_args__ = (
        Index(
            "uq_work_item_listed_once",
            "user_id",
            "kind",
            "key",
            unique=True,
            sqlite_where=text(f"key != '{OWN}'"),
            postgresql_where=text(f"key != '{OWN}'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ItemKind] = mapped_column(value_enum(ItemKind, 10))
    key: Mapped[str] = mapped_column(String(20))
    words: Mapped[str] = mapped_column(String(WORDS_MAX), default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assignment: Mapped[Assignment | None] = relationship()


class WorkReflectionPick(Model):
    """A reflection the person chose to show on their page (also to their facilitators while it is shared)."""

    __tablename__ = "work_reflection_pick"
    __table_args__ = (UniqueConstraint("user_id", "reflection_id", name="uq_work_reflection_pick_user_reflection"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WorkWishSector(Model):
    """A sector the person wants to try next."""

    __tablename__ = "work_wish_sector"
    __table_args__ = (UniqueConstraint("user_id", "sector", name="uq_work_wish_sector_user_sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    sector: Mapped[str] = mapped_column(String(80))


class WorkEducation(Model):
    """A line of education on the CV, as the person writes it."""

    __tablename__ = "work_education"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(EDUCATION_TITLE_MAX))
    place: Mapped[str] = mapped_column(String(EDUCATION_PLACE_MAX), default="")
    period: Mapped[str] = mapped_column(String(EDUCATION_PERIOD_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WorkCvOmit(Model):
    """A placement the person left off their CV (every other placement of theirs is on it)."""

    __tablename__ = "work_cv_omit"
    __table_args__ = (UniqueConstraint("user_id", "assignment_id", name="uq_work_cv_omit_user_assignment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)


class WorkPageRead(Model):
    """A read receipt: a facilitator opened the person's shared page."""

    __tablename__ = "work_page_read"
    __table_args__ = (Index("ix_work_page_read_owner_reader", "owner_id", "reader_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reader_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reader: Mapped[User] = relationship(foreign_keys=[reader_id])

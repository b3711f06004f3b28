"""Groups and who is (or was) in them."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text, Time, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import Model


class Group(TimestampMixin, Model):
    __tablename__ = "network_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday, local time
    start_time: Mapped[time] = mapped_column(Time)  # Europe/Copenhagen wall-clock time
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    place: Mapped[str] = mapped_column(String(160), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    memberships: Mapped[list[Membership]] = relationship(back_populates="group")


class MemberRole(enum.StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"


class Membership(Model):
    """Someone's time in a group. Leaving sets `left_at`; rows are never deleted (history)."""

    __tablename__ = "membership"
    __table_args__ = (
        # A participant is a current member of at most one group.
        Index(
            "uq_membership_one_current_group",
            "user_id",
            unique=True,
            sqlite_where=text("left_at IS NULL AND role = 'member'"),
            postgresql_where=text("left_at IS NULL AND role = 'member'"),
        ),
        Index("ix_membership_group_current", "group_id", "left_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("network_group.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(
        Enum(MemberRole, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e])
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class GroupMessage(Model):
    """A facilitator's message to their group. Shown in the members' inbox; never in a push payload."""

    __tablename__ = "group_message"
    __table_args__ = (Index("ix_group_message_group_created", "group_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("network_group.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()

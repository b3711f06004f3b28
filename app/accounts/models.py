"""Tenants, people, their logged-in devices and their invitations."""

from __future__ import annotations

import enum
from datetime import datetime, time

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Index, Integer, String, Time, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.config import Config
from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import Model

# The municipality's settings (admins change them on /staff/settings), declared once: the CHECK, the form and the
# service read these.
NAME_MAX = 120
PHONE_MAX = 40  # a staff member's phone number, as they write it
WEEKLY_CAP_MIN = 1  # the most weekly hours a participant may hold across their active placements
WEEKLY_CAP_MAX = 60
WEEKLY_CAP_CHECK = f"weekly_hours_cap >= {WEEKLY_CAP_MIN} AND weekly_hours_cap <= {WEEKLY_CAP_MAX}"
QUIET_START = time(21, 0)  # quiet hours of everyone who has not chosen their own, unless the municipality changes them
QUIET_END = time(8, 0)


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.PARTICIPANT


def configured_weekly_cap() -> int:
    """A new municipality's weekly hours cap: the app's WEEKLY_HOURS_CAP setting."""
    return int(current_app.config.get("WEEKLY_HOURS_CAP", Config.WEEKLY_HOURS_CAP))


class Municipality(TimestampMixin, Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Danish public authorities may have to keep some records: then a facilitator confirms deletions.
    deletion_needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Read by the placement rules. The server default only fills rows that existed before the column (the migration
    # then sets them to the configured value); new municipalities get the configured value.
    weekly_hours_cap: Mapped[int] = mapped_column(
        Integer,
        CheckConstraint(WEEKLY_CAP_CHECK, name="weekly_hours_cap_range"),
        default=configured_weekly_cap,
        server_default=str(Config.WEEKLY_HOURS_CAP),
    )
    # Quiet hours for everyone in the municipality who has not saved their own notification settings.
    default_quiet_start: Mapped[time] = mapped_column(Time, default=QUIET_START, server_default=QUIET_START.isoformat())
    default_quiet_end: Mapped[time] = mapped_column(Time, default=QUIET_END, server_default=QUIET_END.isoformat())

    users: Mapped[list[User]] = relationship(back_populates="municipality")


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored lower-cased and stripped (see services.normalize_email), so the unique
    # constraint compares case-insensitively on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="da")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A facilitator's phone number, shown to the participants of their groups with their name (their contact person).
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX))
    # A participant's first name is shown to their group under "who is coming" when they say yes, unless they hide it.
    shown_to_group: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    municipality: Mapped[Municipality] = relationship(back_populates="users")

    @property
    def first_name(self) -> str:
        """What the group sees of a participant: the first word of their name."""
        return (self.display_name.split() or [""])[0]

    @validates("email")
    def _normalize_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # used by Flask-Login
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class LoginSession(Model):
    """One logged-in device. The signed session cookie carries the token whose hash is stored here."""

    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_user_open", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class InvitePurpose(enum.StrEnum):
    WELCOME = "welcome"
    RESET = "reset"


class Invite(Model):
    """A single-use link to set a password. Only the SHA-256 of the token is stored."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[InvitePurpose] = mapped_column(
        Enum(InvitePurpose, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])

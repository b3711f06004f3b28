"""Tenants, people, their logged-in devices and their invitations."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import Model


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.PARTICIPANT


class Municipality(TimestampMixin, Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Danish public authorities may have to keep some records: then a facilitator confirms deletions.
    deletion_needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

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

    municipality: Mapped[Municipality] = relationship(back_populates="users")

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

"""Notifications: the in-app inbox, push subscriptions (one per device endpoint), per-device deliveries,
each person's preferences and the sectors they follow."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import UTCDateTime, utcnow, value_enum
from app.extensions import Model


class Kind(enum.StrEnum):
    MEETING_REMINDER = "meeting_reminder"
    MEETING_MOVED = "meeting_moved"
    MEETING_CANCELLED = "meeting_cancelled"
    MEETING_ADDED = "meeting_added"  # an extra meeting, outside the weekly series
    GROUP_MESSAGE = "group_message"
    NEW_PLACEMENT = "new_placement"
    SEAT_OFFERED = "seat_offered"  # a seat from the waiting list is held for the person
    EVENT_REMINDER = "event_reminder"
    EVENT_CANCELLED = "event_cancelled"
    PLACEMENT_CHANGE = "placement_change"  # for facilitators
    REFLECTION_SHARED = "reflection_shared"  # for facilitators
    REFLECTION_RESPONSE = "reflection_response"
    EXIT_REPORTED = "exit_reported"  # for facilitators: a participant says they leave for a job or education
    FOLLOWUP_DUE = "followup_due"  # for facilitators: a 6/12/30-month follow-up has fallen due
    TALK_REQUESTED = "talk_requested"  # for facilitators: a participant would like to talk (never why)
    TEST = "test"


class DeliveryStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for `not_before`, or claimed by a worker until `lease_until`
    SENT = "sent"  # the push service accepted it (2xx)
    FAILED = "failed"  # refused for good (gone, other 4xx, too many attempts)
    EXPIRED = "expired"  # not sent before it stopped mattering
    WITHDRAWN = "withdrawn"  # the reason went away before sending (afbud, cancelled meeting)


class Notification(Model):
    """One inbox entry for one person. Push deliveries hang off it, one per device."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_created", "user_id", "created_at"),
        Index("ix_notification_kind_object", "kind", "object_id"),  # withdraw(): an afbud, a cancellation
        # The bell on every page counts unread ones: only those are in this index.
        Index(
            "ix_notification_user_unread",
            "user_id",
            sqlite_where=text("read_at IS NULL"),
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(value_enum(Kind, 24))
    # Who did it (the participant who changed a placement …): named in the inbox at display time, never in a push.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    object_id: Mapped[int | None] = mapped_column(Integer)  # what it is about (meeting, placement …), by kind
    ref: Mapped[str] = mapped_column(String(24), unique=True)  # the opaque id a push payload carries
    url: Mapped[str] = mapped_column(String(200))  # the page to open, inside the app
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)  # reminders: one per slot, ever
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # no push after this
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PushSubscription(Model):
    """A device's push endpoint. One row per endpoint: a phone subscribed by another user moves to them."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    login_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("login_session.id", ondelete="SET NULL"), index=True
    )
    endpoint: Mapped[str] = mapped_column(Text)
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the endpoint
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(40))
    device: Mapped[str] = mapped_column(String(80), default="")  # e.g. "Chrome on Android", for the settings page
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(Model):
    """One notification to one device. Workers claim queued rows whose `not_before` has come, with a lease."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_status_not_before", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("push_subscription.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[DeliveryStatus] = mapped_column(value_enum(DeliveryStatus, 10), default=DeliveryStatus.QUEUED)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    worker: Mapped[str] = mapped_column(String(64), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer)  # the push service's last HTTP status
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    notification: Mapped[Notification] = relationship()
    subscription: Mapped[PushSubscription | None] = relationship()


class NotificationPrefs(Model):
    """What a person wants pushed and when. No row means the defaults."""

    __tablename__ = "notification_prefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    muted_kinds: Mapped[str] = mapped_column(String(300), default="")  # comma-separated Kind values: inbox only
    quiet_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    quiet_start: Mapped[time] = mapped_column(Time, default=time(21, 0))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(8, 0))
    remind_evening: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    remind_two_hours: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def muted(self) -> set[str]:
        return {kind for kind in self.muted_kinds.split(",") if kind}

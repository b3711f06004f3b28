"""Shared pieces of the delivery tests: a fixed daytime clock, devices at the local push service, notifications."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import Delivery, Kind, PushSubscription
from app.notifications.services import notify
from app.notifications.subscriptions import parse_subscription, subscribe
from tests.push.pushservice import PushService

NOON = datetime(2025, 3, 4, 11, 0, tzinfo=UTC)  # 12:00 in Copenhagen: outside everyone's quiet hours


def add_device(service: PushService, user: User, name: str) -> PushSubscription:
    """A new subscription at the local push service, stored for `user` the way the subscribe endpoint does."""
    row, _created = subscribe(user, parse_subscription(service.new_subscription(name)), login_session_id=None)
    assert row is not None
    return row


def send(users: list[User], kind: Kind = Kind.MEETING_REMINDER, *, object_id: int | None = 1, **kwargs) -> list:  # noqa: ANN003
    """Notify `users` at NOON (unless `now` is given) and commit; returns the notifications."""
    kwargs.setdefault("now", NOON)
    made = notify([u.id for u in users], kind, url="/meetings", object_id=object_id, **kwargs)
    db.session.commit()
    return made


def deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def subscription_ids() -> set[int]:
    return set(db.session.scalars(select(PushSubscription.id)))

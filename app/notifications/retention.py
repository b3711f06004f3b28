"""Storage limitation: old inbox entries and finished push deliveries are deleted after a while.

The worker runs `purge` about once an hour (and `flask push purge` runs it on demand). Queued deliveries
are never touched, however old: the worker decides what happens to them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, exists, select

from app.db import affected_rows, utcnow
from app.extensions import db
from app.notifications.models import Delivery, DeliveryStatus, Notification
from app.transaction import transactional

PURGE_EVERY = timedelta(hours=1)


@transactional
def purge(now: datetime | None = None) -> dict[str, int]:
    """Delete notifications older than NOTIFICATION_RETENTION that have no queued delivery (their finished
    deliveries go with them) and finished deliveries older than DELIVERY_RETENTION. Commits; returns how many
    of each were deleted."""
    now = now or utcnow()
    config = current_app.config
    deliveries = affected_rows(
        db.session.execute(
            delete(Delivery).where(
                Delivery.status != DeliveryStatus.QUEUED, Delivery.finished_at < now - config["DELIVERY_RETENTION"]
            )
        )
    )
    waiting = select(Delivery.id).where(
        Delivery.notification_id == Notification.id, Delivery.status == DeliveryStatus.QUEUED
    )
    notifications = affected_rows(
        db.session.execute(
            delete(Notification).where(
                Notification.created_at < now - config["NOTIFICATION_RETENTION"], ~exists(waiting)
            )
        )
    )
    return {"notifications": notifications, "deliveries": deliveries}

"""Storage limitation: old inbox entries and finished deliveries go; recent ones and anything still queued stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db as _db
from app.notifications.models import Delivery, DeliveryStatus, Notification
from app.notifications.retention import purge
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, send


def _kinds() -> tuple[list[int], list[DeliveryStatus]]:
    _db.session.expire_all()
    notes = list(_db.session.scalars(select(Notification.object_id).order_by(Notification.object_id)))
    return notes, sorted(d.status for d in _db.session.scalars(select(Delivery)))


def test_purge_deletes_what_is_old_and_finished_only(app, db, pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    old = NOON - app.config["NOTIFICATION_RETENTION"] - timedelta(days=1)
    [ancient] = send([user], object_id=1, now=old)  # inbox entry past retention: goes, with its delivery
    [stuck] = send([user], object_id=5, now=old)  # as old, but its push is still queued: stays
    [done] = send([user], object_id=2, now=NOON - timedelta(days=40))  # its finished delivery goes, entry stays
    [waiting] = send([user], object_id=3, now=NOON - timedelta(days=40))  # still queued after 40 days: stays
    [recent] = send([user], object_id=4, now=NOON - timedelta(days=1))  # finished yesterday: stays
    finished_ones = ((ancient, DeliveryStatus.SENT, old), (done, DeliveryStatus.SENT, NOON - timedelta(days=31)),
                     (recent, DeliveryStatus.FAILED, NOON - timedelta(days=1)))  # fmt: skip
    for note, status, finished in finished_ones:
        delivery = db.session.scalar(select(Delivery).where(Delivery.notification_id == note.id))
        delivery.status, delivery.finished_at = status, finished
    db.session.commit()

    assert purge(now=NOON) == {"notifications": 1, "deliveries": 2}
    assert _kinds() == ([2, 3, 4, 5], [DeliveryStatus.FAILED, DeliveryStatus.QUEUED, DeliveryStatus.QUEUED])
    assert purge(now=NOON) == {"notifications": 0, "deliveries": 0}


def test_purge_command(app, db):
    result = app.test_cli_runner().invoke(args=["push", "purge"])
    assert result.exit_code == 0 and "Deleted 0 old notifications" in result.output

"""The push delivery worker: claim due deliveries with a lease, send them concurrently, write the results.

Several workers may run at once on PostgreSQL: `claim` takes rows with `SELECT … FOR UPDATE SKIP LOCKED` and
leases them for PUSH_LEASE; rows of a worker that died return to the queue when the lease ends. On SQLite
one worker is enough (the `flask push work` command makes sure). `now` can be given everywhere, for tests.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections import Counter
from datetime import datetime
from types import FrameType

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.db import utcnow
from app.extensions import db
from app.notifications import metrics, reminders, retention
from app.notifications.batch import prepare, record
from app.notifications.models import Delivery, DeliveryStatus
from app.notifications.sender import Sender
from app.placements import waitlist

log = logging.getLogger(__name__)

COUNT_KEYS = ("reminders", "claimed", "sent", "retried", "failed", "gone", "expired", "released")


def default_worker_id() -> str:
    """host:pid:random — unique per process run, at most 64 characters."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _due(now: datetime) -> tuple:
    return (
        Delivery.status == DeliveryStatus.QUEUED,
        Delivery.not_before <= now,
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
    )


def claim(worker_id: str, limit: int, now: datetime) -> list[int]:
    """Lease up to `limit` due deliveries to `worker_id` until now + PUSH_LEASE, in one short transaction
    (committed). Returns the ids this worker now holds; rows another worker holds are skipped, not waited for."""
    lease_until = now + current_app.config["PUSH_LEASE"]
    candidates = list(
        db.session.scalars(
            select(Delivery.id)
            .where(*_due(now))
            .order_by(Delivery.not_before, Delivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer at a time anyway
        )
    )
    if not candidates:
        db.session.rollback()
        return []
    claimed = db.session.scalars(
        update(Delivery)
        .where(Delivery.id.in_(candidates), *_due(now))  # again: on SQLite another worker may have been first
        .values(lease_until=lease_until, worker=worker_id)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def _deadline() -> float:
    """Until when (time.monotonic) a freshly claimed batch may start requests: well inside its lease."""
    lease = current_app.config["PUSH_LEASE"].total_seconds()
    margin = 2 * float(current_app.config["PUSH_TIMEOUT"])
    return time.monotonic() + (lease - margin if lease > 2 * margin else lease / 2)


def send_batch(worker_id: str, ids: list[int], now: datetime, sender: Sender) -> Counter[str]:
    """Send the claimed deliveries `ids` and record the results (commits)."""
    deadline = _deadline()
    prepared = prepare(ids, now)
    db.session.rollback()  # end the read transaction: no locks held while the requests are out
    results = sender.send_all(prepared.jobs, deadline=deadline)
    return record(worker_id, prepared, results, now)


def run_once(
    *,
    now: datetime | None = None,
    worker_id: str | None = None,
    sender: Sender | None = None,
    stop: threading.Event | None = None,
) -> dict[str, int]:
    """Schedule due reminders, then claim and send batches until nothing is due (or `stop` is set).

    With `now`, every step uses that moment (for tests); otherwise the clock. Returns counts by outcome.
    Raises SQLAlchemyError if the database fails (deliveries already claimed return after their lease).
    """
    worker_id = worker_id or default_worker_id()
    waitlist.expire_holds(now)  # seats held too long go to the next in line, who is told in this same round
    counts: Counter[str] = Counter(reminders=reminders.schedule_due(now))
    own = sender is None
    sender = sender or Sender.from_config(current_app.config)
    batch = int(current_app.config["PUSH_BATCH"])
    try:
        while not (stop is not None and stop.is_set()):
            moment = now or utcnow()
            ids = claim(worker_id, batch, moment)
            if not ids:
                break
            counts["claimed"] += len(ids)
            done = send_batch(worker_id, ids, moment, sender)
            counts.update(done)
            metrics.record_outcomes(done)
            if done["released"] == len(ids):
                break  # the lease is too short to send anything: leave the rest to the next round
    finally:
        if own:
            sender.close()
    return {key: counts.get(key, 0) for key in COUNT_KEYS}


def work_forever(poll_seconds: float = 5.0, *, worker_id: str | None = None) -> None:
    """Run `run_once` every `poll_seconds` until SIGTERM or SIGINT, which finish the current batch first.
    Must run in the main thread (signal handlers). A database error is logged and the loop goes on."""
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("push worker stopping after this batch (signal %s)", signum)
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    worker_id = worker_id or default_worker_id()
    next_purge = time.monotonic()
    try:
        with Sender.from_config(current_app.config) as sender:
            while not stop.is_set():
                try:
                    if time.monotonic() >= next_purge:
                        log.info("push worker %s purged %s", worker_id, retention.purge())
                        next_purge = time.monotonic() + retention.PURGE_EVERY.total_seconds()
                    counts = run_once(worker_id=worker_id, sender=sender, stop=stop)
                except SQLAlchemyError as error:
                    log.error("push worker round failed (%s); trying again", type(error).__name__)
                    db.session.rollback()
                else:
                    if counts["claimed"] or counts["reminders"]:
                        log.info("push worker %s: %s", worker_id, counts)
                db.session.remove()
                stop.wait(poll_seconds)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stats() -> dict[str, int]:
    """Deliveries by status: queued, sent, failed, expired, withdrawn."""
    counts = {status.value: 0 for status in DeliveryStatus}
    for status, count in db.session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)):
        counts[DeliveryStatus(status).value] = count
    return counts

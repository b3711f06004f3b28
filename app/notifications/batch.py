"""One claimed batch of deliveries: turn the rows into plain PushJobs (a fixed number of queries), and write
the senders' results back. Every write is fenced on `worker == worker_id AND status == queued`, so a worker
that lost its lease (and whose deliveries another worker took over) changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, or_, select, update

from app.accounts.models import LoginSession, User
from app.db import affected_rows
from app.extensions import db
from app.notifications import payload
from app.notifications.models import Delivery, DeliveryStatus, Kind, Notification, PushSubscription
from app.notifications.sender import Outcome, PushJob, Result, retry_delay

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    jobs: list[PushJob] = field(default_factory=list)
    attempts: dict[int, int] = field(default_factory=dict)  # delivery id → attempts before this one
    expired: list[int] = field(default_factory=list)  # past the notification's expires_at: not sent
    orphaned: list[int] = field(default_factory=list)  # device gone, someone else's, login over, account off


def _login_over(now: datetime) -> ColumnElement[bool]:
    """SQL: the device's login has ended (logged out, or idle/old past the limits) — a lent or lost phone
    stops getting the person's pushes even if it never comes back to log out."""
    config = current_app.config
    return and_(
        LoginSession.id.is_not(None),
        or_(
            LoginSession.ended_at.is_not(None),
            LoginSession.last_seen_at < now - config["LOGIN_SESSION_IDLE"],
            LoginSession.created_at < now - config["LOGIN_SESSION_MAX_AGE"],
        ),
    )


def prepare(ids: Sequence[int], now: datetime) -> Prepared:
    """Load what sending `ids` needs in one query and build the jobs (payloads in each recipient's language)."""
    rows = db.session.execute(
        select(
            Delivery.id,
            Delivery.attempts,
            Delivery.subscription_id,
            Notification.kind,
            Notification.ref,
            Notification.object_id,
            Notification.urgent,
            Notification.expires_at,
            Notification.user_id,
            User.language,
            User.active,
            PushSubscription.user_id.label("owner_id"),
            _login_over(now).label("login_over"),
            PushSubscription.endpoint,
            PushSubscription.p256dh,
            PushSubscription.auth,
        )
        .join(Notification, Notification.id == Delivery.notification_id)
        .join(User, User.id == Notification.user_id)
        .outerjoin(PushSubscription, PushSubscription.id == Delivery.subscription_id)
        .outerjoin(LoginSession, LoginSession.id == PushSubscription.login_session_id)
        .where(Delivery.id.in_(list(ids)))
        .order_by(Delivery.id)
    ).all()
    prepared = Prepared()
    texts: dict[tuple[Kind, str], tuple[str, str]] = {}
    for row in rows:
        if row.subscription_id is None or row.owner_id != row.user_id or not row.active or row.login_over:
            prepared.orphaned.append(row.id)
            continue
        ttl = payload.ttl_seconds(row.kind, row.expires_at, now)
        if ttl <= 0:
            prepared.expired.append(row.id)
            continue
        language = payload.language_of(row.language)
        if (row.kind, language) not in texts:
            texts[row.kind, language] = payload.texts(row.kind, language)
        title, body = texts[row.kind, language]
        topic = payload.topic(row.kind, row.object_id, row.ref)
        prepared.attempts[row.id] = row.attempts
        prepared.jobs.append(
            PushJob(
                delivery_id=row.id,
                subscription_id=row.subscription_id,
                endpoint=row.endpoint,
                p256dh=row.p256dh,
                auth=row.auth,
                payload=payload.encode(row.kind, row.ref, title, body, topic),
                ttl=ttl,
                urgency=payload.urgency(row.kind, row.urgent),
                topic=topic,
            )
        )
    return prepared


def _finish(worker_id: str, ids: Iterable[int], **values: Any) -> int:
    """Update our still-held queued deliveries among `ids`; returns how many were ours."""
    ids = list(ids)
    if not ids:
        return 0
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.worker == worker_id, Delivery.status == DeliveryStatus.QUEUED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return affected_rows(result)


def record(worker_id: str, prepared: Prepared, results: Sequence[Result], now: datetime) -> Counter[str]:
    """Write the results of a batch and commit. 2xx → sent; 404/410 → that subscription deleted, failed;
    429/5xx/network → queued again after a backoff (failed after PUSH_MAX_ATTEMPTS); else failed."""
    config = current_app.config
    max_attempts, cap = int(config["PUSH_MAX_ATTEMPTS"]), config["PUSH_RETRY_CAP"]
    counts: Counter[str] = Counter()
    done = {"finished_at": now, "lease_until": None, "attempts": Delivery.attempts + 1}
    counts["expired"] += _finish(
        worker_id, prepared.expired, status=DeliveryStatus.EXPIRED, finished_at=now, lease_until=None
    )
    counts["failed"] += _finish(
        worker_id, prepared.orphaned, status=DeliveryStatus.FAILED, finished_at=now, lease_until=None
    )
    finished: dict[tuple[DeliveryStatus, int | None], list[int]] = defaultdict(list)
    succeeded: set[int] = set()
    gone: set[int] = set()
    released: list[int] = []
    retries: dict[tuple[datetime, int | None], list[int]] = defaultdict(list)
    for result in results:
        tried = prepared.attempts.get(result.delivery_id, 0) + 1
        if result.outcome is Outcome.SENT:
            finished[DeliveryStatus.SENT, result.status].append(result.delivery_id)
            succeeded.add(result.subscription_id)
        elif result.outcome is Outcome.SKIPPED:
            released.append(result.delivery_id)
        elif result.outcome is Outcome.RETRY and tried < max_attempts:
            answered = now + timedelta(seconds=result.answered_after)
            retries[answered + retry_delay(tried, result.retry_after, cap), result.status].append(result.delivery_id)
        else:
            if result.outcome is Outcome.GONE:
                gone.add(result.subscription_id)
            elif result.outcome is Outcome.RETRY:
                log.warning("push delivery %s failed after %s attempts", result.delivery_id, tried)
            finished[DeliveryStatus.FAILED, result.status].append(result.delivery_id)
    for (status, http_status), ids in finished.items():
        counts[status.value] += _finish(worker_id, ids, status=status, last_status=http_status, **done)
    for (not_before, http_status), ids in retries.items():
        counts["retried"] += _finish(
            worker_id,
            ids,
            not_before=not_before,
            lease_until=None,
            attempts=Delivery.attempts + 1,
            last_status=http_status,
        )
    counts["released"] += _finish(worker_id, released, lease_until=None)
    if succeeded:
        db.session.execute(
            update(PushSubscription).where(PushSubscription.id.in_(succeeded)).values(last_success_at=now)
        )
    if gone:  # the push service says the device unsubscribed: forget exactly those subscriptions
        db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
        counts["gone"] += len(gone)
    db.session.commit()
    return counts

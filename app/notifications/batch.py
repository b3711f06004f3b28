"""One claimed batch of deliveries: turn the rows into plain PushJobs (a fixed number of queries), and write
the senders' results back. Every write is fenced on `worker == worker_id AND status == queued`, so a worker
that lost its lease (and whose deliveries another worker took over) changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, delete, literal, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

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
    # What many rows share is worked out once per batch: the language, the (title, body) of a kind in it, and
    # the topic (an HMAC) of an object — every recipient of one notification about it has the same.
    languages: dict[str | None, str] = {}
    texts: dict[tuple[Kind, str], tuple[str, str]] = {}
    topics: dict[tuple[Kind, int | None, str | None], str] = {}
    for (  # the columns of the select above, in its order (a tuple unpacks cheaper than a Row's attributes)
        delivery_id,
        attempts,
        subscription_id,
        kind,
        ref,
        object_id,
        urgent,
        expires_at,
        user_id,
        language,
        active,
        owner_id,
        login_over,
        endpoint,
        p256dh,
        auth,
    ) in rows:
        if subscription_id is None or owner_id != user_id or not active or login_over:
            prepared.orphaned.append(delivery_id)
            continue
        ttl = payload.ttl_seconds(kind, expires_at, now)
        if ttl <= 0:
            prepared.expired.append(delivery_id)
            continue
        if language not in languages:
            languages[language] = payload.language_of(language)
        speaks = languages[language]
        if (kind, speaks) not in texts:
            texts[kind, speaks] = payload.texts(kind, speaks)
        title, body = texts[kind, speaks]
        topic_of = (kind, object_id, None) if object_id is not None else (kind, None, ref)
        if topic_of not in topics:
            topics[topic_of] = payload.topic(kind, object_id, ref)
        topic = topics[topic_of]
        prepared.attempts[delivery_id] = attempts
        prepared.jobs.append(
            PushJob(
                delivery_id=delivery_id,
                subscription_id=subscription_id,
                endpoint=endpoint,
                p256dh=p256dh,
                auth=auth,
                payload=payload.encode(kind, ref, title, body, topic),
                ttl=ttl,
                urgency=payload.urgency(kind, urgent),
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


def _by_id(values: Mapping[int, Any], column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    """SQL: CASE delivery.id WHEN <id> THEN <value> … END, each value bound with `column`'s type."""
    return case({id_: literal(value, column.type) for id_, value in values.items()}, value=Delivery.id)


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
    retries: dict[int, tuple[datetime, int | None]] = {}  # delivery id → (not before, HTTP status)
    for result in results:
        tried = prepared.attempts.get(result.delivery_id, 0) + 1
        if result.outcome is Outcome.SENT:
            finished[DeliveryStatus.SENT, result.status].append(result.delivery_id)
            succeeded.add(result.subscription_id)
        elif result.outcome is Outcome.SKIPPED:
            released.append(result.delivery_id)
        elif result.outcome is Outcome.RETRY and tried < max_attempts:
            answered = now + timedelta(seconds=result.answered_after)
            retries[result.delivery_id] = (answered + retry_delay(tried, result.retry_after, cap), result.status)
        else:
            if result.outcome is Outcome.GONE:
                gone.add(result.subscription_id)
            elif result.outcome is Outcome.RETRY:
                log.warning("push delivery %s failed after %s attempts", result.delivery_id, tried)
            finished[DeliveryStatus.FAILED, result.status].append(result.delivery_id)
    for (status, http_status), ids in finished.items():
        counts[status.value] += _finish(worker_id, ids, status=status, last_status=http_status, **done)
    if retries:  # one statement for them all (a 429 storm is many), each row with its own wait and status
        counts["retried"] += _finish(
            worker_id,
            retries,
            not_before=_by_id({id_: wait for id_, (wait, _status) in retries.items()}, Delivery.not_before),
            last_status=_by_id({id_: status for id_, (_wait, status) in retries.items()}, Delivery.last_status),
            lease_until=None,
            attempts=Delivery.attempts + 1,
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

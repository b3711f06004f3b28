"""The push worker's Prometheus metrics: deliveries by outcome (counters kept by the worker that sent them) and
the queue as the database sees it (read at each scrape), served by `flask push work` on METRICS_BIND.

The queue gauges are the same for every worker (they read one table): with several workers, alert on
`max()` of them; the counters are per worker: `sum()` them. A queue whose oldest due delivery waits longer
than a few poll intervals means no worker is sending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime
from wsgiref.simple_server import WSGIServer

from flask import Flask
from prometheus_client import CollectorRegistry, Counter, ProcessCollector
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.db import utcnow
from app.extensions import db
from app.metrics import serve_registry
from app.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

OUTCOMES = ("sent", "failed", "retried", "expired", "gone")  # the worker's counts that are deliveries' fates

REGISTRY = CollectorRegistry()
DELIVERIES = Counter(
    "nextwork_push_deliveries",
    "Push deliveries by outcome: sent (2xx), failed (for good), retried (429/5xx/network, queued again), "
    "expired (too late to matter), gone (the device unsubscribed; also counted as failed).",
    ["outcome"],
    registry=REGISTRY,
)


def record_outcomes(counts: Mapping[str, int]) -> None:
    """Add one batch's outcome counts (the worker's Counter) to the delivery counters."""
    for outcome in OUTCOMES:
        if counts.get(outcome):
            DELIVERIES.labels(outcome).inc(counts[outcome])


def queue_snapshot(now: datetime) -> dict[str, float]:
    """Queued deliveries: how many, how many are due, and the age of the oldest (seconds; 0 when none)."""
    due = Delivery.not_before <= now
    total, due_count, oldest, oldest_due = db.session.execute(
        select(
            func.count(),
            func.count().filter(due),
            func.min(Delivery.created_at),
            func.min(Delivery.not_before).filter(due),
        ).where(Delivery.status == DeliveryStatus.QUEUED)
    ).one()
    return {
        "queued": float(total),
        "due": float(due_count),
        "oldest_age": max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        "oldest_due_wait": max((now - oldest_due).total_seconds(), 0.0) if oldest_due else 0.0,
    }


class QueueCollector(Collector):
    """Reads the queue from the database at each scrape, in its own app context (the scrape's thread)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        ok = GaugeMetricFamily("nextwork_push_queue_query_ok", "1 if the queue could be read at this scrape, else 0.")
        try:
            with self.app.app_context():
                try:
                    snapshot = queue_snapshot(utcnow())
                finally:
                    db.session.remove()
        except SQLAlchemyError as error:
            log.warning("push metrics: the queue could not be read (%s)", type(error).__name__)
            ok.add_metric([], 0)
            yield ok
            return
        ok.add_metric([], 1)
        yield ok
        yield GaugeMetricFamily(
            "nextwork_push_queue_deliveries", "Deliveries queued (due now or waiting to retry).", snapshot["queued"]
        )
        yield GaugeMetricFamily("nextwork_push_queue_due_deliveries", "Queued deliveries due now.", snapshot["due"])
        yield GaugeMetricFamily(
            "nextwork_push_queue_oldest_age_seconds",
            "Age of the oldest queued delivery (since it was created), 0 when none is queued.",
            snapshot["oldest_age"],
        )
        yield GaugeMetricFamily(
            "nextwork_push_queue_oldest_due_wait_seconds",
            "How long the oldest due delivery has been due: grows when no worker sends.",
            snapshot["oldest_due_wait"],
        )


_served = threading.Lock()
_collectors_added = False


def serve(app: Flask, bind: str) -> tuple[WSGIServer, threading.Thread]:
    """Serve the push metrics on `bind` (host:port) from a daemon thread of this worker."""
    global _collectors_added
    with _served:
        if not _collectors_added:
            REGISTRY.register(QueueCollector(app))
            ProcessCollector(registry=REGISTRY)
            for outcome in OUTCOMES:
                DELIVERIES.labels(outcome)  # every outcome from 0, so rate() works from the first send
            _collectors_added = True
    return serve_registry(bind, REGISTRY)

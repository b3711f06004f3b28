"""The push worker's Prometheus metrics: outcome counters move with what the worker really did, the queue gauges
read depth and age from the table, and `flask push work` serves them on METRICS_BIND (not on the web app)."""

from __future__ import annotations

import socket
import urllib.request
from datetime import timedelta

from prometheus_client import CollectorRegistry
from sqlalchemy import update

from app.extensions import db
from app.notifications import metrics
from app.notifications.models import Delivery
from app.notifications.worker import run_once
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, send


def outcome(name: str) -> float:
    return metrics.REGISTRY.get_sample_value("nextwork_push_deliveries_total", {"outcome": name}) or 0.0


def test_sent_and_failed_deliveries_are_counted(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    add_device(pushing, user, "tablet")
    pushing.set_status("tablet", 403)
    sent, failed = outcome("sent"), outcome("failed")
    send([user])
    counts = run_once(now=NOON)
    assert counts["sent"] == 1 and counts["failed"] == 1
    assert (outcome("sent") - sent, outcome("failed") - failed) == (1, 1)


def test_queue_depth_and_age_come_from_the_table(app, pushing):
    registry = CollectorRegistry()
    registry.register(metrics.QueueCollector(app))
    assert registry.get_sample_value("nextwork_push_queue_deliveries") == 0
    assert registry.get_sample_value("nextwork_push_queue_oldest_age_seconds") == 0
    user = make_user()
    add_device(pushing, user, "phone")
    add_device(pushing, user, "tablet")
    send([user])
    rows = list(db.session.scalars(db.select(Delivery).order_by(Delivery.id)))
    now = metrics.utcnow()
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == rows[0].id)
        .values(created_at=now - timedelta(minutes=10), not_before=now - timedelta(minutes=9))
    )
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == rows[1].id)
        .values(created_at=now - timedelta(minutes=1), not_before=now + timedelta(hours=1))
    )
    db.session.commit()

    assert registry.get_sample_value("nextwork_push_queue_query_ok") == 1
    assert registry.get_sample_value("nextwork_push_queue_deliveries") == 2
    assert registry.get_sample_value("nextwork_push_queue_due_deliveries") == 1  # the other waits an hour
    assert 600 <= registry.get_sample_value("nextwork_push_queue_oldest_age_seconds") < 660
    assert 540 <= registry.get_sample_value("nextwork_push_queue_oldest_due_wait_seconds") < 600


def test_the_worker_serves_its_metrics_on_its_own_port(app, db):  # noqa: ANN001
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, thread = metrics.serve(app, f"127.0.0.1:{port}")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            body = response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert 'nextwork_push_deliveries_total{outcome="sent"}' in body
    assert 'nextwork_push_deliveries_total{outcome="failed"}' in body
    assert "nextwork_push_queue_deliveries 0.0" in body
    assert "nextwork_push_queue_query_ok 1.0" in body
    assert "process_cpu_seconds_total" in body
    assert "nextwork_http_request" not in body  # the web app's metrics are the web app's

"""Two workers on PostgreSQL drain 2,000 deliveries at the same time: each is sent exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.notifications.models import Delivery, Kind
from app.notifications.services import notify
from app.notifications.worker import run_once, stats
from tests.conftest import is_postgres
from tests.factories import make_user
from tests.push.helpers import NOON, add_device

DEVICES = 20
PER_DEVICE = 100


@pytest.mark.skipif(not is_postgres(), reason="several workers at once need PostgreSQL (SKIP LOCKED)")
def test_two_workers_drain_2000_deliveries_each_exactly_once(app, db, push_service, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (push_service.origin,))
    monkeypatch.setitem(app.config, "PUSH_BATCH", 50)  # many small claims, so the two workers interleave
    users = [make_user() for _ in range(DEVICES)]
    for n, user in enumerate(users):
        add_device(push_service, user, f"phone{n}")
    for n in range(PER_DEVICE):
        notify([u.id for u in users], Kind.GROUP_MESSAGE, url="/inbox", object_id=n, now=NOON)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == DEVICES * PER_DEVICE

    barrier = threading.Barrier(2)
    results: dict[str, dict[str, int]] = {}
    errors: list[BaseException] = []

    def work(worker_id: str) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                results[worker_id] = run_once(now=NOON, worker_id=worker_id)
                _db.session.remove()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("worker-a", "worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors

    assert results["worker-a"]["sent"] + results["worker-b"]["sent"] == DEVICES * PER_DEVICE
    assert results["worker-a"]["sent"] > 0 and results["worker-b"]["sent"] > 0, results
    assert push_service.rejected() == []
    messages = push_service.delivered()
    assert len(messages) == DEVICES * PER_DEVICE
    assert Counter(m.subscription for m in messages) == {f"phone{n}": PER_DEVICE for n in range(DEVICES)}
    assert len({m.json()["id"] for m in messages}) == DEVICES * PER_DEVICE
    assert stats()["sent"] == DEVICES * PER_DEVICE and stats()["queued"] == 0
    workers = Counter(db.session.scalars(select(Delivery.worker)))
    assert set(workers) == {"worker-a", "worker-b"}

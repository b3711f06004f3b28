"""A worker that dies after claiming a batch loses nothing: after the lease another worker sends those deliveries,
each exactly once; and a worker that lost its lease cannot overwrite what the other one recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import utcnow
from app.extensions import db as _db
from app.notifications.batch import prepare, record
from app.notifications.cli import ONE_WORKER
from app.notifications.models import Delivery, DeliveryStatus
from app.notifications.sender import Outcome, Result
from app.notifications.worker import claim, run_once
from tests.conftest import is_postgres
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, deliveries, send

ROOT = Path(__file__).resolve().parents[2]
SECOND = timedelta(seconds=1)


def _devices(service, count: int) -> list:  # noqa: ANN001
    users = [make_user() for _ in range(count)]
    for n, user in enumerate(users):
        add_device(service, user, f"phone{n}")
    return users


def test_a_batch_claimed_by_a_dead_worker_is_sent_by_another_after_the_lease(app, pushing):
    send(_devices(pushing, 5))
    lease = app.config["PUSH_LEASE"]
    assert len(claim("A", 100, NOON)) == 5  # … and worker A is killed here

    assert run_once(now=NOON + lease - SECOND, worker_id="B")["claimed"] == 0
    assert pushing.messages == []

    assert run_once(now=NOON + lease + SECOND, worker_id="B")["sent"] == 5
    assert run_once(now=NOON + timedelta(days=1), worker_id="C")["claimed"] == 0
    assert pushing.rejected() == []
    assert sorted(m.subscription for m in pushing.delivered()) == [f"phone{n}" for n in range(5)]
    assert {(d.status, d.worker) for d in deliveries()} == {(DeliveryStatus.SENT, "B")}


def test_a_worker_that_lost_its_lease_changes_nothing(app, pushing):
    send(_devices(pushing, 2))
    pushing.queue_statuses("phone1", [503])
    ids = claim("A", 100, NOON)
    prepared = prepare(ids, NOON)
    counts = run_once(now=NOON + app.config["PUSH_LEASE"] + SECOND, worker_id="B")
    assert counts["sent"] == 1 and counts["retried"] == 1
    before = {(d.id, d.status, d.last_status, d.attempts, d.not_before) for d in deliveries()}

    late = [Result(job.delivery_id, job.subscription_id, Outcome.FAILED, 403) for job in prepared.jobs]
    counts = record("A", prepared, late, NOON + SECOND)

    assert counts["failed"] == 0
    assert {(d.id, d.status, d.last_status, d.attempts, d.not_before) for d in deliveries()} == before


def test_two_claims_at_once_never_share_a_delivery(app, pushing):
    send(_devices(pushing, 6))
    first = claim("A", 4, NOON)
    second = claim("B", 4, NOON)
    assert len(first) == 4 and len(second) == 2 and not set(first) & set(second)


# --- the real thing: `flask push work` in a subprocess, SIGKILLed right after it claimed a batch ------------------


@pytest.fixture
def worker_process(database_url, pushing) -> Iterator:  # noqa: ANN001
    started: list[subprocess.Popen] = []

    def start(*args: str, hang: bool = False) -> subprocess.Popen:
        env = {**os.environ, "NW_TEST_DATABASE": database_url, "NW_PUSH_ORIGINS": pushing.origin}
        if hang:
            env["NW_PUSH_HANG"] = "1"
        command = [sys.executable, "-m", "flask", "--app", "tests.push.worker_app:create", "push", "work", *args]
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()


def _wait_until(condition, what: str, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _leased() -> int:
    _db.session.rollback()  # a fresh snapshot each time
    return _db.session.scalar(select(func.count()).where(Delivery.lease_until.is_not(None))) or 0


def test_a_killed_worker_process_loses_nothing(app, pushing, worker_process):
    send(_devices(pushing, 4))
    proc = worker_process("--poll", "0.2", hang=True)
    _wait_until(lambda: _leased() == 4 or proc.poll() is not None, "the worker to claim the batch")
    assert proc.poll() is None, proc.stdout.read()
    if not is_postgres():  # while it lives, a second worker on the same SQLite database is refused
        second = app.test_cli_runner().invoke(args=["push", "work", "--once"])
        assert second.exit_code == 1 and ONE_WORKER in second.output
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert pushing.messages == []

    claimed_at = utcnow()
    assert run_once(now=claimed_at, worker_id="B")["claimed"] == 0  # its lease still holds them
    counts = run_once(now=claimed_at + app.config["PUSH_LEASE"] + SECOND, worker_id="B")
    assert counts["sent"] == 4
    assert sorted(m.subscription for m in pushing.delivered()) == [f"phone{n}" for n in range(4)]
    assert pushing.rejected() == []


def test_the_worker_loop_delivers_and_stops_cleanly_on_sigterm(app, pushing, worker_process):
    send(_devices(pushing, 3))
    proc = worker_process("--poll", "0.2")
    pushing.wait_for(3, timeout=60)
    _wait_until(lambda: _leased() == 0, "the results to be written")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, proc.stdout.read()
    assert "Push worker running" in proc.stdout.read()
    assert {d.status for d in deliveries()} == {DeliveryStatus.SENT}
    assert len(pushing.delivered()) == 3


def test_deliveries_a_worker_has_no_time_left_for_go_back_to_the_queue(app, pushing, monkeypatch):
    send(_devices(pushing, 3))
    monkeypatch.setitem(app.config, "PUSH_LEASE", timedelta(0))  # no time to start any request
    counts = run_once(now=NOON, worker_id="A")
    assert counts["claimed"] == counts["released"] == 3 and pushing.messages == []
    assert {(d.status, d.lease_until, d.attempts) for d in deliveries()} == {(DeliveryStatus.QUEUED, None, 0)}
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (pushing.origin,))
    assert run_once(now=NOON, worker_id="B")["sent"] == 3

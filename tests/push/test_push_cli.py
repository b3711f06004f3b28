"""`flask push work --once`, `flask push stats`, and one worker at a time on SQLite."""

from __future__ import annotations

import pytest

from app.notifications.cli import ONE_WORKER, lock_path, single_worker
from app.notifications.models import DeliveryStatus
from app.notifications.worker import run_once, stats
from tests.conftest import is_postgres
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, deliveries, send


def test_work_once_sends_what_is_due_and_exits_0(app, pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user])
    result = app.test_cli_runner().invoke(args=["push", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent=1" in result.output
    assert len(pushing.delivered("phone")) == 1 and pushing.rejected() == []


def test_work_once_with_nothing_to_do_exits_0(app, db):
    result = app.test_cli_runner().invoke(args=["push", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "claimed=0" in result.output


def test_stats_counts_deliveries_by_status(app, pushing):
    users = [make_user() for _ in range(4)]
    for n, user in enumerate(users):
        add_device(pushing, user, f"phone{n}")
    pushing.set_status("phone0", 403)
    send(users)
    run_once(now=NOON)
    send(users[:2], object_id=2)  # two more, still queued
    expected = {"queued": 2, "sent": 3, "failed": 1, "expired": 0, "withdrawn": 0}
    assert stats() == expected
    result = app.test_cli_runner().invoke(args=["push", "stats"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split() for line in result.output.splitlines())
    assert {status: int(count) for status, count in lines.items()} == expected
    assert len(deliveries()) == 6 and {d.status for d in deliveries()} >= {DeliveryStatus.QUEUED}


@pytest.mark.skipif(is_postgres(), reason="the single-worker lock is for SQLite")
def test_a_second_worker_on_sqlite_is_refused(app, db):
    with single_worker():
        result = app.test_cli_runner().invoke(args=["push", "work", "--once"])
    assert result.exit_code == 1
    assert ONE_WORKER in result.output
    assert app.test_cli_runner().invoke(args=["push", "work", "--once"]).exit_code == 0  # the lock was released


@pytest.mark.skipif(is_postgres(), reason="the single-worker lock is for SQLite")
def test_the_sqlite_lock_file_is_next_to_the_database(app):
    with app.app_context():
        database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        assert str(lock_path()) == database + ".push-worker.lock"


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL workers share the queue")
def test_workers_on_postgresql_take_no_lock(app, db):
    assert lock_path() is None
    with single_worker():
        assert app.test_cli_runner().invoke(args=["push", "work", "--once"]).exit_code == 0

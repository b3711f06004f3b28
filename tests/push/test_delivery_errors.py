"""What the worker does with each kind of answer: 404/410 forget that device, 429/5xx/network errors retry later
(honouring Retry-After, backing off, giving up after PUSH_MAX_ATTEMPTS), other 4xx and redirects fail for good."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.notifications.models import DeliveryStatus, PushSubscription
from app.notifications.sender import parse_retry_after, retry_delay
from app.notifications.subscriptions import parse_subscription, subscribe
from app.notifications.worker import run_once
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, deliveries, send, subscription_ids

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_device_is_deleted_and_only_that_one(db, pushing, status):
    user, other = make_user(), make_user()
    gone = add_device(pushing, user, "old-phone").id
    kept = add_device(pushing, user, "new-phone").id
    others = add_device(pushing, other, "other-phone").id
    pushing.set_status("old-phone", status)
    send([user, other])

    counts = run_once(now=NOON)

    assert counts["gone"] == 1 and counts["sent"] == 2 and counts["failed"] == 1
    assert subscription_ids() == {kept, others}
    by_status = {d.status: d for d in deliveries()}
    failed = by_status[DeliveryStatus.FAILED]
    assert failed.last_status == status and failed.subscription_id is None
    assert db.session.get(PushSubscription, gone) is None
    assert len(pushing.delivered("new-phone")) == len(pushing.delivered("other-phone")) == 1


def test_429_with_retry_after_is_retried_no_sooner(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    pushing.queue_statuses("phone", [(429, 30)])
    send([user])

    assert run_once(now=NOON)["retried"] == 1
    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status) == (DeliveryStatus.QUEUED, 1, 429)
    assert NOON + 30 * SECOND <= delivery.not_before < NOON + 31 * SECOND  # counted from the answer

    assert run_once(now=NOON + 29 * SECOND)["claimed"] == 0
    assert len(pushing.messages) == 1
    assert run_once(now=NOON + 31 * SECOND)["sent"] == 1
    assert len(pushing.delivered("phone")) == 1 and deliveries()[0].attempts == 2


def test_retry_after_counts_from_the_answer_not_from_the_claim(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    pushing.queue_statuses("phone", [(429, 30)])
    pushing.latency = 1.5  # a slow push service: the answer comes 1.5 s after the batch was claimed
    send([user])
    assert run_once(now=NOON)["retried"] == 1
    pushing.latency = 0
    assert deliveries()[0].not_before >= NOON + 31.5 * SECOND
    assert run_once(now=NOON + 31 * SECOND)["claimed"] == 0
    assert run_once(now=NOON + 32 * SECOND)["sent"] == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_back_off_exponentially_then_fail(app, pushing, status):
    user = make_user()
    device = add_device(pushing, user, "phone")
    pushing.set_status("phone", status)
    send([user])
    max_attempts = app.config["PUSH_MAX_ATTEMPTS"]
    now, waits = NOON, []
    for _ in range(max_attempts - 1):
        assert run_once(now=now)["retried"] == 1
        delivery = deliveries()[0]
        waits.append(delivery.not_before - now)
        assert run_once(now=delivery.not_before - SECOND)["claimed"] == 0
        now = delivery.not_before
    assert run_once(now=now)["failed"] == 1
    assert [w // SECOND for w in waits] == [10 * 2**n for n in range(max_attempts - 1)]
    assert deliveries()[0].status == DeliveryStatus.FAILED and deliveries()[0].attempts == max_attempts
    assert len(pushing.messages) == max_attempts
    assert run_once(now=now + timedelta(days=1))["claimed"] == 0
    assert device.id in subscription_ids()


def test_retry_after_is_capped(app, pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    pushing.queue_statuses("phone", [(503, 999_999)])
    send([user])
    run_once(now=NOON)
    cap = app.config["PUSH_RETRY_CAP"]
    assert NOON + cap <= deliveries()[0].not_before < NOON + cap + SECOND  # the cap, from the answer


def test_403_fails_for_good_and_keeps_the_device_and_logs_no_secrets(pushing, caplog):
    user = make_user()
    device = add_device(pushing, user, "phone")
    pushing.set_status("phone", 403)
    send([user])
    with caplog.at_level(logging.INFO), caplog.at_level(logging.DEBUG, logger="app"):
        counts = run_once(now=NOON)
    assert counts["failed"] == 1 and counts["retried"] == 0
    assert deliveries()[0].status == DeliveryStatus.FAILED and deliveries()[0].last_status == 403
    assert run_once(now=NOON + timedelta(days=1))["claimed"] == 0
    assert len(pushing.messages) == 1
    assert device.id in subscription_ids()
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("app") or r.levelno >= logging.INFO)
    assert "403" in logged
    for secret in (device.endpoint, device.p256dh, device.auth, "phone", pushing.origin):
        assert secret not in logged


def test_a_push_service_that_cannot_be_reached_is_retried(app, pushing, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (pushing.origin, closed))
    info = pushing.new_subscription("phone")
    user = make_user()
    subscribe(user, parse_subscription({**info, "endpoint": f"{closed}/push/phone"}), login_session_id=None)
    send([user])
    assert run_once(now=NOON)["retried"] == 1
    assert deliveries()[0].last_status is None and deliveries()[0].attempts == 1


def test_a_push_service_that_does_not_answer_times_out_and_is_retried(app, pushing, monkeypatch):
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        origin = f"http://127.0.0.1:{silent.getsockname()[1]}"
        monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (pushing.origin, origin))
        monkeypatch.setitem(app.config, "PUSH_TIMEOUT", 0.3)
        info = pushing.new_subscription("phone")
        user = make_user()
        subscribe(user, parse_subscription({**info, "endpoint": f"{origin}/push/phone"}), login_session_id=None)
        send([user])
        assert run_once(now=NOON)["retried"] == 1


@pytest.fixture
def redirector(pushing) -> Iterator[str]:
    """A server that answers every push with a redirect to the real push service."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(307)
            self.send_header("Location", f"{pushing.base_url}{self.path}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_redirect_is_not_followed_and_not_retried(app, pushing, redirector, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (pushing.origin, redirector))
    info = pushing.new_subscription("phone")
    user = make_user()
    subscribe(user, parse_subscription({**info, "endpoint": f"{redirector}/push/phone"}), login_session_id=None)
    send([user])
    counts = run_once(now=NOON)
    assert counts["failed"] == 1 and counts["retried"] == 0
    assert pushing.messages == []  # the message never reached the address it was redirected to


def test_retry_after_is_read_as_seconds_or_an_http_date():
    now = datetime(2025, 3, 4, 11, 0, tzinfo=UTC)
    assert parse_retry_after("30", now.timestamp()) == 30
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now.timestamp()) == 90
    assert parse_retry_after(format_datetime(now - timedelta(seconds=90), usegmt=True), now.timestamp()) == 0
    assert parse_retry_after("soon", now.timestamp()) is None
    assert parse_retry_after(None) is None


def test_the_wait_is_at_least_retry_after_at_least_the_backoff_and_at_most_the_cap():
    cap = timedelta(hours=1)
    assert retry_delay(1, None, cap) == timedelta(seconds=10)
    assert retry_delay(3, None, cap) == timedelta(seconds=40)
    assert retry_delay(3, 100, cap) == timedelta(seconds=100)
    assert retry_delay(3, 5, cap) == timedelta(seconds=40)
    assert retry_delay(30, None, cap) == cap
    assert retry_delay(1, 10**9, cap) == cap


def test_retries_of_one_batch_are_written_together_each_with_its_own_wait_and_status(db, pushing):
    """record() writes all of a batch's retries in one UPDATE; each row still gets the wait counted from its own
    answer and its own status, and a delivery another worker took over in the meantime is left alone."""
    from app.notifications.batch import prepare, record
    from app.notifications.models import Delivery
    from app.notifications.sender import Outcome, Result
    from app.notifications.worker import claim

    users = [make_user() for _ in range(4)]
    for n, user in enumerate(users):
        add_device(pushing, user, f"phone{n}")
    send(users)
    ids = claim("A", 100, NOON)
    prepared = prepare(ids, NOON)
    jobs = {job.delivery_id: job for job in prepared.jobs}
    first, second, third, taken = ids
    db.session.get(Delivery, taken).worker = "B"  # A's lease ran out and B claimed this one
    db.session.commit()
    answers = {
        first: Result(first, jobs[first].subscription_id, Outcome.RETRY, 429, 30.0, answered_after=0.5),
        second: Result(second, jobs[second].subscription_id, Outcome.RETRY, 503, None, answered_after=1.0),
        third: Result(third, jobs[third].subscription_id, Outcome.RETRY, None, None, answered_after=2.0),
        taken: Result(taken, jobs[taken].subscription_id, Outcome.RETRY, 429, 60.0, answered_after=0.1),
    }

    counts = record("A", prepared, list(answers.values()), NOON)

    assert counts["retried"] == 3
    rows = {d.id: d for d in deliveries()}
    expected = {
        first: (NOON + 30.5 * SECOND, 429),
        second: (NOON + 11 * SECOND, 503),
        third: (NOON + 12 * SECOND, None),
    }
    for delivery_id, (not_before, status) in expected.items():
        row = rows[delivery_id]
        assert (row.status, row.not_before, row.last_status) == (DeliveryStatus.QUEUED, not_before, status)
        assert (row.attempts, row.lease_until, row.worker) == (1, None, "A")
    untouched = rows[taken]
    assert (untouched.worker, untouched.attempts, untouched.last_status, untouched.not_before) == ("B", 0, None, NOON)

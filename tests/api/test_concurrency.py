"""The queue resends: twenty identical requests with one idempotency key arrive at the same moment
(threads behind a barrier, each a full HTTP request with its own cookie jar); exactly one has an
effect. Runs on SQLite and on PostgreSQL (DB_UNDER_TEST=postgresql+psycopg://...)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.idempotency import IdempotencyKey
from app.meetings.models import Rsvp
from app.placements.models import Assignment, HoursChange, PlacementChange
from app.reflections.models import Reflection
from tests.api.conftest import new_key, send

THREADS = 20


def _at_once(app, clients, url: str, body: dict, key: str) -> list[tuple[int, dict]]:  # noqa: ANN001
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def run(client) -> None:  # noqa: ANN001
        try:
            barrier.wait(timeout=30)
            response = send(client, url, body, key=key)
            result = (response.status_code, response.get_json() or {})
        except Exception as error:  # noqa: BLE001 - reported below, never swallowed
            result = (-1, {"exception": repr(error)})
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(clients), "a request hung"
    return results


@pytest.fixture
def clients(app, db, login_as, world):  # noqa: ANN001
    """Twenty logged-in devices of the member, each with its CSRF token already read."""
    made = []
    for _ in range(THREADS):
        client = app.test_client()
        login_as(client, world.member)
        send(client, "/api/reflections", {}, key=None)  # reads and caches the CSRF token (answers 400)
        made.append(client)
    _ids = (world.member.id, world.meeting.id, world.assignment.id)  # loaded before the session goes
    _db.session.remove()
    return made


def _count(model, *where) -> int:  # noqa: ANN001
    _db.session.remove()
    return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_twenty_identical_reflections_make_one(app, db, world, clients):
    results = _at_once(app, clients, "/api/reflections", {"text": "Jeg lærte kassen i dag."}, new_key())
    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 1, 200: THREADS - 1}, results[:3]
    ids = {body["id"] for _, body in results}
    assert len(ids) == 1 and None not in ids
    assert sum(1 for status, body in results if status == 200 and body.get("duplicate")) == THREADS - 1
    assert _count(Reflection, Reflection.author_id == world.member.id) == 1
    assert _count(IdempotencyKey, IdempotencyKey.scope == "reflections.write") == 1


def test_twenty_identical_rsvps_answer_once(app, db, world, clients):
    url = f"/api/meetings/{world.meeting.id}/rsvp"
    results = _at_once(app, clients, url, {"answer": "no", "reason": "Tandlæge"}, new_key())
    assert {status for status, _ in results} == {200}, results[:3]
    assert sum(1 for _, body in results if not body.get("duplicate")) == 1
    assert _count(Rsvp, Rsvp.meeting_id == world.meeting.id) == 1
    assert _count(IdempotencyKey, IdempotencyKey.scope == "meetings.rsvp") == 1


def test_twenty_identical_hour_changes_change_once(app, db, world, clients):
    url = f"/api/placements/assignments/{world.assignment.id}/hours"
    results = _at_once(app, clients, url, {"hours": 15, "effective": world.effective}, new_key())
    # Without the key, nineteen would get 422 "That is the number of hours you already have."
    assert {status for status, _ in results} == {200}, results[:3]
    assert sum(1 for _, body in results if not body.get("duplicate")) == 1
    assert _count(HoursChange, HoursChange.assignment_id == world.assignment.id) == 2  # the start, and this one
    assert _count(PlacementChange, PlacementChange.assignment_id == world.assignment.id) == 2
    assert _db.session.get(Assignment, world.assignment.id).weekly_hours == 15

"""Thirty people tap "Sign me up" at the same moment for five places: exactly five get one.

Runs on SQLite by default and on PostgreSQL with DB_UNDER_TEST=postgresql+psycopg://...
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.errors import DomainError
from app.events import services
from app.events.models import EventSignup, MatchEvent
from app.extensions import db as _db
from tests.factories import make_event, make_municipality, make_user

THREADS = 30
CAPACITY = 5


def test_concurrent_signups_never_exceed_the_capacity(app, db):
    town = make_municipality()
    event_id = make_event(town, capacity=CAPACITY).id
    user_ids = [make_user(Role.PARTICIPANT, town, password=None).id for _ in range(THREADS)]
    _db.session.remove()
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def tap(user_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            with app.app_context():
                user = _db.session.get(User, user_id)
                event = _db.session.get(MatchEvent, event_id)
                try:
                    outcome = "in" if services.sign_up(user, event) else "again"
                except DomainError:
                    outcome = "full"
        except Exception as error:  # noqa: BLE001 - reported below, never swallowed
            outcome = f"error: {error!r}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=tap, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    errors = [outcome for outcome in outcomes if outcome.startswith("error")]
    assert not errors, errors[:3]
    assert outcomes.count("in") == CAPACITY and outcomes.count("full") == THREADS - CAPACITY
    rows = db.session.scalar(select(func.count()).select_from(EventSignup).where(EventSignup.event_id == event_id))
    assert rows == CAPACITY
    assert db.session.get(MatchEvent, event_id).signups == CAPACITY

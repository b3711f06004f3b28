"""Helpers for the placement tests: keys, dates, a snapshot of everything the services write, and
a runner that starts many service calls at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from uuid import uuid4

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db
from app.idempotency import KEY_SHAPE, IdempotencyKey
from app.placements import services
from app.placements.models import Assignment, AssignmentStatus, HoursChange, Placement, PlacementChange
from tests.factories import make_user


def new_key() -> str:
    key = uuid4().hex
    assert KEY_SHAPE.match(key)
    return key


def day(offset: int) -> date:
    """Today (as the services see it) plus `offset` days."""
    return services.today() + timedelta(days=offset)


def participant(town) -> User:  # noqa: ANN001
    return make_user(Role.PARTICIPANT, town, password=None, language="en")


def state() -> dict:
    """Everything the placement services write, read back after a commit: a DomainError must leave
    nothing behind in the session that a later commit in the same request would write."""
    db.session.commit()
    return {
        "placements": db.session.execute(select(Placement.id, Placement.taken).order_by(Placement.id)).all(),
        "assignments": db.session.execute(
            select(
                Assignment.id, Assignment.status, Assignment.weekly_hours, Assignment.end_date, Assignment.lesson
            ).order_by(Assignment.id)
        ).all(),
        "hours_changes": db.session.scalar(select(func.count()).select_from(HoursChange)),
        "placement_changes": db.session.scalar(select(func.count()).select_from(PlacementChange)),
        "keys": db.session.scalar(select(func.count()).select_from(IdempotencyKey)),
    }


def active_count(placement_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.placement_id == placement_id, Assignment.status == AssignmentStatus.ACTIVE)
    )


def taken(placement_id: int) -> int:
    return db.session.scalar(select(Placement.taken).where(Placement.id == placement_id))


class Outcome:
    """What one thread got: "ok", or the exception's type name and message."""

    def __init__(self, kind: str, message: str = "", field: str | None = None) -> None:
        self.kind, self.message, self.field = kind, message, field

    def __repr__(self) -> str:
        return f"Outcome({self.kind!r}, {self.message!r}, field={self.field!r})"


def at_once(app: Flask, calls: list[Callable[[], object]]) -> list[Outcome]:
    """Run every call in its own thread and its own (English) request context, all released by one
    barrier. Every exception is caught and returned as an Outcome, so nothing escapes unseen."""
    db.session.remove()
    barrier = threading.Barrier(len(calls))
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            with app.test_request_context("/?lang=en"):
                try:
                    call()
                    outcome = Outcome("ok")
                finally:
                    db.session.remove()
        except DomainError as error:
            outcome = Outcome("DomainError", error.message, error.field)
        except BaseException as error:  # noqa: BLE001 - every other type is returned and asserted on
            outcome = Outcome(type(error).__name__, repr(error))
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == len(calls), "a thread hung"
    return outcomes

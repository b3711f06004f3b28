"""The waiting list under concurrency, on SQLite and PostgreSQL (DB_UNDER_TEST=postgresql+psycopg://...): two seats
free up at the same moment while ten people wait and others try to grab them; each seat is offered to exactly one
person, in the order they joined; the holds run out (three workers expiring them at once) and go to exactly the
next two; the held seats are taken by those two and nobody else; no seat is ever oversold."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.db import utcnow
from app.extensions import db
from app.notifications.models import Kind, Notification
from app.placements import services, waitlist
from app.placements.models import Assignment, Placement, WaitlistEntry, WaitStatus
from tests.factories import make_municipality, make_placement
from tests.placements.support import at_once, day, new_key, participant

SEATS = 2
WAITING = 10
OUTSIDERS = 3


def _end(user_id: int, assignment_id: int):  # noqa: ANN202
    def call() -> None:
        services.end(db.session.get(User, user_id), db.session.get(Assignment, assignment_id), last_day=day(0),
                     reason="")  # fmt: skip

    return call


def _choose(user_id: int, placement_id: int):  # noqa: ANN202
    def call() -> None:
        services.choose(db.session.get(User, user_id), db.session.get(Placement, placement_id), start=day(1),
                        hours=10, key=new_key())  # fmt: skip

    return call


def _expire(moment):  # noqa: ANN001, ANN202
    def call() -> None:
        waitlist.expire_holds(moment)

    return call


def _line(placement_id: int) -> list[WaitStatus]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(WaitlistEntry.status)
            .where(WaitlistEntry.placement_id == placement_id)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )


def _seats(placement_id: int) -> tuple[int, int, int]:
    db.session.expire_all()
    placement = db.session.get(Placement, placement_id)
    return placement.seats, placement.taken, placement.held


def _offers(user_ids: list[int]) -> Counter:
    rows = db.session.scalars(select(Notification.user_id).where(Notification.kind == Kind.SEAT_OFFERED)).all()
    return Counter(user_ids.index(user_id) for user_id in rows)


def _sound(placement_id: int) -> None:
    """The invariants: never oversold, and every held seat belongs to exactly one offered person."""
    seats, taken, held = _seats(placement_id)
    offered = db.session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(WaitlistEntry.placement_id == placement_id, WaitlistEntry.status == WaitStatus.OFFERED)
    )
    active = db.session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.placement_id == placement_id, Assignment.status == "active")  # fmt: skip
    )
    assert taken + held <= seats and held == offered and taken == active, (seats, taken, held, offered, active)


def test_two_seats_free_at_once_with_ten_waiting(app: Flask) -> None:
    town = make_municipality()
    placement_id = make_placement(town, seats=SEATS).id
    holders = [participant(town) for _ in range(SEATS)]
    assignments = [
        services.choose(h, db.session.get(Placement, placement_id), start=day(0), hours=10, key=new_key()).id
        for h in holders
    ]
    waiting = [participant(town).id for _ in range(WAITING)]
    start = utcnow()
    for index, user_id in enumerate(waiting):  # in line in this order
        waitlist.join(db.session.get(User, user_id), db.session.get(Placement, placement_id),
                      now=start + timedelta(milliseconds=index))  # fmt: skip
    outsiders = [participant(town).id for _ in range(OUTSIDERS)]
    assert _line(placement_id) == [WaitStatus.WAITING] * WAITING

    # 1. Both holders stop at the same moment, while outsiders try to choose the placement.
    outcomes = at_once(
        app,
        [_end(h.id, a) for h, a in zip(holders, assignments, strict=True)]
        + [_choose(user_id, placement_id) for user_id in outsiders],
    )
    assert Counter(o.kind for o in outcomes) == {"ok": SEATS, "DomainError": OUTSIDERS}, outcomes
    assert _line(placement_id) == [WaitStatus.OFFERED] * 2 + [WaitStatus.WAITING] * 8  # the first two, in order
    assert _seats(placement_id) == (SEATS, 0, SEATS)
    assert _offers(waiting) == {0: 1, 1: 1}  # each told exactly once
    _sound(placement_id)

    # 2. The holds run out; three workers expire them at the same moment: each goes to exactly one next person.
    later = utcnow() + waitlist.HOLD + timedelta(seconds=1)
    outcomes = at_once(app, [_expire(later) for _ in range(3)])
    assert Counter(o.kind for o in outcomes) == {"ok": 3}, outcomes
    assert _line(placement_id) == [WaitStatus.EXPIRED] * 2 + [WaitStatus.OFFERED] * 2 + [WaitStatus.WAITING] * 6
    assert _offers(waiting) == {0: 1, 1: 1, 2: 1, 3: 1}
    _sound(placement_id)

    # 3. The two with held seats, the next one waiting and the outsiders all choose at once: the held seats go to
    # the two they are held for, and nobody else gets in.
    racers = [waiting[2], waiting[3], waiting[4], *outsiders]
    outcomes = at_once(app, [_choose(user_id, placement_id) for user_id in racers])
    assert Counter(o.kind for o in outcomes) == {"ok": 2, "DomainError": len(racers) - 2}, outcomes
    db.session.expire_all()
    in_it = set(db.session.scalars(select(Assignment.user_id).where(Assignment.placement_id == placement_id,
                                                                     Assignment.status == "active")))  # fmt: skip
    assert in_it == {waiting[2], waiting[3]}, outcomes
    assert _line(placement_id) == [WaitStatus.EXPIRED] * 2 + [WaitStatus.TOOK] * 2 + [WaitStatus.WAITING] * 6
    assert _seats(placement_id) == (SEATS, SEATS, 0)
    _sound(placement_id)

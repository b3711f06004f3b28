"""Waiting lists for full placements: "tell me when a seat is free".

When a seat frees, it is held for the first person in line for HOLD (Placement.held), and they are told
(signals.seat_offered). They take it by choosing the placement; if they say no thanks or the hold runs out, the
seat is held for the next in line; with nobody waiting it is free for everyone again.

Seat-safe on SQLite and PostgreSQL alike, the way seats already are (placements.seats): every step is a
conditional UPDATE whose row count says whether it happened, and a placement's offers are made after an UPDATE of
its row, so two seats freed at once (two transactions) go to two different people, in order of joining:
PostgreSQL makes the second wait for the first's row lock and its next statement sees the first's offer; SQLite
has one writer at a time. The CHECK "taken + held <= seats" backs it up in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app import signals
from app.accounts.models import Role, User
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.extensions import db
from app.placements.models import Assignment, AssignmentStatus, Placement, WaitlistEntry, WaitStatus
from app.transaction import transaction, transactional

HOLD = timedelta(hours=24)  # how long a freed seat waits for the person it is offered to
OPEN = (WaitStatus.WAITING, WaitStatus.OFFERED)


def _held(placement_id: int, change: int) -> int:
    """Hold one more seat (change 1: only if one is free) or give one back (change -1). Rows changed: 0 or 1."""
    stmt = update(Placement).where(Placement.id == placement_id)
    if change > 0:
        stmt = stmt.where(Placement.is_open.is_(True), Placement.taken + Placement.held < Placement.seats)
    else:
        stmt = stmt.where(Placement.held > 0)
    result = db.session.execute(stmt.values(held=Placement.held + change).execution_options(synchronize_session=False))
    return affected_rows(result)


def offer_free_seats(placement_id: int, now: datetime | None = None) -> list[WaitlistEntry]:
    """While the placement has a free seat and someone waits, hold a seat for the first in line and tell them.

    Part of the caller's transaction (it does not commit). Call it whenever a seat may have become free.
    """
    now = now or utcnow()
    offered: list[WaitlistEntry] = []
    while _held(placement_id, 1):  # the UPDATE also takes the placement's row lock: offers go one at a time
        first = db.session.scalar(
            select(WaitlistEntry)
            .where(WaitlistEntry.placement_id == placement_id, WaitlistEntry.status == WaitStatus.WAITING)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            .limit(1)
        )
        if first is None:
            _held(placement_id, -1)  # nobody waits: the seat is free for everyone
            break
        taken = db.session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.id == first.id, WaitlistEntry.status == WaitStatus.WAITING)
            .values(status=WaitStatus.OFFERED, offered_at=now, hold_until=now + HOLD)
            .execution_options(synchronize_session=False)
        )
        if affected_rows(taken) != 1:  # they left the line this very moment: the seat goes to the next
            _held(placement_id, -1)
            continue
        db.session.refresh(first)
        offered.append(first)
        signals.seat_offered.send(entry=first)
    return offered


def open_entry(user: User, placement: Placement) -> WaitlistEntry | None:
    """The person's place in the placement's line, or their held seat (one query)."""
    return db.session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.placement_id == placement.id,
            WaitlistEntry.user_id == user.id,
            WaitlistEntry.status.in_(OPEN),
        )
    )


def valid_offer(user: User, placement: Placement, now: datetime | None = None) -> WaitlistEntry | None:
    """The seat held for the person in this placement, if the hold has not run out."""
    entry = open_entry(user, placement)
    now = now or utcnow()
    if entry is None or entry.status is not WaitStatus.OFFERED or entry.hold_until is None or entry.hold_until <= now:
        return None
    return entry


@dataclass
class Place:
    """Where the person stands: in line (number `position`), or with a seat held until `hold_until`."""

    entry: WaitlistEntry
    position: int

    @property
    def offered(self) -> bool:
        return self.entry.status is WaitStatus.OFFERED


def place_of(user: User, placement: Placement) -> Place | None:
    """The person's place in the placement's line (two queries), or None when they are not on it."""
    entry = open_entry(user, placement)
    if entry is None:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(
            WaitlistEntry.placement_id == placement.id,
            WaitlistEntry.status == WaitStatus.WAITING,
            (WaitlistEntry.created_at < entry.created_at)
            | ((WaitlistEntry.created_at == entry.created_at) & (WaitlistEntry.id < entry.id)),
        )
    )
    return Place(entry, int(ahead or 0) + 1)


@transactional
def join(user: User, placement: Placement, now: datetime | None = None) -> WaitlistEntry:
    """Line up for a seat in a full placement. Raises DomainError when there is a free seat (choose it instead),
    the placement is closed or of another municipality, or the person is in it or in line already."""
    if user.role is not Role.PARTICIPANT or placement.municipality_id != user.municipality_id:
        raise DomainError(None, _("Only participants of the municipality can choose placements."))
    db.session.refresh(placement)
    if not placement.is_open:
        raise DomainError(None, _("This placement is closed right now."))
    if placement.free > 0:
        raise DomainError(None, _("There is a free seat: you can choose the placement now."))
    active = db.session.scalar(
        select(Assignment.id).where(
            Assignment.user_id == user.id,
            Assignment.placement_id == placement.id,
            Assignment.status == AssignmentStatus.ACTIVE,
        )
    )
    if active is not None:
        raise DomainError(None, _("You are already in this placement. You can change your hours instead."))
    if open_entry(user, placement) is not None:
        raise DomainError(None, _("You are already on the waiting list."))
    entry = WaitlistEntry(placement_id=placement.id, user_id=user.id, created_at=now or utcnow())
    db.session.add(entry)
    db.session.flush()
    return entry


def _give_up(user_id: int, placement_id: int, status: WaitStatus, now: datetime) -> bool:
    """End the person's open entry with `status`; a held seat goes to the next in line. True if there was one."""
    offered = db.session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.placement_id == placement_id,
            WaitlistEntry.user_id == user_id,
            WaitlistEntry.status == WaitStatus.OFFERED,
        )
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(offered):
        _held(placement_id, -1)
        offer_free_seats(placement_id, now)
        return True
    waiting = db.session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.placement_id == placement_id,
            WaitlistEntry.user_id == user_id,
            WaitlistEntry.status == WaitStatus.WAITING,
        )
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    return affected_rows(waiting) > 0


@transactional
def leave(user: User, placement: Placement, now: datetime | None = None) -> bool:
    """Leave the line, or say no thanks to a held seat (it goes to the next in line). False if not on it."""
    return _give_up(user.id, placement.id, WaitStatus.LEFT, now or utcnow())


def leave_all_for_deletion(user: User) -> None:
    """The person's account is going: leave every line they are in (held seats go to the next). In the caller's
    transaction."""
    now = utcnow()
    placement_ids = db.session.scalars(
        select(WaitlistEntry.placement_id)
        .where(WaitlistEntry.user_id == user.id, WaitlistEntry.status.in_(OPEN))
        .order_by(WaitlistEntry.placement_id)
    ).all()
    for placement_id in placement_ids:
        _give_up(user.id, placement_id, WaitStatus.LEFT, now)


def take_held_seat(user: User, placement: Placement, now: datetime | None = None) -> bool:
    """Turn the seat held for the person into theirs (in the caller's transaction: choosing the placement).
    False when no valid hold is theirs: then they choose like anyone else."""
    now = now or utcnow()
    took = db.session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.placement_id == placement.id,
            WaitlistEntry.user_id == user.id,
            WaitlistEntry.status == WaitStatus.OFFERED,
            WaitlistEntry.hold_until > now,
        )
        .values(status=WaitStatus.TOOK)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(took) != 1:
        return False
    moved = db.session.execute(
        update(Placement)
        .where(Placement.id == placement.id, Placement.held > 0, Placement.is_open.is_(True))
        .values(taken=Placement.taken + 1, held=Placement.held - 1)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(moved) != 1:
        raise DomainError(None, _("This placement is closed right now."))  # the caller's transaction rolls back
    return True


def done_waiting(user: User, placement: Placement) -> None:
    """The person chose the placement with a seat anyone could take: their place in its line is no longer needed."""
    db.session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.placement_id == placement.id,
            WaitlistEntry.user_id == user.id,
            WaitlistEntry.status == WaitStatus.WAITING,
        )
        .values(status=WaitStatus.TOOK)
        .execution_options(synchronize_session=False)
    )


def expire_holds(now: datetime | None = None) -> int:
    """Holds that ran out go to the next in line, each in its own transaction (the push worker calls this; two
    workers at once give each expired hold to exactly one next person). Returns how many expired."""
    now = now or utcnow()
    due = db.session.execute(
        select(WaitlistEntry.id, WaitlistEntry.placement_id)
        .where(WaitlistEntry.status == WaitStatus.OFFERED, WaitlistEntry.hold_until <= now)
        .order_by(WaitlistEntry.hold_until, WaitlistEntry.id)
    ).all()
    db.session.rollback()  # no read transaction held while each expiry takes its locks
    expired = 0
    for entry_id, placement_id in due:
        with transaction():
            result = db.session.execute(
                update(WaitlistEntry)
                .where(
                    WaitlistEntry.id == entry_id,
                    WaitlistEntry.status == WaitStatus.OFFERED,
                    WaitlistEntry.hold_until <= now,
                )
                .values(status=WaitStatus.EXPIRED)
                .execution_options(synchronize_session=False)
            )
            if affected_rows(result) == 1:
                _held(placement_id, -1)
                offer_free_seats(placement_id, now)
                expired += 1
    return expired

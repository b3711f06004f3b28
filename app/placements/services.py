"""The participant's own rules: choose, switch, adjust hours, end. One use case, one transaction.

Every change writes a PlacementChange row in the same transaction and sends `placement_changed`
(app.signals) before the commit, so listeners (notifications) add their rows atomically with it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import abort
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app import signals
from app.accounts.models import Municipality, Role, User
from app.db import affected_rows, utcnow
from app.errors import DomainError, RuleConflict
from app.extensions import db
from app.idempotency import IdempotencyKey, claim, ensure_unused
from app.placements import waitlist
from app.placements.models import (
    Assignment,
    AssignmentStatus,
    ChangeKind,
    HoursChange,
    Placement,
    PlacementChange,
)
from app.placements.rules import NOTE_MAX
from app.placements.seats import release_seat, take_seat
from app.timeutil import local_today
from app.transaction import transactional

LATEST_START = timedelta(days=90)


def today() -> date:
    return local_today(utcnow())


def next_weekday(day: date) -> date:
    """The next Monday–Friday after `day` (the default start of a quick start)."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def weekly_cap(user: User) -> int:
    """The most weekly hours `user` may hold across active placements: their municipality's setting."""
    return db.session.execute(
        select(Municipality.weekly_hours_cap).where(Municipality.id == user.municipality_id)
    ).scalar_one()


def get_placement_or_404(placement_id: int, user: User) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.municipality_id != user.municipality_id:
        abort(404)
    return placement


def get_own_assignment_or_404(assignment_id: int, user: User) -> Assignment:
    """The participant's own assignment; anyone else's is a 404."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.user_id != user.id:
        abort(404)
    return assignment


def active_hours(user: User, excluding: Assignment | None = None) -> int:
    stmt = select(func.coalesce(func.sum(Assignment.weekly_hours), 0)).where(
        Assignment.user_id == user.id, Assignment.status == AssignmentStatus.ACTIVE
    )
    if excluding is not None:
        stmt = stmt.where(Assignment.id != excluding.id)
    return int(db.session.execute(stmt).scalar_one())


def _check_hours(placement: Placement, hours: int, user: User, excluding: Assignment | None = None) -> None:
    if not placement.hours_min <= hours <= placement.hours_max:
        raise DomainError(
            "hours",
            _("Choose between %(min)s and %(max)s hours a week.", min=placement.hours_min, max=placement.hours_max),
        )
    cap = weekly_cap(user)
    others = active_hours(user, excluding)
    if others + hours > cap:
        raise DomainError(
            "hours",
            _(
                "Together with your other placements that is %(total)s hours a week. The most is %(cap)s.",
                total=others + hours,
                cap=cap,
            ),
        )


def _check_start(start: date, earliest: date | None = None, field: str = "start_date") -> None:
    first = earliest or today()
    if start < first:
        raise DomainError(field, _("Choose a date from %(day)s.", day=format_date(first, "medium")))
    if start > today() + LATEST_START:
        raise DomainError(field, _("Choose a date within the next three months."))


def has_started(assignment: Assignment, day: date | None = None) -> bool:
    """Whether the first day has come. Before it, stopping is withdrawing: no day of it ever happened."""
    return (day or today()) >= assignment.start_date


def earliest_hours_change(assignment: Assignment) -> date:
    """Hours can change from today, and not before the latest change already made."""
    return max(today(), *(change.effective_date for change in assignment.hours_history))


def _check_can_join(user: User, placement: Placement) -> None:
    if user.role is not Role.PARTICIPANT or placement.municipality_id != user.municipality_id:
        raise DomainError(None, _("Only participants of the municipality can choose placements."))
    if not placement.is_open:
        raise DomainError(None, _("This placement is closed right now."))
    already = db.session.scalar(
        select(Assignment.id).where(
            Assignment.user_id == user.id,
            Assignment.placement_id == placement.id,
            Assignment.status == AssignmentStatus.ACTIVE,
        )
    )
    if already is not None:
        raise DomainError(None, _("You are already in this placement. You can change your hours instead."))


def _lock_person(user: User) -> None:
    """Serialise one person's placement changes, so checks like the weekly cap hold under two tabs.

    On PostgreSQL this locks the user's row until the commit; on SQLite the transaction already holds
    the database's write lock (it began with BEGIN IMMEDIATE at its first write).
    """
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())


def _begin(user: User, key: str, scope: str) -> IdempotencyKey:
    """Start a change: lock the person first, then claim the idempotency key.

    (In this order: the key's insert takes a share lock on the user row for its foreign key, and
    taking FOR UPDATE after that would let two tabs deadlock on PostgreSQL.)
    """
    _lock_person(user)
    return claim(user.id, key, scope)


def _record(user: User, kind: ChangeKind, assignment: Assignment, **fields: Any) -> PlacementChange:
    change = PlacementChange(
        municipality_id=user.municipality_id, user_id=user.id, kind=kind, assignment=assignment, **fields
    )
    db.session.add(change)
    db.session.flush()
    signals.placement_changed.send(change=change)
    return change


def _new_assignment(user: User, placement: Placement, start: date, hours: int) -> Assignment:
    assignment = Assignment(user_id=user.id, placement_id=placement.id, start_date=start, weekly_hours=hours)
    db.session.add(assignment)
    db.session.flush()
    db.session.add(
        HoursChange(
            assignment_id=assignment.id, from_hours=None, to_hours=hours, effective_date=start, changed_by_id=user.id
        )
    )
    return assignment


@transactional
def choose(user: User, placement: Placement, *, start: date, hours: int, key: str) -> Assignment:
    """Quick start: take a seat in `placement` from `start` for `hours` a week.

    Raises DomainError (nothing changed) for a closed or full placement, hours out of bounds or over
    the weekly cap, a start date out of range, or when already in it; AlreadyDone for a reused key.
    """
    ensure_unused(user.id, key)
    token = _begin(user, key, "placement.choose")
    _check_can_join(user, placement)
    _check_hours(placement, hours, user)
    _check_start(start)
    _take(user, placement)
    assignment = _new_assignment(user, placement, start, hours)
    token.result_id = assignment.id
    _record(user, ChangeKind.CHOSE, assignment, to_hours=hours)
    return assignment


def _take(user: User, placement: Placement) -> None:
    """The seat held for the person from the waiting list, or else a free one (placements.waitlist, seats)."""
    if not waitlist.take_held_seat(user, placement):
        take_seat(placement)
        waitlist.done_waiting(user, placement)


@transactional
def switch(
    user: User, current: Assignment, placement: Placement, *, start: date, hours: int, lesson: str, key: str
) -> Assignment:
    """End `current` and start in `placement` in one transaction: afterwards the participant is in
    exactly one of the two, never both, never neither. Raises like `choose`."""
    ensure_unused(user.id, key)
    if current.user_id != user.id:
        raise DomainError(None, _("That placement has already ended."))
    if current.placement_id == placement.id:
        raise DomainError(None, _("You are already in this placement. You can change your hours instead."))
    old_hours = current.weekly_hours
    token = _begin(user, key, "placement.switch")
    _check_can_join(user, placement)
    _check_hours(placement, hours, user, excluding=current)
    _check_start(start)
    if start <= current.start_date:  # the old one would not have started: withdrawn, never one shared day
        _withdraw_active(current)
    else:
        _end_active(current, last_day=start - timedelta(days=1), reason=_("Switched placement"), lesson=lesson)
    # Seat rows are always updated in id order, so two opposite switches cannot deadlock.
    if current.placement_id < placement.id:
        release_seat(current.placement_id)
        _take(user, placement)
    else:
        _take(user, placement)
        release_seat(current.placement_id)
    assignment = _new_assignment(user, placement, start, hours)
    token.result_id = assignment.id
    _record(
        user, ChangeKind.SWITCHED, assignment, previous_assignment_id=current.id, from_hours=old_hours, to_hours=hours
    )
    return assignment


def _end_active(assignment: Assignment, *, last_day: date, reason: str, lesson: str) -> None:
    """Mark an active assignment ended (conditionally: a stale page cannot end it twice)."""
    ended = db.session.execute(
        update(Assignment)
        .where(Assignment.id == assignment.id, Assignment.status == AssignmentStatus.ACTIVE)
        .values(
            status=AssignmentStatus.ENDED,
            end_date=last_day,
            ended_at=utcnow(),
            end_reason=reason.strip()[:NOTE_MAX],
            lesson=lesson.strip()[:NOTE_MAX],
        )
        .execution_options(synchronize_session=False)
    )
    if affected_rows(ended) != 1:
        raise DomainError(None, _("That placement has already ended."))


def _withdraw_active(assignment: Assignment) -> None:
    """Mark an active assignment withdrawn (conditionally, as _end_active): it has no last day, it never began."""
    withdrawn = db.session.execute(
        update(Assignment)
        .where(Assignment.id == assignment.id, Assignment.status == AssignmentStatus.ACTIVE)
        .values(status=AssignmentStatus.WITHDRAWN, end_date=None, ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if affected_rows(withdrawn) != 1:
        raise DomainError(None, _("That placement has already ended."))


@transactional
def adjust_hours(user: User, assignment: Assignment, *, hours: int, effective: date, key: str | None = None) -> None:
    """Change the weekly hours from `effective` on, within the placement's bounds and the cap.

    Raises DomainError (nothing changed) for hours or a date out of range, RuleConflict when the
    placement has ended; with an idempotency `key`, AlreadyDone when that key was used before.
    """
    if key is None:
        _lock_person(user)
    else:
        ensure_unused(user.id, key)
        _begin(user, key, "placement.adjust_hours")
    db.session.refresh(assignment)
    if assignment.status is not AssignmentStatus.ACTIVE:
        raise RuleConflict(None, _("That placement has already ended."))
    if hours == assignment.weekly_hours:
        raise DomainError("hours", _("That is the number of hours you already have."))
    _check_hours(assignment.placement, hours, user, excluding=assignment)
    _check_start(effective, earliest=earliest_hours_change(assignment), field="effective")
    previous = assignment.weekly_hours
    db.session.add(
        HoursChange(
            assignment_id=assignment.id,
            from_hours=previous,
            to_hours=hours,
            effective_date=effective,
            changed_by_id=user.id,
        )
    )
    assignment.weekly_hours = hours
    _record(user, ChangeKind.ADJUSTED, assignment, from_hours=previous, to_hours=hours)


@transactional
def end(user: User, assignment: Assignment, *, last_day: date, reason: str, lesson: str = "") -> None:
    """End a placement after `last_day` and free its seat.

    The last day may lie in the past ("I stopped going last Friday") but not before the first day,
    and at most three months ahead. (Giving up a placement before its first day is `withdraw`.)
    """
    if last_day < assignment.start_date:
        raise DomainError("last_day", _("The last day cannot be before the first day."))
    if last_day > today() + LATEST_START:
        raise DomainError("last_day", _("Choose a last day within the next three months."))
    _end_active(assignment, last_day=last_day, reason=reason, lesson=lesson)
    release_seat(assignment.placement_id)
    _record(user, ChangeKind.ENDED, assignment, from_hours=assignment.weekly_hours)


@transactional
def withdraw(user: User, assignment: Assignment) -> None:
    """Give up a placement before its first day and free its seat. It never started, so it gets no last day and
    is no part of the person's history ("what I have tried"); the facilitators see it as withdrawn."""
    if has_started(assignment):
        raise RuleConflict(None, _("You have started there. Choose a last day instead."))
    _withdraw_active(assignment)
    release_seat(assignment.placement_id)
    _record(user, ChangeKind.WITHDREW, assignment, from_hours=assignment.weekly_hours)


def end_all_for_deletion(user: User) -> int:
    """End every active assignment of `user` (their account is being deleted) and give the seats back.

    Uses the same conditional end as `end`, so an assignment that ended meanwhile frees no second seat.
    Writes no PlacementChange (the person's rows are about to go). Returns how many ended. Does not
    commit: part of the caller's transaction.
    """
    _lock_person(user)
    waitlist.leave_all_for_deletion(user)
    active = db.session.scalars(
        select(Assignment)
        .where(Assignment.user_id == user.id, Assignment.status == AssignmentStatus.ACTIVE)
        .order_by(Assignment.placement_id)  # seat rows in id order, as in `switch`: no deadlock
    ).all()
    ended = 0
    for assignment in active:
        try:
            _end_active(assignment, last_day=max(assignment.start_date, today()), reason="", lesson="")
        except DomainError:
            continue
        release_seat(assignment.placement_id)
        ended += 1
    return ended

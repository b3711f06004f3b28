"""Participant side of match events: listing, sign-up with a hard capacity, "I'd like to talk more".

Also what other features read: upcoming_events_for (My week) and signed_up_events (calendar feed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app import signals
from app.accounts.models import Role, User
from app.companies.models import Company
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.events.models import CompanyInterest, EventCompany, EventSignup, MatchEvent
from app.extensions import db
from app.permissions import scoped
from app.transaction import transaction, transactional


class EventForUser(NamedTuple):
    """An event and whether the user is signed up for it (unpacks as a pair)."""

    event: MatchEvent
    signed_up: bool


@dataclass
class EventPage:
    """What a participant sees on an event's page."""

    event: MatchEvent
    companies: list[Company]
    signed_up: bool
    interested: set[int] = field(default_factory=set)  # ids of the companies they would like to talk more with
    now: datetime = field(default_factory=utcnow)

    @property
    def open_for_signup(self) -> bool:
        return is_open(self.event, self.now)


def is_open(event: MatchEvent, now: datetime | None = None) -> bool:
    """Sign-up (and cancelling it) is possible until the event starts, unless it is cancelled."""
    return event.cancelled_at is None and event.starts_at > (now or utcnow())


@cache
def _events_for(include_cancelled: bool, limit: int | None) -> Select[MatchEvent, bool]:
    """Built once per (include_cancelled, limit); the person, their municipality and now are parameters."""
    signed_up = exists().where(EventSignup.event_id == MatchEvent.id, EventSignup.user_id == bindparam("user_id"))
    stmt = (
        select(MatchEvent, signed_up.label("signed_up"))
        .where(MatchEvent.municipality_id == bindparam("municipality_id"), MatchEvent.ends_at > bindparam("now"))
        .order_by(MatchEvent.starts_at, MatchEvent.id)
        .limit(limit)
    )
    if not include_cancelled:
        stmt = stmt.where(MatchEvent.cancelled_at.is_(None))
    return stmt


def events_for(user: User, *, include_cancelled: bool = True, limit: int | None = None) -> list[EventForUser]:
    """Events of the user's municipality that have not ended, soonest first, in one query."""
    rows = db.session.execute(
        _events_for(include_cancelled, limit),
        {"user_id": user.id, "municipality_id": user.municipality_id, "now": utcnow()},
    )
    return [EventForUser(event, bool(signed_up)) for event, signed_up in rows]


def upcoming_events_for(user: User, limit: int = 3) -> list[EventForUser]:
    """The next events (not ended, not cancelled) of the user's municipality, each with `signed_up`. One query."""
    return events_for(user, include_cancelled=False, limit=limit)


def signed_up_events(user: User) -> list[MatchEvent]:
    """Every event the user is signed up for, oldest first, cancelled ones included (see `cancelled_at`)."""
    stmt = (
        scoped(select(MatchEvent), MatchEvent, user)
        .join(EventSignup, EventSignup.event_id == MatchEvent.id)
        .where(EventSignup.user_id == user.id)
        .order_by(MatchEvent.starts_at, MatchEvent.id)
    )
    return list(db.session.scalars(stmt))


def event_page(user: User, event: MatchEvent) -> EventPage:
    """The companies coming, and the user's own sign-up and interests (three queries)."""
    companies = db.session.scalars(
        select(Company)
        .join(EventCompany, EventCompany.company_id == Company.id)
        .where(EventCompany.event_id == event.id)
        .order_by(func.lower(Company.name), Company.id)
    )
    interested = db.session.scalars(
        select(CompanyInterest.company_id).where(
            CompanyInterest.event_id == event.id, CompanyInterest.user_id == user.id
        )
    )
    return EventPage(event, list(companies), _is_signed_up(user, event), set(interested))


def company_at_event(event: MatchEvent, company_id: int) -> Company | None:
    return db.session.scalar(
        select(Company)
        .join(EventCompany, EventCompany.company_id == Company.id)
        .where(EventCompany.event_id == event.id, Company.id == company_id)
    )


def _is_signed_up(user: User, event: MatchEvent) -> bool:
    stmt = select(EventSignup.id).where(EventSignup.event_id == event.id, EventSignup.user_id == user.id)
    return db.session.scalar(stmt) is not None


def _check_participant(user: User, event: MatchEvent) -> None:
    if user.role is not Role.PARTICIPANT or user.municipality_id != event.municipality_id:
        raise DomainError(None, _("Only participants of the municipality can do this."))


def _check_open(event: MatchEvent, now: datetime) -> None:
    if event.cancelled_at is not None:
        raise DomainError(None, _("This event is cancelled."))
    if event.starts_at <= now:
        raise DomainError(None, _("The event has started, so sign-up is closed."))


def sign_up(user: User, event: MatchEvent) -> bool:
    """Sign the participant up; True if new, False if they were already signed up (nothing changes).

    The seat is taken with a conditional UPDATE whose row count says whether one was free, so the
    capacity holds under concurrent sign-ups on SQLite and PostgreSQL alike. Raises DomainError if
    the event is cancelled, has started or is full.
    """
    _check_participant(user, event)
    now = utcnow()
    _check_open(event, now)
    if _is_signed_up(user, event):
        return False
    try:
        with transaction():
            taken = db.session.execute(
                update(MatchEvent)
                .where(
                    MatchEvent.id == event.id,
                    MatchEvent.cancelled_at.is_(None),
                    MatchEvent.starts_at > now,
                    or_(MatchEvent.capacity.is_(None), MatchEvent.signups < MatchEvent.capacity),
                )
                .values(signups=MatchEvent.signups + 1)
                .execution_options(synchronize_session=False)
            )
            if affected_rows(taken) != 1:
                raise DomainError(None, _("Sorry, the event is full."))
            db.session.add(EventSignup(event_id=event.id, user_id=user.id))
    except DomainError:
        _check_open(event, now)  # the rollback reloaded `event`: a cancellation or start is the better reason
        raise
    except IntegrityError:
        # The same person signed up at the same moment (a double tap): their first sign-up stands
        # and the rollback undid this one's seat.
        if not _is_signed_up(user, event):
            raise
        return False
    return True


@transactional
def cancel_signup(user: User, event: MatchEvent) -> bool:
    """Give the seat back; True if the user was signed up. Raises DomainError once the event has started."""
    _check_participant(user, event)
    if event.starts_at <= utcnow():
        raise DomainError(None, _("The event has started, so your sign-up can no longer be changed."))
    deleted = db.session.execute(
        delete(EventSignup)
        .where(EventSignup.event_id == event.id, EventSignup.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(deleted) != 1:
        return False
    db.session.execute(
        update(MatchEvent)
        .where(MatchEvent.id == event.id)
        .values(signups=MatchEvent.signups - 1)
        .execution_options(synchronize_session=False)
    )
    signals.event_signup_cancelled.send(event=event, user=user)
    return True


def set_interest(user: User, event: MatchEvent, company: Company, interested: bool) -> None:
    """Mark or unmark "I'd like to talk more" with a company at the event; setting the same state is a no-op.

    Any participant of the municipality may mark it, before or after the event (also when not signed up).
    Raises DomainError for a cancelled event or a company that is not part of it.
    """
    _check_participant(user, event)
    if event.cancelled_at is not None:
        raise DomainError(None, _("This event is cancelled."))
    if company_at_event(event, company.id) is None:
        raise DomainError(None, _("That company is not part of this event."))
    match = (
        CompanyInterest.event_id == event.id,
        CompanyInterest.company_id == company.id,
        CompanyInterest.user_id == user.id,
    )
    if not interested:
        with transaction():
            db.session.execute(delete(CompanyInterest).where(*match).execution_options(synchronize_session=False))
        return
    if db.session.scalar(select(CompanyInterest.id).where(*match)) is not None:
        return
    try:
        with transaction():
            db.session.add(CompanyInterest(event_id=event.id, company_id=company.id, user_id=user.id))
    except IntegrityError:
        pass  # marked at the same moment by a double tap: it is set, as asked

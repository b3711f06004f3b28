"""Staff side of match events: plan, change and cancel them; see who signed up, who came and who wants to talk more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update

from app import signals
from app.accounts.models import User
from app.companies.models import Company
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.events.attendance import Attendance, attendance_of
from app.events.models import CompanyInterest, EventCompany, EventSignup, MatchEvent
from app.extensions import db
from app.permissions import scoped
from app.transaction import transaction, transactional

MAX_CAPACITY = 10_000


class _TooFew(Exception):
    """More people signed up than the new capacity allows."""


@dataclass
class StaffEventView:
    event: MatchEvent
    signups: list[User]
    companies: list[tuple[Company, list[User]]]  # each company with the people who would like to talk more
    attendance: Attendance

    @property
    def can_cancel(self) -> bool:
        return self.event.cancelled_at is None and self.event.ends_at > utcnow()


def events_for_staff(actor: User, past_limit: int = 20) -> tuple[list[MatchEvent], list[MatchEvent]]:
    """The municipality's events: (not yet ended, soonest first; the latest ended ones, newest first)."""
    now = utcnow()
    base = scoped(select(MatchEvent), MatchEvent, actor)
    upcoming = db.session.scalars(base.where(MatchEvent.ends_at > now).order_by(MatchEvent.starts_at, MatchEvent.id))
    past = db.session.scalars(
        base.where(MatchEvent.ends_at <= now).order_by(MatchEvent.starts_at.desc(), MatchEvent.id).limit(past_limit)
    )
    return list(upcoming), list(past)


def company_choices(actor: User, event: MatchEvent | None = None) -> list[Company]:
    """Companies that may be chosen: the municipality's active ones, plus those already on `event`."""
    stmt = scoped(select(Company), Company, actor)
    if event is not None and event.id is not None:
        on_event = select(EventCompany.company_id).where(EventCompany.event_id == event.id)
        stmt = stmt.where(Company.active.is_(True) | Company.id.in_(on_event))
    else:
        stmt = stmt.where(Company.active.is_(True))
    return list(db.session.scalars(stmt.order_by(func.lower(Company.name), Company.id)))


def _check_details(
    actor: User,
    event: MatchEvent | None,
    *,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int | None,
    company_ids: list[int],
) -> set[int]:
    """Check the rules shared by create and update; return the chosen company ids."""
    if not actor.is_staff or (event is not None and event.municipality_id != actor.municipality_id):
        raise DomainError(None, _("That is not part of your municipality."))
    if event is not None and event.cancelled_at is not None:
        raise DomainError(None, _("This event is cancelled and can no longer be changed."))
    if ends_at <= starts_at:
        raise DomainError("end_time", _("The event must end after it starts."))
    if (event is None or starts_at != event.starts_at) and starts_at <= utcnow():
        raise DomainError("start_time", _("Choose a time in the future."))
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            "capacity", _("Write a number from %(min)d to %(max)d, or leave it empty.", min=1, max=MAX_CAPACITY)
        )
    wanted = set(company_ids)
    if not wanted <= {company.id for company in company_choices(actor, event)}:
        raise DomainError("companies", _("Choose companies from the list."))
    return wanted


def _set_companies(event: MatchEvent, wanted: set[int]) -> None:
    for link in list(event.companies):
        if link.company_id not in wanted:
            event.companies.remove(link)
    for company_id in sorted(wanted - {link.company_id for link in event.companies}):
        event.companies.append(EventCompany(company_id=company_id))


@transactional
def create_event(
    actor: User,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    description: str = "",
    capacity: int | None = None,
    company_ids: list[int] | tuple[int, ...] = (),
) -> MatchEvent:
    """Plan a match event in the actor's municipality with the chosen companies.

    Raises DomainError if the times are wrong (end before start, start in the past), the capacity is
    out of range or a company is not an active company of the municipality.
    """
    wanted = _check_details(
        actor, None, starts_at=starts_at, ends_at=ends_at, capacity=capacity, company_ids=list(company_ids)
    )
    event = MatchEvent(
        municipality_id=actor.municipality_id,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        description=description.strip(),
        capacity=capacity,
        signups=0,
    )
    _set_companies(event, wanted)
    db.session.add(event)
    return event


def update_event(
    actor: User,
    event: MatchEvent,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    description: str = "",
    capacity: int | None = None,
    company_ids: list[int] | tuple[int, ...] = (),
) -> None:
    """Change an event. Raises DomainError as create_event does, for a cancelled event, and when the
    capacity would be lower than the number already signed up (checked in the same UPDATE that sets it)."""
    wanted = _check_details(
        actor, event, starts_at=starts_at, ends_at=ends_at, capacity=capacity, company_ids=list(company_ids)
    )
    stmt = update(MatchEvent).where(MatchEvent.id == event.id).values(capacity=capacity)
    if capacity is not None:
        stmt = stmt.where(MatchEvent.signups <= capacity)
    try:
        with transaction():
            if affected_rows(db.session.execute(stmt.execution_options(synchronize_session=False))) != 1:
                raise _TooFew
            moved = starts_at != event.starts_at
            event.title, event.starts_at, event.ends_at = title.strip(), starts_at, ends_at
            event.place, event.description = place.strip(), description.strip()
            _set_companies(event, wanted)
            if moved:
                signals.event_moved.send(event=event)
    except _TooFew:
        taken = event.signups  # the rollback reloaded it: the count that stopped the change
        raise DomainError(
            "capacity",
            ngettext(
                "%(num)d person has already signed up, so there must be at least %(num)d place.",
                "%(num)d people have already signed up, so there must be at least %(num)d places.",
                taken,
            ),
        ) from None


@transactional
def cancel_event(actor: User, event: MatchEvent) -> None:
    """Cancel the event; it stays visible as cancelled and sign-up closes. Cancelling twice changes nothing."""
    if not actor.is_staff or event.municipality_id != actor.municipality_id:
        raise DomainError(None, _("That is not part of your municipality."))
    if event.cancelled_at is not None:
        return
    if event.ends_at <= utcnow():
        raise DomainError(None, _("The event is over, so it cannot be cancelled."))
    event.cancelled_at = now = utcnow()
    signals.event_cancelled.send(event=event, now=now)


def staff_view(event: MatchEvent) -> StaffEventView:
    """Who signed up (in order), who came, and per company who would like to talk more (five queries at most)."""
    signups = db.session.scalars(
        select(User)
        .join(EventSignup, EventSignup.user_id == User.id)
        .where(EventSignup.event_id == event.id)
        .order_by(EventSignup.signed_up_at, EventSignup.id)
    )
    companies = db.session.scalars(
        select(Company)
        .join(EventCompany, EventCompany.company_id == Company.id)
        .where(EventCompany.event_id == event.id)
        .order_by(func.lower(Company.name), Company.id)
    )
    interests = db.session.execute(
        select(CompanyInterest.company_id, User)
        .join(User, CompanyInterest.user_id == User.id)
        .where(CompanyInterest.event_id == event.id)
        .order_by(func.lower(User.display_name), User.id)
    )
    by_company: dict[int, list[User]] = {}
    for company_id, user in interests:
        by_company.setdefault(company_id, []).append(user)
    return StaffEventView(
        event, list(signups), [(c, by_company.get(c.id, [])) for c in companies], attendance_of(event)
    )

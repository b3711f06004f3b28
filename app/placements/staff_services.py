"""Staff side of placements: create, change, open and close the municipality's placements; see who is in one."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager

from app import signals
from app.accounts.models import User
from app.companies.models import Company
from app.db import affected_rows
from app.errors import DomainError
from app.extensions import db
from app.permissions import scoped
from app.placements.models import Assignment, AssignmentStatus, Placement, PlacementKind
from app.placements.rules import HOURS_MAX, HOURS_MIN, SEATS_MAX
from app.placements.waitlist import offer_free_seats
from app.transaction import transactional

TEXT_FIELDS = ("description", "tasks", "address", "first_day")


def _check_staff(actor: User, placement: Placement | None = None) -> None:
    if not actor.is_staff or (placement is not None and placement.municipality_id != actor.municipality_id):
        raise DomainError(None, _("That is not part of your municipality."))


def placements_for_staff(actor: User) -> list[Placement]:
    """The municipality's placements with their company: open ones first, then by company and title (one query)."""
    return list(
        db.session.scalars(
            scoped(select(Placement), Placement, actor)
            .join(Placement.company)
            .options(contains_eager(Placement.company))
            .order_by(Placement.is_open.desc(), func.lower(Company.name), func.lower(Placement.title), Placement.id)
        )
    )


def company_choices(actor: User, placement: Placement | None = None) -> list[Company]:
    """Companies that may be chosen: the municipality's active ones, plus the placement's own company
    (so a placement whose company was deactivated later can still be edited)."""
    stmt = scoped(select(Company), Company, actor)
    if placement is not None and placement.id is not None:
        stmt = stmt.where(Company.active.is_(True) | (Company.id == placement.company_id))
    else:
        stmt = stmt.where(Company.active.is_(True))
    return list(db.session.scalars(stmt.order_by(func.lower(Company.name), Company.id)))


def people_in(placement: Placement) -> list[Assignment]:
    """The active assignments of a placement with their person, by start date (one query)."""
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.user)
            .options(contains_eager(Assignment.user))
            .where(Assignment.placement_id == placement.id, Assignment.status == AssignmentStatus.ACTIVE)
            .order_by(Assignment.start_date, func.lower(User.display_name), Assignment.id)
        )
    )


def _checked(
    actor: User,
    placement: Placement | None,
    *,
    company_id: int,
    title: str,
    kind: PlacementKind | str,
    hours_min: int,
    hours_max: int,
    seats: int,
) -> tuple[Company, str, PlacementKind]:
    """Check the rules shared by create and update; return the company, the title and the kind."""
    _check_staff(actor, placement)
    company = db.session.get(Company, company_id) if company_id else None
    if (
        company is None
        or company.municipality_id != actor.municipality_id
        or not (company.active or (placement is not None and placement.company_id == company.id))
    ):
        raise DomainError("company_id", _("Choose an active company from the list."))
    title = (title or "").strip()
    if not title:
        raise DomainError("title", _("Write a title for the placement."))
    try:
        kind = PlacementKind(kind)
    except ValueError:
        raise DomainError("kind", _("Choose internship or paid hours.")) from None
    if not HOURS_MIN <= hours_min <= HOURS_MAX:
        raise DomainError("hours_min", _("Write a number from %(min)d to %(max)d.", min=HOURS_MIN, max=HOURS_MAX))
    if not HOURS_MIN <= hours_max <= HOURS_MAX:
        raise DomainError("hours_max", _("Write a number from %(min)d to %(max)d.", min=HOURS_MIN, max=HOURS_MAX))
    if hours_max < hours_min:
        raise DomainError("hours_max", _("The most hours must be at least the fewest hours."))
    if not 0 <= seats <= SEATS_MAX:
        raise DomainError("seats", _("Write a number from %(min)d to %(max)d.", min=0, max=SEATS_MAX))
    return company, title, kind


def _apply(placement: Placement, company: Company, title: str, kind: PlacementKind, fields: dict) -> None:
    """Set the plain fields. An empty sector or area is taken from the company, for the participants' filters."""
    placement.company_id, placement.title, placement.kind = company.id, title, kind
    placement.hours_min, placement.hours_max = fields["hours_min"], fields["hours_max"]
    for key in TEXT_FIELDS:
        setattr(placement, key, (fields.get(key) or "").strip())
    placement.sector = (fields.get("sector") or "").strip() or company.sector
    placement.area = (fields.get("area") or "").strip() or company.area


@transactional
def create_placement(
    actor: User,
    *,
    company_id: int,
    title: str,
    kind: PlacementKind | str,
    hours_min: int,
    hours_max: int,
    seats: int,
    is_open: bool = True,
    **fields: str,
) -> Placement:
    """Offer a placement at a company of the actor's municipality.

    Raises DomainError if the actor is not staff, the company is not an active company of the
    municipality, the title is empty, or the hours or seats are outside the bounds of placements/rules.py.
    Participants following its sector are told (when it is open).
    """
    company, title, kind = _checked(
        actor,
        None,
        company_id=company_id,
        title=title,
        kind=kind,
        hours_min=hours_min,
        hours_max=hours_max,
        seats=seats,
    )
    placement = Placement(municipality_id=actor.municipality_id, seats=seats, taken=0, is_open=bool(is_open))
    _apply(placement, company, title, kind, {**fields, "hours_min": hours_min, "hours_max": hours_max})
    db.session.add(placement)
    db.session.flush()
    signals.placement_offered.send(placement=placement)
    return placement


@transactional
def update_placement(
    actor: User,
    placement: Placement,
    *,
    company_id: int,
    title: str,
    kind: PlacementKind | str,
    hours_min: int,
    hours_max: int,
    seats: int,
    **fields: str,
) -> None:
    """Change a placement. Raises DomainError as create_placement does, and when the seats would be fewer
    than the people in it now (checked in the same UPDATE that sets them, so a choice at the same moment
    cannot slip past). People already in it keep their hours, even outside new bounds."""
    company, title, kind = _checked(
        actor,
        placement,
        company_id=company_id,
        title=title,
        kind=kind,
        hours_min=hours_min,
        hours_max=hours_max,
        seats=seats,
    )
    result = db.session.execute(
        update(Placement)
        .where(Placement.id == placement.id, Placement.taken + Placement.held <= seats)
        .values(seats=seats)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(result) != 1:
        db.session.refresh(placement)
        taken = placement.taken + placement.held  # the count that stopped the change (held: for the waiting list)
        raise DomainError(
            "seats",
            ngettext(
                "%(num)d person is in this placement now, so there must be at least %(num)d seat.",
                "%(num)d people are in this placement now, so there must be at least %(num)d seats.",
                taken,
            ),
        )
    _apply(placement, company, title, kind, {**fields, "hours_min": hours_min, "hours_max": hours_max})
    offer_free_seats(placement.id)  # more seats: they go to the waiting list first
    signals.placement_offered.send(placement=placement)


@transactional
def set_open(actor: User, placement: Placement, is_open: bool) -> None:
    """Open the placement for new choices, or close it. People already in it stay. Repeating changes nothing."""
    _check_staff(actor, placement)
    placement.is_open = bool(is_open)
    db.session.flush()
    offer_free_seats(placement.id)  # opened again: free seats go to the waiting list first
    signals.placement_offered.send(placement=placement)

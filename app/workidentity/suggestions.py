"""Suggestions from the person's own history: open placements in the sectors they themselves pointed at.

Where a sector comes from, in this order: a strength or interest the person linked to a placement ("You liked X at
Y"), a sector they want to try next, a sector they follow. Only the person's own choices filter the placements (the
kind and hours they want to try next); nothing ranks them: they are listed by title, and the sectors in the order
above. A sector appears once, with the first reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.placements.follows import followed
from app.placements.models import Assignment, Placement
from app.workidentity.choices import ItemKind
from app.workidentity.queries import WorkPage

PER_SECTOR = 3


@dataclass
class Suggestion:
    sector: str
    reason: str
    placements: list[Placement]


def _reasons(page: WorkPage) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for item in page.strengths + page.interests:
        place = item.place
        if place is None or not place.sector or place.sector in reasons:
            continue
        values = {"what": str(item.text), "place": place.company.name}
        if item.item.kind is ItemKind.INTEREST:
            reasons[place.sector] = _("You liked “%(what)s” at %(place)s.", **values)
        else:
            reasons[place.sector] = _("At %(place)s you found out: “%(what)s”.", **values)
    for sector in page.sectors:
        reasons.setdefault(sector, _("You want to try %(sector)s.", sector=sector))
    for sector in followed(page.person):
        reasons.setdefault(sector, _("You follow %(sector)s.", sector=sector))
    return reasons


def suggestions(page: WorkPage) -> list[Suggestion]:
    """Up to PER_SECTOR open placements with a free seat per sector, leaving out the ones the person is in or has
    been in (two queries besides the page's own)."""
    reasons = _reasons(page)
    if not reasons:
        return []
    person = page.person
    profile = page.profile
    mine = select(Assignment.placement_id).where(Assignment.user_id == person.id)
    stmt = (
        select(Placement)
        .join(Placement.company)
        .options(contains_eager(Placement.company))
        .where(
            Placement.municipality_id == person.municipality_id,
            Placement.sector.in_(list(reasons)),
            Placement.is_open.is_(True),
            Placement.taken + Placement.held < Placement.seats,  # neither taken nor held for the waiting list
            Placement.id.not_in(mine),
        )
        .order_by(func.lower(Placement.title), Placement.id)
    )
    if profile is not None and profile.next_kind is not None:
        stmt = stmt.where(Placement.kind == profile.next_kind)
    if profile is not None and profile.next_hours is not None:
        stmt = stmt.where(Placement.hours_min <= profile.next_hours, Placement.hours_max >= profile.next_hours)
    by_sector: dict[str, list[Placement]] = {sector: [] for sector in reasons}
    for placement in db.session.scalars(stmt):
        if len(by_sector[placement.sector]) < PER_SECTOR:
            by_sector[placement.sector].append(placement)
    return [Suggestion(sector, reason, by_sector[sector]) for sector, reason in reasons.items()]

"""Seats of a placement: taken with a conditional UPDATE whose row count says whether one was free,
so a placement is never oversold, on SQLite and PostgreSQL alike. A seat given back goes to the waiting list first."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from app.db import affected_rows
from app.errors import DomainError
from app.extensions import db
from app.placements.models import Placement
from app.placements.waitlist import offer_free_seats


def take_seat(placement: Placement) -> None:
    """Claim one seat with a conditional UPDATE; the row count says whether one was free (neither taken nor held
    for someone on the waiting list)."""
    result = db.session.execute(
        update(Placement)
        .where(
            Placement.id == placement.id,
            Placement.is_open.is_(True),
            Placement.taken + Placement.held < Placement.seats,
        )
        .values(taken=Placement.taken + 1)
        .execution_options(synchronize_session=False)
    )
    if affected_rows(result) != 1:
        db.session.refresh(placement)  # the current state gives the reason; the caller's transaction rolls back
        if not placement.is_open:
            raise DomainError(None, _("This placement is closed right now."))
        raise DomainError(None, _("Sorry, all seats in this placement are taken."))


def release_seat(placement_id: int) -> None:
    """Give a seat back; if someone is waiting for one, it is held for the first in line (placements.waitlist)."""
    db.session.execute(
        update(Placement)
        .where(Placement.id == placement_id, Placement.taken > 0)
        .values(taken=Placement.taken - 1)
        .execution_options(synchronize_session=False)
    )
    offer_free_seats(placement_id)

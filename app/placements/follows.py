"""Followed sectors: a participant hears about new placements in the sectors they follow.

Telling them is the notifications feature's job: staff services send `placement_offered`, and its
listener notifies `followers(placement)`.
"""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.db import affected_rows
from app.errors import DomainError
from app.extensions import db
from app.placements.models import Placement, SectorFollow
from app.transaction import transaction


def sector_exists(user: User, sector: str) -> bool:
    """Whether a placement of the user's municipality has this sector (the filter offers the same list)."""
    stmt = select(Placement.id).where(Placement.municipality_id == user.municipality_id, Placement.sector == sector)
    return bool(sector) and db.session.scalar(stmt.limit(1)) is not None


def follow(user: User, sector: str) -> bool:
    """Follow a sector; True if new, False if already followed (nothing changes). Commits.

    Raises DomainError for staff, or a sector that no placement of the municipality has.
    """
    sector = (sector or "").strip()
    if user.role is not Role.PARTICIPANT:
        raise DomainError(None, _("Only participants can follow sectors."))
    if not sector_exists(user, sector):
        raise DomainError("sector", _("Choose a sector from the list."))
    match = (SectorFollow.user_id == user.id, SectorFollow.sector == sector)
    if db.session.scalar(select(SectorFollow.id).where(*match)) is not None:
        return False
    try:
        with transaction():
            db.session.add(SectorFollow(user_id=user.id, sector=sector))
    except IntegrityError:  # a double tap: the first one stands
        return False
    return True


def unfollow(user: User, sector: str) -> bool:
    """Stop following; True if it was followed. Commits."""
    with transaction():
        result = db.session.execute(
            delete(SectorFollow)
            .where(SectorFollow.user_id == user.id, SectorFollow.sector == (sector or "").strip())
            .execution_options(synchronize_session=False)
        )
    return bool(affected_rows(result))


@cache
def _followed() -> Select[str]:
    return (
        select(SectorFollow.sector)
        .where(SectorFollow.user_id == bindparam("user_id"))
        .order_by(func.lower(SectorFollow.sector))
    )


def followed(user: User) -> list[str]:
    """The sectors the person follows, alphabetically (one query)."""
    return list(db.session.scalars(_followed(), {"user_id": user.id}))


def followers(placement: Placement) -> list[int]:
    """Active participants of the placement's municipality who follow its sector (one query)."""
    stmt = (
        select(SectorFollow.user_id)
        .join(User, User.id == SectorFollow.user_id)
        .where(
            SectorFollow.sector == placement.sector,
            User.municipality_id == placement.municipality_id,
            User.role == Role.PARTICIPANT,
            User.active.is_(True),
        )
    )
    return list(db.session.scalars(stmt))

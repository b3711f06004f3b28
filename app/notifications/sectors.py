"""Followed sectors: a participant hears about new placements in the sectors they follow."""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db
from app.notifications.hooks import path_for
from app.notifications.models import Kind, SectorFollow
from app.notifications.services import notify
from app.placements.models import Placement


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
    db.session.add(SectorFollow(user_id=user.id, sector=sector))
    try:
        db.session.commit()
    except IntegrityError:  # a double tap: the first one stands
        db.session.rollback()
        return False
    return True


def unfollow(user: User, sector: str) -> bool:
    """Stop following; True if it was followed. Commits."""
    result = db.session.execute(
        delete(SectorFollow)
        .where(SectorFollow.user_id == user.id, SectorFollow.sector == (sector or "").strip())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(result.rowcount)


def followed(user: User) -> list[str]:
    """The sectors the person follows, alphabetically (one query)."""
    stmt = select(SectorFollow.sector).where(SectorFollow.user_id == user.id).order_by(func.lower(SectorFollow.sector))
    return list(db.session.scalars(stmt))


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


def placement_offered(placement: Placement) -> None:
    """Tell the sector's followers about an open placement: once per placement and sector. Does not commit.

    Call it after creating a placement, opening one, or changing its sector (the placement needs an id).
    """
    if not placement.is_open or not placement.sector:
        return
    digest = hashlib.sha256(placement.sector.encode()).hexdigest()[:16]
    notify(followers(placement), Kind.NEW_PLACEMENT, url=path_for("placements.detail", placement_id=placement.id),
           object_id=placement.id, dedupe=f"placement:{placement.id}:{digest}")  # fmt: skip

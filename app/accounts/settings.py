"""The municipality's settings, changed by its admins on one page (/staff/settings).

They are columns of Municipality, read where they apply: the weekly hours cap by the placement rules
(placements.services.weekly_cap), the default quiet hours by the notification preferences of everyone who has not
saved their own (notifications.prefs), the deletion mode by account deletion (privacy.services.ask_to_delete).
"""

from __future__ import annotations

from datetime import time
from typing import TypedDict

from flask_babel import gettext as _

from app.accounts.models import NAME_MAX, WEEKLY_CAP_MAX, WEEKLY_CAP_MIN, Municipality, Role, User
from app.errors import DomainError
from app.extensions import db
from app.transaction import transactional


class Settings(TypedDict):
    """What the settings page shows and saves (the keyword arguments of `update`)."""

    name: str
    weekly_hours_cap: int
    quiet_start: time
    quiet_end: time
    deletion_needs_confirmation: bool


def cap_message() -> str:
    """The one message for a weekly hours cap out of bounds (the form's and the service's)."""
    return _("Write a number of hours from %(min)d to %(max)d.", min=WEEKLY_CAP_MIN, max=WEEKLY_CAP_MAX)


def current(town: Municipality) -> Settings:
    return Settings(
        name=town.name,
        weekly_hours_cap=town.weekly_hours_cap,
        quiet_start=town.default_quiet_start,
        quiet_end=town.default_quiet_end,
        deletion_needs_confirmation=town.deletion_needs_confirmation,
    )


@transactional
def update(
    actor: User,
    *,
    name: str,
    weekly_hours_cap: int,
    quiet_start: time,
    quiet_end: time,
    deletion_needs_confirmation: bool,
) -> None:
    """Save the settings of the actor's municipality (and no other).

    Raises DomainError (nothing changed) unless the actor is an admin, for an empty or too long name, a cap outside
    WEEKLY_CAP_MIN..WEEKLY_CAP_MAX, and quiet hours that end when they start.
    """
    if actor.role is not Role.ADMIN:
        raise DomainError(None, _("Only an administrator of the municipality can do this."))
    name = " ".join(name.split())
    if not name:
        raise DomainError("name", _("Write the municipality's name."))
    if len(name) > NAME_MAX:
        raise DomainError("name", _("Keep it to %(max)d characters or fewer.", max=NAME_MAX))
    if not WEEKLY_CAP_MIN <= weekly_hours_cap <= WEEKLY_CAP_MAX:
        raise DomainError("weekly_hours_cap", cap_message())
    if quiet_start == quiet_end:
        raise DomainError("quiet_end", _("Quiet hours must end at another time than they start."))
    town = db.session.get(Municipality, actor.municipality_id)
    if town is None:
        raise DomainError(None, _("That is not part of your municipality."))
    town.name = name
    town.weekly_hours_cap = weekly_hours_cap
    town.default_quiet_start, town.default_quiet_end = quiet_start, quiet_end
    town.deletion_needs_confirmation = deletion_needs_confirmation

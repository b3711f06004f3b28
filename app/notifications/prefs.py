"""A person's notification preferences: defaults, quiet hours and pausing.

A person has no saved row until they change their settings; until then they get the defaults, with the quiet hours
their municipality's admins set (Municipality.default_quiet_start/_end): new participants, and everyone who never
changed theirs, follow that setting. A saved row keeps the person's own choice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import QUIET_END, QUIET_START, Municipality, User
from app.extensions import db
from app.notifications.models import NotificationPrefs
from app.timeutil import local_to_utc, to_local

PAUSE = timedelta(days=7)


def defaults(user_id: int, quiet_start: time = QUIET_START, quiet_end: time = QUIET_END) -> NotificationPrefs:
    """The (unsaved) preferences of someone who has not chosen their own, with their municipality's quiet hours."""
    return NotificationPrefs(
        user_id=user_id,
        muted_kinds="",
        quiet_enabled=True,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        remind_evening=True,
        remind_two_hours=True,
        paused_until=None,
    )


def _with_municipality_defaults(user_ids: list[int]) -> dict[int, NotificationPrefs]:
    """Saved rows, or defaults with the municipality's quiet hours, of the people who exist (one query)."""
    rows = db.session.execute(
        select(User.id, Municipality.default_quiet_start, Municipality.default_quiet_end, NotificationPrefs)
        .join(Municipality, Municipality.id == User.municipality_id)
        .outerjoin(NotificationPrefs, NotificationPrefs.user_id == User.id)
        .where(User.id.in_(user_ids))
    )
    return {uid: saved or defaults(uid, start, end) for uid, start, end, saved in rows}


def prefs_of(user_ids: list[int]) -> dict[int, NotificationPrefs]:
    """Everyone's preferences in one query; people without a row get the (unsaved) defaults."""
    found = _with_municipality_defaults(user_ids)
    return {uid: found.get(uid) or defaults(uid) for uid in user_ids}


def prefs_for_update(user_id: int) -> NotificationPrefs:
    """The saved row, created with the defaults if missing (for the settings page to change)."""
    row = _with_municipality_defaults([user_id]).get(user_id) or defaults(user_id)
    if row.id is None:
        db.session.add(row)
    return row


def in_quiet_hours(prefs: NotificationPrefs, moment: datetime) -> bool:
    if not prefs.quiet_enabled or prefs.quiet_start == prefs.quiet_end:
        return False
    clock = to_local(moment).time()
    start, end = prefs.quiet_start, prefs.quiet_end
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def quiet_hours_end(prefs: NotificationPrefs, moment: datetime) -> datetime:
    """When the quiet hours around `moment` end (the next local `quiet_end`), as UTC."""
    day = to_local(moment).date()
    candidate = local_to_utc(day, prefs.quiet_end)
    if candidate <= moment:
        candidate = local_to_utc(day + timedelta(days=1), prefs.quiet_end)
    return candidate


def send_at(prefs: NotificationPrefs, moment: datetime, *, urgent: bool) -> datetime:
    """When a push created at `moment` may go out: now, or (not urgent, quiet hours) when they end."""
    if urgent or not in_quiet_hours(prefs, moment):
        return moment
    return quiet_hours_end(prefs, moment)


def is_paused(prefs: NotificationPrefs, moment: datetime) -> bool:
    return prefs.paused_until is not None and prefs.paused_until > moment

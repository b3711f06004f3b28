"""A person's notification preferences: defaults, quiet hours and pausing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import NotificationPrefs
from app.timeutil import local_to_utc, to_local

PAUSE = timedelta(days=7)


def defaults(user_id: int) -> NotificationPrefs:
    return NotificationPrefs(
        user_id=user_id,
        muted_kinds="",
        quiet_enabled=True,
        quiet_start=time(21, 0),
        quiet_end=time(8, 0),
        remind_evening=True,
        remind_two_hours=True,
        paused_until=None,
    )


def prefs_of(user_ids: list[int]) -> dict[int, NotificationPrefs]:
    """Everyone's preferences in one query; people without a row get the (unsaved) defaults."""
    found = {
        p.user_id: p
        for p in db.session.scalars(select(NotificationPrefs).where(NotificationPrefs.user_id.in_(user_ids)))
    }
    return {uid: found.get(uid) or defaults(uid) for uid in user_ids}


def prefs_for_update(user_id: int) -> NotificationPrefs:
    """The saved row, created with the defaults if missing (for the settings page to change)."""
    row = db.session.scalar(select(NotificationPrefs).where(NotificationPrefs.user_id == user_id))
    if row is None:
        row = defaults(user_id)
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

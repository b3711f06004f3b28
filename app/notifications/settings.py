"""Saving a person's notification settings, and the devices they get push on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from flask import abort, g
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.accounts.auth import current_token
from app.accounts.models import LoginSession, User
from app.accounts.sessions import token_hash
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.extensions import db
from app.notifications.kinds import choices_for, is_muted
from app.notifications.models import Kind, NotificationPrefs, PushSubscription
from app.notifications.prefs import PAUSE, is_paused, prefs_for_update, prefs_of
from app.notifications.services import withdraw_for
from app.permissions import MAX_ID
from app.transaction import transactional


@dataclass(frozen=True)
class Choices:
    """What the settings form saves."""

    wanted: frozenset[str]  # kinds (of those the person may choose) to push; the others go to the inbox only
    remind_evening: bool
    remind_two_hours: bool
    quiet_enabled: bool
    quiet_start: time
    quiet_end: time


def current_prefs(user: User) -> NotificationPrefs:
    """The person's preferences (the defaults if never saved); reads only."""
    return prefs_of([user.id])[user.id]


@transactional
def save(user: User, choices: Choices) -> NotificationPrefs:
    """Store the settings. Kinds the person may not choose keep their old state. Raises DomainError. Commits."""
    if choices.quiet_enabled and choices.quiet_start == choices.quiet_end:
        raise DomainError("quiet_end", _("Quiet hours must end at another time than they start."))
    allowed = [kind.value for kind in choices_for(user.is_staff)]
    prefs = prefs_for_update(user.id)
    kept = prefs.muted - set(allowed)
    muted = kept | {kind for kind in allowed if kind not in choices.wanted}
    prefs.muted_kinds = ",".join(sorted(muted))
    prefs.remind_evening, prefs.remind_two_hours = choices.remind_evening, choices.remind_two_hours
    prefs.quiet_enabled = choices.quiet_enabled
    prefs.quiet_start, prefs.quiet_end = choices.quiet_start, choices.quiet_end
    withdraw_for(user.id, [kind for kind in Kind if is_muted(kind, muted)])  # also those already waiting
    return prefs


def wanted_kinds(user: User, prefs: NotificationPrefs) -> list[str]:
    return [kind.value for kind in choices_for(user.is_staff) if kind.value not in prefs.muted]


@transactional
def pause(user: User, now: datetime | None = None) -> datetime:
    """No push for a week from now (the inbox still fills up). Commits; returns when it ends."""
    prefs = prefs_for_update(user.id)
    prefs.paused_until = (now or utcnow()) + PAUSE
    withdraw_for(user.id, [kind for kind in Kind if kind is not Kind.TEST], now)  # also those already waiting
    return prefs.paused_until


@transactional
def resume(user: User) -> None:
    """End a pause. Commits."""
    prefs = prefs_for_update(user.id)
    prefs.paused_until = None


def paused_until(prefs: NotificationPrefs, now: datetime | None = None) -> datetime | None:
    return prefs.paused_until if is_paused(prefs, now or utcnow()) else None


def current_login_session_id() -> int | None:
    """The id of this device's open login session, if any (already known once the user is loaded)."""
    if "login_session_id" in g:
        return g.login_session_id
    token = current_token()
    if not token:
        return None
    return db.session.scalar(
        select(LoginSession.id).where(LoginSession.token_hash == token_hash(token), LoginSession.ended_at.is_(None))
    )


def owner_of_this_login() -> int | None:
    """Whose login session (open or ended) this device's cookie names, if any."""
    token = current_token()
    if not token:
        return None
    return db.session.scalar(select(LoginSession.user_id).where(LoginSession.token_hash == token_hash(token)))


def device_count(user: User) -> int:
    return db.session.execute(
        select(func.count(PushSubscription.id)).where(PushSubscription.user_id == user.id)
    ).scalar_one()


@transactional
def remove_device(user: User, subscription_id: int) -> None:
    """Remove one of `user`'s devices; 404 if it is not theirs. Commits."""
    row = db.session.get(PushSubscription, subscription_id) if 0 < subscription_id <= MAX_ID else None
    if row is None or row.user_id != user.id:
        abort(404)
    db.session.delete(row)


@transactional
def forget_ended_sessions(user_id: int) -> int:
    """Delete the person's push subscriptions whose login session has ended (logout, log out everywhere,
    password change), so a shared phone stops getting their notifications. Commits; returns how many."""
    ended = select(LoginSession.id).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_not(None))
    result = db.session.execute(
        delete(PushSubscription)
        .where(PushSubscription.user_id == user_id, PushSubscription.login_session_id.in_(ended))
        .execution_options(synchronize_session=False)
    )
    return affected_rows(result)


_BROWSERS = (
    ("Edg", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("HeadlessChrome", "Chrome"),
    ("Chrome", "Chrome"),
    ("Chromium", "Chromium"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def _first(user_agent: str, known: Iterable[tuple[str, str]]) -> str | None:
    return next((name for token, name in known if re.search(rf"\b{token}\b", user_agent)), None)


def device_label(user_agent: str) -> str:
    """A short, language-neutral name for a device, e.g. "Chrome, Android", from its User-Agent."""
    user_agent = (user_agent or "")[:500]
    parts = [part for part in (_first(user_agent, _BROWSERS), _first(user_agent, _SYSTEMS)) if part]
    return ", ".join(parts) or "?"

"""Creating notifications: one inbox row per person and one queued delivery per device, written in the
caller's transaction (the caller commits), so an event and its notifications land together or not at all.

Push respects each person's choices: a muted kind or a pause means inbox only; quiet hours delay a
non-urgent push until they end (it is not dropped).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import Select, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.db import affected_rows, utcnow
from app.extensions import db
from app.notifications.kinds import is_muted
from app.notifications.models import Delivery, DeliveryStatus, Kind, Notification, PushSubscription
from app.notifications.prefs import is_paused, prefs_of, send_at


def new_ref() -> str:
    return secrets.token_urlsafe(12)


UNREAD = "nw_unread"  # on g: the logged-in person's unread count (inbox.unread_count)


def forget_unread_count() -> None:
    """The count changed in this request (a notification added or read): the next unread_count() asks again."""
    if has_app_context():
        g.pop(UNREAD, None)


def notify(
    user_ids: Iterable[int],
    kind: Kind,
    *,
    url: str,
    object_id: int | None = None,
    urgent: bool = False,
    expires_at: datetime | None = None,
    dedupe: str | None = None,
    now: datetime | None = None,
    actor_id: int | None = None,
) -> list[Notification]:
    """Add a notification for each person (and a delivery per device of theirs). Does not commit.

    `actor_id` is who did it (the inbox names them when it is read; a push never does).

    With `dedupe`, a person who already has the notification `"{dedupe}:{user_id}"` gets nothing new, so
    repeating the call (a scheduler run twice, two workers at once) never notifies twice.
    """
    now = now or utcnow()
    ids = sorted(set(user_ids))
    if not ids:
        return []
    if dedupe:  # leave out, in one query, the people who already have it
        keys = {f"{dedupe}:{uid}": uid for uid in ids}
        done = set(db.session.scalars(select(Notification.dedupe_key).where(Notification.dedupe_key.in_(list(keys)))))
        ids = [uid for key, uid in keys.items() if key not in done]
        if not ids:
            return []
    prefs = prefs_of(ids)
    devices: dict[int, list[int]] = {}
    for sub_id, owner in db.session.execute(
        select(PushSubscription.id, PushSubscription.user_id).where(PushSubscription.user_id.in_(ids))
    ):
        devices.setdefault(owner, []).append(sub_id)
    made = []
    for user_id in ids:
        note = Notification(
            user_id=user_id,
            kind=kind,
            actor_id=actor_id,
            object_id=object_id,
            ref=new_ref(),
            url=url,
            urgent=urgent,
            expires_at=expires_at,
            created_at=now,
            dedupe_key=f"{dedupe}:{user_id}" if dedupe else None,
        )
        if dedupe and not _add_once(note):
            continue
        if not dedupe:
            db.session.add(note)
        made.append(note)
        mine = prefs[user_id]
        if is_muted(kind, mine.muted) or (kind is not Kind.TEST and is_paused(mine, now)):
            continue
        when = send_at(mine, now, urgent=urgent or kind is Kind.TEST)
        if expires_at is not None and when >= expires_at:
            continue  # it would only arrive after it stopped mattering; the inbox has it
        for sub_id in devices.get(user_id, []):
            db.session.add(Delivery(notification=note, subscription_id=sub_id, not_before=when, created_at=now))
    db.session.flush()
    if made:
        forget_unread_count()
    return made


def _add_once(note: Notification) -> bool:
    """Insert a deduplicated notification in a savepoint; False if another transaction just made it."""
    try:
        with db.session.begin_nested():
            db.session.add(note)
    except IntegrityError:
        return False
    return True


def withdraw(
    kinds: Kind | tuple[Kind, ...], object_id: int, user_ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Stop queued pushes of `kinds` about `object_id` (for everyone, or for `user_ids`). Does not commit.

    Used when the reason went away: an afbud, a cancelled meeting, a reflection made private. The inbox rows
    stay. A delivery a worker is sending right now (leased) is left to finish, so its outcome stays true.
    """
    kinds = (kinds,) if isinstance(kinds, Kind) else kinds
    notes = select(Notification.id).where(Notification.kind.in_(kinds), Notification.object_id == object_id)
    if user_ids is not None:
        notes = notes.where(Notification.user_id.in_(list(user_ids)))
    return _withdraw(notes, now or utcnow())


def withdraw_for(user_id: int, kinds: Iterable[Kind], now: datetime | None = None) -> int:
    """Stop a person's queued pushes of `kinds` (they muted them, or paused push). Does not commit."""
    notes = select(Notification.id).where(Notification.user_id == user_id, Notification.kind.in_(list(kinds)))
    return _withdraw(notes, now or utcnow())


def _withdraw(notes: Select, now: datetime) -> int:
    result = db.session.execute(
        update(Delivery)
        .where(
            Delivery.status == DeliveryStatus.QUEUED,
            or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
            Delivery.notification_id.in_(notes),
        )
        .values(status=DeliveryStatus.WITHDRAWN, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return affected_rows(result)

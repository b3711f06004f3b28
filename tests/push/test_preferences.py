"""Preferences decide what is pushed: a muted kind or a pause means inbox only — for new notifications and for
those already waiting (e.g. held by quiet hours); the test notification ignores both; a muted "moved" also
mutes "cancelled"."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from app.extensions import db as _db
from app.notifications import settings
from app.notifications.models import Delivery, DeliveryStatus, Kind, Notification
from app.notifications.prefs import prefs_for_update
from app.notifications.worker import run_once
from tests.factories import make_user
from tests.push.helpers import NOON, add_device, deliveries, send

LATER = NOON + timedelta(minutes=5)


def _choices(wanted: set[Kind]) -> settings.Choices:
    return settings.Choices(wanted=frozenset(k.value for k in wanted), remind_evening=True, remind_two_hours=True,
                            quiet_enabled=True, quiet_start=time(21), quiet_end=time(8))  # fmt: skip


def _inbox(user_id: int) -> list[Kind]:
    return list(_db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)))


def test_a_muted_kind_lands_in_the_inbox_only(db, pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    prefs_for_update(user.id).muted_kinds = "group_message,meeting_moved"
    db.session.commit()
    send([user], Kind.GROUP_MESSAGE)
    send([user], Kind.MEETING_CANCELLED)  # muted together with "moved"
    send([user], Kind.MEETING_REMINDER)
    send([user], Kind.TEST)  # asked for: never muted
    assert sorted(_inbox(user.id)) == sorted([Kind.GROUP_MESSAGE, Kind.MEETING_CANCELLED, Kind.MEETING_REMINDER,
                                              Kind.TEST])  # fmt: skip
    run_once(now=LATER)
    assert sorted(m.json()["kind"] for m in pushing.delivered("phone")) == ["meeting_reminder", "test"]


def test_a_pause_means_inbox_only_except_the_test_and_ends_by_itself(db, pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    settings.pause(user, now=NOON - timedelta(days=1))
    send([user], Kind.GROUP_MESSAGE)
    send([user], Kind.TEST)
    run_once(now=LATER)
    assert [m.json()["kind"] for m in pushing.delivered("phone")] == ["test"]
    send([user], Kind.GROUP_MESSAGE, now=NOON + timedelta(days=7))  # the week is over
    run_once(now=NOON + timedelta(days=7, minutes=5))
    assert [m.json()["kind"] for m in pushing.delivered("phone")] == ["test", "group_message"]


def test_muting_or_pausing_withdraws_pushes_already_waiting(db, pushing):
    muter, pauser = make_user(), make_user()
    add_device(pushing, muter, "muter")
    add_device(pushing, pauser, "pauser")
    evening = NOON.replace(hour=20)  # 21:00 in Copenhagen: held until 08:00
    send([muter, pauser], Kind.GROUP_MESSAGE, now=evening)
    send([muter], Kind.MEETING_REMINDER, now=evening, object_id=3)
    assert {d.status for d in deliveries()} == {DeliveryStatus.QUEUED}
    settings.save(muter, _choices({Kind.MEETING_REMINDER}))  # everything else unticked
    settings.pause(pauser, now=evening)
    run_once(now=NOON + timedelta(days=1))
    assert [m.json()["kind"] for m in pushing.delivered("muter")] == ["meeting_reminder"]
    assert pushing.delivered("pauser") == []
    statuses = sorted(d.status.value for d in db.session.scalars(select(Delivery)))
    assert statuses == ["sent", "withdrawn", "withdrawn"]

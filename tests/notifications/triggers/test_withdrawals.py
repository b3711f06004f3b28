"""A push still waiting is withdrawn when its news went stale: a cancellation after a move, a reflection made
private or deleted; one that a worker is sending right now is left alone; a new place keeps the reminders."""

from __future__ import annotations

from datetime import timedelta

from app.db import utcnow
from app.meetings import schedule
from app.notifications.models import Delivery, DeliveryStatus, Kind
from app.notifications.reminders import schedule_due
from app.notifications.services import notify, withdraw
from app.reflections import services as reflections
from app.reflections.models import Visibility
from tests.notifications.triggers.conftest import add_device, deliveries, statuses
from tests.notifications.triggers.test_hooks import move, soon


def test_a_cancellation_withdraws_a_moved_push_still_waiting(db, world):
    meeting = soon(db, world, 72)
    for person in world.members:
        add_device(db, person)
    move(world, meeting, hours=1)
    assert statuses(db, Kind.MEETING_MOVED) == [DeliveryStatus.QUEUED] * 3
    schedule.cancel_meeting(world.facilitator, meeting, "Sygdom")
    assert statuses(db, Kind.MEETING_MOVED) == [DeliveryStatus.WITHDRAWN] * 3
    assert statuses(db, Kind.MEETING_CANCELLED) == [DeliveryStatus.QUEUED] * 3


def test_a_second_move_withdraws_the_first_moved_push(db, world):
    meeting = soon(db, world, 72)
    add_device(db, world.members[0])
    move(world, meeting, hours=1)
    move(world, meeting, hours=1)
    assert statuses(db, Kind.MEETING_MOVED) == [DeliveryStatus.WITHDRAWN, DeliveryStatus.QUEUED]


def test_a_new_place_keeps_the_reminders_a_new_time_withdraws_them(db, world):
    meeting = soon(db, world, 1)  # inside the 2-hour reminder window
    add_device(db, world.members[0])
    assert schedule_due(utcnow()) >= 1
    move(world, meeting, place="Biblioteket")
    assert set(statuses(db, Kind.MEETING_REMINDER)) == {DeliveryStatus.QUEUED}
    move(world, meeting, hours=1)
    assert set(statuses(db, Kind.MEETING_REMINDER)) == {DeliveryStatus.WITHDRAWN}


def test_a_reflection_made_private_or_deleted_withdraws_its_pushes(db, world):
    author = world.members[0]
    add_device(db, world.facilitator)
    first = reflections.write(author, text="Første")
    reflections.share(author, first, Visibility.FACILITATORS, None)
    second = reflections.write(author, text="Anden")
    reflections.share(author, second, Visibility.FACILITATORS, None)
    assert statuses(db, Kind.REFLECTION_SHARED) == [DeliveryStatus.QUEUED] * 2
    reflections.share(author, first, Visibility.PRIVATE, None)
    reflections.remove(author, db.session.get(type(second), second.id))
    assert statuses(db, Kind.REFLECTION_SHARED) == [DeliveryStatus.WITHDRAWN] * 2


def test_a_delivery_being_sent_right_now_is_not_relabelled(db, world):
    person = world.members[0]
    add_device(db, person)
    add_device(db, person)
    notify([person.id], Kind.MEETING_REMINDER, url="/meetings", object_id=42)
    db.session.commit()
    leased, waiting = deliveries(db, Kind.MEETING_REMINDER)
    leased.lease_until, leased.worker = utcnow() + timedelta(minutes=1), "w1"
    db.session.commit()
    assert withdraw(Kind.MEETING_REMINDER, 42) == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Delivery, leased.id).status is DeliveryStatus.QUEUED
    assert db.session.get(Delivery, waiting.id).status is DeliveryStatus.WITHDRAWN

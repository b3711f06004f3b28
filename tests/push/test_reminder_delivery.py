"""Reminders end to end: the worker's round schedules them, quiet hours hold a push made at 21:30 until 08:00,
and then the local push service receives it (decrypted, VAPID verified) — without the event's title or place."""

from __future__ import annotations

from datetime import date, time, timedelta

from app.events.models import EventSignup
from app.extensions import db
from app.meetings.schedule import new_meeting
from app.notifications.models import DeliveryStatus, Kind
from app.notifications.worker import run_once
from app.timeutil import local_to_utc
from tests.factories import add_to_group, make_event, make_group, make_municipality, make_user
from tests.push.helpers import add_device, deliveries

EVENING = local_to_utc(date(2025, 1, 15), time(21, 30))  # in quiet hours (default 21:00–08:00)
MORNING = local_to_utc(date(2025, 1, 16), time(8, 0))


def test_an_event_reminder_made_at_2130_arrives_at_0800(pushing):
    town = make_municipality()
    person = make_user(municipality=town, language="en")
    event = make_event(town, title="Matchdag hos Roskilde Cykler", starts_at=local_to_utc(date(2025, 1, 16), time(12)))
    db.session.add(EventSignup(event_id=event.id, user_id=person.id))
    db.session.commit()
    add_device(pushing, person, "phone")

    assert run_once(now=EVENING, worker_id="w1")["reminders"] == 1
    [delivery] = deliveries()
    assert (delivery.status, delivery.not_before) == (DeliveryStatus.QUEUED, MORNING)
    assert run_once(now=MORNING - timedelta(seconds=1), worker_id="w1")["sent"] == 0
    assert pushing.messages == []

    counts = run_once(now=MORNING, worker_id="w1")
    assert (counts["reminders"], counts["sent"]) == (0, 1)
    [message] = pushing.delivered("phone")
    assert message.json()["kind"] == Kind.EVENT_REMINDER.value
    assert b"Matchdag" not in message.payload and b"Jobcentret" not in message.payload
    assert deliveries()[0].status is DeliveryStatus.SENT


def test_meeting_reminders_through_the_worker_each_once_and_none_after_the_start(pushing):
    town = make_municipality()
    group = make_group(town, start=time(10))
    person = make_user(municipality=town, language="en")
    add_to_group(group, person, joined_at=local_to_utc(date(2024, 1, 1), time(9)))
    meeting = new_meeting(group, date(2025, 1, 16))  # Thursday 10:00 CET
    db.session.add(meeting)
    db.session.commit()
    add_device(pushing, person, "phone")

    evening = local_to_utc(date(2025, 1, 15), time(18))
    for minutes in (0, 1, 5):
        run_once(now=evening + timedelta(minutes=minutes), worker_id="w1")
    two_hours = meeting.starts_at - timedelta(hours=2)
    for minutes in (0, 1, 5):
        run_once(now=two_hours + timedelta(minutes=minutes), worker_id="w1")
    run_once(now=meeting.starts_at + timedelta(minutes=1), worker_id="w1")
    assert [m.json()["kind"] for m in pushing.delivered("phone")] == [Kind.MEETING_REMINDER.value] * 2
